from .bookings import Booking
from .children import ChildContact, ChildProfile
from .pages import AgeGroup, PlaygroundPage
from .periods import HolidayPeriod

__all__ = ["AgeGroup", "Booking", "ChildContact", "ChildProfile", "HolidayPeriod", "PlaygroundPage"]
