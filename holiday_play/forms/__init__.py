from .desk import AnimatorsForm, CheckOutForm, DeskBookingForm
from .holiday_import import ConfirmImportForm, HolidayFileForm, sign_periods

__all__ = ["AnimatorsForm", "CheckOutForm", "ConfirmImportForm", "DeskBookingForm", "HolidayFileForm", "sign_periods"]
