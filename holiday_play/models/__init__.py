from .bookings import Booking
from .pages import AgeGroup, PlaygroundPage
from .periods import HolidayPeriod

__all__ = ["AgeGroup", "Booking", "HolidayPeriod", "PlaygroundPage"]
