from .desk import AnimatorsForm, CheckOutForm, ChildSearchForm, DeskBookingForm
from .holiday_import import ConfirmImportForm, HolidayFileForm, sign_periods

__all__ = [
    "AnimatorsForm",
    "CheckOutForm",
    "ChildSearchForm",
    "ConfirmImportForm",
    "DeskBookingForm",
    "HolidayFileForm",
    "sign_periods",
]
