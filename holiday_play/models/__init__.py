from .periods import HolidayPeriod

__all__ = ["HolidayPeriod"]
