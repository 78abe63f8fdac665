from .pages import AgeGroup, PlaygroundPage
from .periods import HolidayPeriod

__all__ = ["AgeGroup", "HolidayPeriod", "PlaygroundPage"]
