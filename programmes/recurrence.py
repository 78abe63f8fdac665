"""Schedule presets as RFC 5545 recurrence rules, and the dates they produce.

Pure functions over a rule's fields. Rules are floating local times (no UTC
instants): the dates come out as local dates and the session's start is the
local date at the rule's local start time, so 9:00 stays 9:00 across DST.
"""

import datetime

from dateutil.rrule import rrulestr
from django.utils.translation import gettext_lazy as _

from programmes import holidays

WEEKDAYS = [
    ("MO", _("Monday")),
    ("TU", _("Tuesday")),
    ("WE", _("Wednesday")),
    ("TH", _("Thursday")),
    ("FR", _("Friday")),
    ("SA", _("Saturday")),
    ("SU", _("Sunday")),
]
MONTHS = [
    (str(number), name)
    for number, name in enumerate(
        [
            _("January"),
            _("February"),
            _("March"),
            _("April"),
            _("May"),
            _("June"),
            _("July"),
            _("August"),
            _("September"),
            _("October"),
            _("November"),
            _("December"),
        ],
        start=1,
    )
]
WORKDAYS = "MO,TU,WE,TH,FR"


def parse_dates(text):
    """Dates written one per line (or separated by commas) as YYYY-MM-DD."""
    dates = []
    for part in str(text or "").replace(",", "\n").split():
        try:
            dates.append(datetime.date.fromisoformat(part.strip()))
        except ValueError:
            raise ValueError(part.strip()) from None
    return sorted(set(dates))


def _split(value):
    """Codes from "MO,WE" or ["MO", "WE"]."""
    if isinstance(value, list | tuple | set):
        return [str(item) for item in value]
    return [part for part in str(value or "").split(",") if part]


def build_rrule(rule):
    """The RRULE (without DTSTART) that a rule's preset describes; empty for one-off dates."""
    if rule.preset == "one_off":
        return ""
    if rule.preset == "weekly":
        parts = ["FREQ=WEEKLY", f"BYDAY={','.join(_split(rule.weekdays))}"]
    elif rule.preset == "monthly":
        byday = [f"{nth}{day}" for nth in _split(rule.nths) for day in _split(rule.weekdays)]
        parts = ["FREQ=MONTHLY", f"BYDAY={','.join(byday)}"]
    elif rule.preset == "weekdays_between":
        parts = ["FREQ=DAILY", f"BYDAY={WORKDAYS}"]
    else:
        raise ValueError(f"Unknown preset {rule.preset!r}")
    excluded_months = {int(m) for m in _split(rule.excluded_months)}
    if excluded_months:
        parts.append("BYMONTH=" + ",".join(str(m) for m in range(1, 13) if m not in excluded_months))
    if rule.last_date:
        parts.append(f"UNTIL={rule.last_date:%Y%m%d}T235959")
    return ";".join(parts)


def occurrence_dates(rule, start, end):
    """The local dates in [start, end] on which the rule has a session."""
    if rule.preset == "one_off":
        dates = [d for d in parse_dates(rule.dates) if start <= d <= end]
    else:
        dtstart = datetime.datetime.combine(rule.first_date, rule.start_time)
        recurrence = rrulestr(rule.rrule or build_rrule(rule), dtstart=dtstart)
        window_start = datetime.datetime.combine(max(start, rule.first_date), datetime.time.min)
        window_end = datetime.datetime.combine(end, datetime.time.max)
        dates = [moment.date() for moment in recurrence.between(window_start, window_end, inc=True)]
    skipped = set(parse_dates(rule.excluded_dates))
    if rule.skip_school_holidays and dates:
        skipped |= holidays.school_holidays(dates[0], dates[-1])
    return [d for d in dates if d not in skipped]
