"""School holidays from an .ics file (the Flemish government and most school
boards publish one): read it, say what would change, then apply it.

Every event becomes a period from its first to its last day (an all-day
DTEND is exclusive). The event's UID is the key: importing the same file
again changes nothing, and an event whose dates moved updates its period.
"""

import datetime
from dataclasses import asdict, dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from icalendar import Calendar

from holiday_play.models import HolidayPeriod
from holiday_play.models.periods import school_year_of
from programmes.errors import ProgrammeError

MAX_BYTES = 1_000_000
MAX_EVENTS = 500
MAX_DAYS = 100
NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"


class HolidayImportError(ProgrammeError):
    """Codes: empty, too_big, not_ics, no_events, too_many."""


@dataclass(frozen=True)
class ImportedPeriod:
    uid: str
    name: str
    first_day: datetime.date
    last_day: datetime.date

    def as_data(self):
        data = asdict(self)
        data.update(first_day=self.first_day.isoformat(), last_day=self.last_day.isoformat())
        return data

    @classmethod
    def from_data(cls, data):
        return cls(
            uid=data["uid"],
            name=data["name"],
            first_day=datetime.date.fromisoformat(data["first_day"]),
            last_day=datetime.date.fromisoformat(data["last_day"]),
        )


@dataclass(frozen=True)
class Change:
    period: ImportedPeriod
    action: str


def read_ics(content):
    """(periods, skipped event summaries) from the bytes of an .ics file."""
    if not content:
        raise HolidayImportError(_("The file is empty."), code="empty")
    if len(content) > MAX_BYTES:
        raise HolidayImportError(
            _("The file is larger than 1 MB: this is not a school-holiday calendar."), code="too_big"
        )
    try:
        calendar = Calendar.from_ical(content)
    except (ValueError, IndexError, KeyError, UnicodeDecodeError) as error:
        raise HolidayImportError(_("This is not a calendar file (.ics)."), code="not_ics") from error
    periods, skipped = [], []
    for event in calendar.walk("VEVENT"):
        summary = str(event.get("SUMMARY", "")).strip()[:100] or _("School holiday")
        period = _period(event, summary)
        if period is None:
            skipped.append(summary)
        else:
            periods.append(period)
    if not periods:
        raise HolidayImportError(_("The file has no holidays with a first and a last day."), code="no_events")
    if len(periods) > MAX_EVENTS:
        raise HolidayImportError(
            _("The file has more than 500 events: this is not a school-holiday calendar."), code="too_many"
        )
    return sorted(periods, key=lambda period: period.first_day), skipped


def _period(event, summary):
    start = event.get("DTSTART")
    if start is None or "RRULE" in event:
        return None
    first = _as_date(start.dt)
    end = event.get("DTEND")
    if end is not None:
        # An all-day event ends the day before DTEND; a timed one on its own day.
        last = (
            _as_date(end.dt) - datetime.timedelta(days=1)
            if not isinstance(end.dt, datetime.datetime)
            else end.dt.date()
        )
    elif event.get("DURATION") is not None:
        last = first + event.get("DURATION").dt - datetime.timedelta(days=1)
    else:
        last = first
    last = max(last, first)
    if (last - first).days > MAX_DAYS:
        return None
    uid = str(event.get("UID", "")).strip()[:255] or f"{first.isoformat()}/{summary}"
    return ImportedPeriod(uid=uid, name=summary, first_day=first, last_day=last)


def _as_date(value):
    return value.date() if isinstance(value, datetime.datetime) else value


def changes(periods):
    """What importing `periods` would do, period by period."""
    existing = HolidayPeriod.objects.in_bulk([period.uid for period in periods], field_name="uid")
    result = []
    for period in periods:
        current = existing.get(period.uid)
        if current is None:
            action = NEW
        elif (current.name, current.first_day, current.last_day) == (period.name, period.first_day, period.last_day):
            action = UNCHANGED
        else:
            action = CHANGED
        result.append(Change(period, action))
    return result


@transaction.atomic
def apply(periods):
    """Create and update the periods; returns the changes made."""
    made = [change for change in changes(periods) if change.action != UNCHANGED]
    for change in made:
        period = change.period
        HolidayPeriod.objects.update_or_create(
            uid=period.uid,
            defaults={
                "name": period.name,
                "first_day": period.first_day,
                "last_day": period.last_day,
                "school_year": school_year_of(period.first_day),
            },
        )
    return made
