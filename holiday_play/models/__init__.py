from .bookings import AnimatorCount, Booking
from .children import ChildContact, ChildProfile
from .pages import AgeGroup, PlaygroundPage
from .periods import HolidayPeriod
from .settings import PlaygroundSettings
from .signals import Signal

__all__ = [
    "AgeGroup",
    "AnimatorCount",
    "Booking",
    "ChildContact",
    "ChildProfile",
    "HolidayPeriod",
    "PlaygroundPage",
    "PlaygroundSettings",
    "Signal",
]
