"""The school holidays programmes asks for (programmes.holidays): every day
of the holiday periods in a date range."""

from holiday_play.models import HolidayPeriod


def school_holidays(start, end):
    days = set()
    for period in HolidayPeriod.objects.overlapping(start, end):
        days.update(day for day in period.days() if start <= day <= end)
    return days
