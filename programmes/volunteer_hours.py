"""Volunteer hours per calendar year: per volunteer, for the administration
of the volunteer allowance, and per programme, for the annual report. Plain
reads, no views.

What counts:

- a shift belongs to the year of its session's date (Europe/Brussels), and
  to that session's programme;
- a sign-up counts once the coordinator recorded it: "came" (with the hours
  worked) or "did not come". Sign-ups still open, confirmed or cancelled are
  left out, and so are hours written on a "did not come";
- a *day* is a date on which the volunteer came to at least one shift, in
  any of the programmes asked for: the Belgian volunteer allowance has a
  ceiling per day as well as per year. No amounts are computed here.

Each table is one grouped query, whatever the number of volunteers or
shifts; the totals are added up from the per-volunteer rows, where a
volunteer who came to several programmes counts once.

Whoever may see these rows decides which programmes to pass: a coordinator
only those they coordinate (views/volunteer_hours.py).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, Sum

from programmes.models import ShiftAssignment

FIRST_YEAR = 2000
LAST_YEAR = 2100

CAME = ShiftAssignment.Status.CAME
NO_SHOW = ShiftAssignment.Status.NO_SHOW


@dataclass
class VolunteerHours:
    """One volunteer's year, in the programmes asked for."""

    volunteer_id: int
    name: str
    shifts_came: int
    no_shows: int
    hours: Decimal
    days: int


@dataclass
class ProgrammeHours:
    """One programme's year (or, with `programme_id` None, the totals)."""

    programme_id: int | None
    title: str
    volunteers: int = 0
    shifts_came: int = 0
    no_shows: int = 0
    hours: Decimal = Decimal("0.00")


@dataclass
class HoursReport:
    year: int
    volunteers: list
    programmes: list
    totals: ProgrammeHours


def recorded_assignments(programme_ids, year):
    """The sign-ups recorded as came or did not come, at sessions of
    `programme_ids` in `year`. The date range (not `__year`) lets the index
    on the session's date do the work."""
    return ShiftAssignment.objects.filter(
        status__in=(CAME, NO_SHOW),
        shift__session__programme_id__in=programme_ids,
        shift__session__local_date__gte=datetime.date(year, 1, 1),
        shift__session__local_date__lte=datetime.date(year, 12, 31),
    )


def _totals():
    came = Q(status=CAME)
    return {
        "shifts_came": Count("pk", filter=came),
        "no_shows": Count("pk", filter=Q(status=NO_SHOW)),
        "hours_worked": Sum("hours", filter=came),
    }


def _name(first_name, last_name, username):
    # As Volunteer.__str__, without loading the volunteers and their users.
    return f"{first_name} {last_name}".strip() or username


def volunteer_rows(programme_ids, year):
    """One row per volunteer with a recorded shift, ordered by name (one query)."""
    rows = (
        recorded_assignments(programme_ids, year)
        .values(
            "volunteer_id",
            first_name=F("volunteer__user__first_name"),
            last_name=F("volunteer__user__last_name"),
            username=F("volunteer__user__username"),
        )
        .annotate(**_totals(), days=Count("shift__session__local_date", distinct=True, filter=Q(status=CAME)))
        .order_by("first_name", "last_name", "volunteer_id")
    )
    return [
        VolunteerHours(
            volunteer_id=row["volunteer_id"],
            name=_name(row["first_name"], row["last_name"], row["username"]),
            shifts_came=row["shifts_came"],
            no_shows=row["no_shows"],
            hours=_hours(row["hours_worked"]),
            days=row["days"],
        )
        for row in rows
    ]


def programme_rows(programmes, year):
    """One row per programme with a recorded shift, in the order of
    `programmes` (pages, or anything with `pk` and `title`): one query."""
    titles = {programme.pk: programme.title for programme in programmes}
    rows = {
        row["programme_id"]: row
        for row in recorded_assignments(list(titles), year)
        .values(programme_id=F("shift__session__programme_id"))
        .annotate(**_totals(), volunteers=Count("volunteer_id", distinct=True, filter=Q(status=CAME)))
        .order_by()
    }
    return [
        ProgrammeHours(
            programme_id=pk,
            title=title,
            volunteers=rows[pk]["volunteers"],
            shifts_came=rows[pk]["shifts_came"],
            no_shows=rows[pk]["no_shows"],
            hours=_hours(rows[pk]["hours_worked"]),
        )
        for pk, title in titles.items()
        if pk in rows
    ]


def totals(volunteers, title=""):
    """The totals of per-volunteer rows: each volunteer who came counts once."""
    total = ProgrammeHours(None, title)
    for row in volunteers:
        total.volunteers += 1 if row.shifts_came else 0
        total.shifts_came += row.shifts_came
        total.no_shows += row.no_shows
        total.hours += row.hours
    return total


def hours_report(programmes, year, *, total_title=""):
    """Both tables and the totals for `programmes` in `year`: two queries."""
    programmes = list(programmes)
    volunteers = volunteer_rows([programme.pk for programme in programmes], year)
    return HoursReport(
        year=year,
        volunteers=volunteers,
        programmes=programme_rows(programmes, year),
        totals=totals(volunteers, total_title),
    )


def _hours(value):
    return (value or Decimal(0)).quantize(Decimal("0.01"))
