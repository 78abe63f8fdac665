"""A playground's figures for the annual report: plain reads, no views.

Five queries whatever the number of playgrounds, play days, children or
bookings: the play days, the age groups, the school holidays, the bookings
and the present marks. The bookings are one row per child and play day,
with its age group and tariff, and are counted here with the present marks:
the totals, per play day and age group, per age group and per school
holiday. One read of each instead of one per grouping. The school holiday
of a row is its play day's, told here once per play day.

What the words mean here:

- a *play day held* went ahead (not cancelled) and is not after today;
- a child *attended* a play day when it has a confirmed booking for it and a
  present mark (checked in at the desk): a child counts in the age group of
  its booking. Walk-ins are booked at the desk, so they count too; a day
  counts once per child, whoever brought it;
- *booked days* are the confirmed bookings of the play days held; the
  *share on the social tariff* is the part of those booked at that tariff;
- a *meal served* is an attended day booked with a meal;
- the *waiting list* counts the bookings of play days held that were still
  waiting on the day (the child never got a place), and the bookings that got
  a place from the waiting list.

Counts of children from 1 to 4 (and averages under 5) are shown as "< 5"
outside the admin's own screens (programmes.figures.suppress).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from holiday_play.models import AgeGroup, Booking, PlaygroundPage
from programmes.figures import as_returned, held_through
from programmes.models import Attendance, Session
from programmes.report_sections import Row, Section

CONFIRMED = Booking.Status.CONFIRMED
WAITING = Booking.Status.WAITING
SOCIAL = Booking.Tariff.SOCIAL
WALK_IN = Booking.Source.WALK_IN


@dataclass
class GroupFigures:
    """One age group over the play days held."""

    age_group_id: int | None
    name: str
    capacity: int | None = None
    children: int = 0
    days_attended: int = 0
    # {play day id: children present}, only days with any.
    per_day: dict = field(default_factory=dict)
    play_days: int = 0

    @property
    def average(self):
        return round(self.days_attended / self.play_days, 1) if self.play_days else None

    @property
    def highest(self):
        return max(self.per_day.values(), default=0) if self.play_days else None

    @property
    def occupancy_percent(self):
        """Places used, out of every place offered on the play days held."""
        if not self.play_days or not self.capacity:
            return None
        return round(self.days_attended * 100 / (self.play_days * self.capacity), 1)


@dataclass
class PeriodFigures:
    """One school holiday (the part of it in the report's period), or the
    play days outside any (period_id None)."""

    period_id: int | None
    name: str
    first_day: datetime.date | None = None
    last_day: datetime.date | None = None
    play_days: int = 0
    children: int = 0
    days_attended: int = 0


@dataclass
class PlaygroundFigures:
    playground_id: int
    title: str
    first: datetime.date
    last: datetime.date
    play_days_held: int = 0
    play_days_cancelled: int = 0
    children: int = 0
    days_attended: int = 0
    average_per_day: float | None = None
    highest_per_day: int | None = None
    booked_days: int = 0
    booked_not_attended: int = 0
    social_days: int = 0
    social_children: int = 0
    walk_ins: int = 0
    meals: int = 0
    waiting_days: int = 0
    waiting_children: int = 0
    promoted_days: int = 0
    by_group: list = field(default_factory=list)
    by_period: list = field(default_factory=list)
    # {play day id: date} of the play days held, in date order.
    held_days: dict = field(default_factory=dict)

    @property
    def per_day(self):
        """[(date, [children present per age group], total)] for every play day held."""
        rows = []
        for day, date in self.held_days.items():
            counts = [group.per_day.get(day, 0) for group in self.by_group]
            rows.append((date, counts, sum(counts)))
        return rows

    @property
    def social_percent(self):
        return round(self.social_days * 100 / self.booked_days, 1) if self.booked_days else None


def playgrounds_figures(playgrounds, first, last, *, today=None):
    """{playground id: PlaygroundFigures} for the period: the same five
    queries for one playground or twenty."""
    today = today or timezone.localdate()
    end = min(last, today)
    results = {
        playground.pk: PlaygroundFigures(playground.pk, playground.title, first, last) for playground in playgrounds
    }
    ids = list(results)
    held = _held_days(results, first, last, end)
    groups = {pk: {} for pk in ids}
    for group in AgeGroup.objects.filter(page_id__in=ids):
        groups[group.page_id][group.pk] = GroupFigures(
            group.pk, group.name, group.capacity, play_days=len(held[group.page_id])
        )
    periods = _periods(ids, first, last)
    outside = {pk: PeriodFigures(None, _("Other play days")) for pk in ids}
    # {play day id: its school holiday}: the first of its playground's that holds the day.
    period_of = {}
    for pk, days in held.items():
        for day, date in days.items():
            period_of[day] = next((p for p in periods[pk] if p.first_day <= date <= p.last_day), outside[pk])
            period_of[day].play_days += 1

    per_day_totals = _count(_bookings(ids, first, end), _present(ids, first, end), results, groups, held, period_of)
    for pk, result in results.items():
        result.play_days_held = len(held[pk])
        result.held_days = dict(sorted(held[pk].items(), key=lambda item: item[1]))
        result.by_group = list(groups[pk].values())
        result.by_period = [p for p in periods[pk] if p.play_days] + ([outside[pk]] if outside[pk].play_days else [])
        if held[pk]:
            result.average_per_day = round(result.days_attended / len(held[pk]), 1)
            result.highest_per_day = max(per_day_totals[pk].values(), default=0)
    return results


def _count(bookings, present, results, groups, held, period_of):
    """Counts the bookings into the results' totals, the age groups' and
    the school holidays' (and the other days') days and children; returns
    {playground id: {play day id: children present}}. A child counts once
    per age group and once per holiday, however many days it came. A row
    only adds itself to a counter and two sets: everything else is added
    up from those, per day and age group, not per booking."""
    social_children, waiting_children = defaultdict(set), defaultdict(set)
    # (playground, play day, age group): children present; the children per group and per day.
    attended, group_children, day_children = defaultdict(int), defaultdict(set), defaultdict(set)
    rows = bookings.annotate(meal_served=as_returned("meal"), promoted=as_returned("promoted_at")).values_list(
        "play_day__programme_id",
        "play_day_id",
        "age_group_id",
        "child_id",
        "status",
        "tariff",
        "source",
        "meal_served",
        "promoted",
    )
    for pk, day, group_id, child, status, tariff, source, meal, promoted in rows.order_by():
        result = results[pk]
        if status == WAITING:
            result.waiting_days += 1
            waiting_children[pk].add(child)
            continue
        result.booked_days += 1
        if tariff == SOCIAL:
            result.social_days += 1
            social_children[pk].add(child)
        if promoted:
            result.promoted_days += 1
        if (day, child) in present:
            result.walk_ins += source == WALK_IN
            result.meals += bool(meal)
            attended[pk, day, group_id] += 1
            group_children[pk, group_id].add(child)
            day_children[day].add(child)

    per_day_totals = {pk: defaultdict(int) for pk in results}
    for (pk, day, group_id), count in attended.items():
        group = _group(groups[pk], group_id, len(held[pk]))
        group.per_day[day] = count
        group.days_attended += count
        per_day_totals[pk][day] += count
        period_of[day].days_attended += count
        results[pk].days_attended += count
    children, period_children = defaultdict(set), defaultdict(set)
    for (pk, group_id), group in group_children.items():
        groups[pk][group_id].children = len(group)
        children[pk] |= group
    for pk, days in held.items():
        for day in days:
            period_children[pk, period_of[day].period_id] |= day_children.get(day, set())
        for day in days:
            period_of[day].children = len(period_children[pk, period_of[day].period_id])
    for pk, result in results.items():
        result.booked_not_attended = result.booked_days - result.days_attended
        result.children = len(children[pk])
        result.social_children = len(social_children[pk])
        result.waiting_children = len(waiting_children[pk])
    return per_day_totals


def _held_days(results, first, last, end):
    """{playground id: {play day id: date}} of the play days held; counts the
    cancelled ones on the results on the way."""
    held = {pk: {} for pk in results}
    for programme_id, pk, day, status in Session.objects.filter(
        programme_id__in=list(results), local_date__range=(first, last)
    ).values_list("programme_id", "pk", "local_date", "status"):
        if day > end:
            continue  # still to come
        if status == Session.Status.CANCELLED:
            results[programme_id].play_days_cancelled += 1
        else:
            held[programme_id][pk] = day
    return held


def _periods(ids, first, last):
    """{playground id: [PeriodFigures]}: its school holidays in the report's
    period, cut to it, in order. A holiday two playgrounds share gets a row
    on each."""
    periods = {pk: [] for pk in ids}
    for link in (
        PlaygroundPage.periods.through.objects.filter(
            playgroundpage_id__in=ids, holidayperiod__first_day__lte=last, holidayperiod__last_day__gte=first
        )
        .select_related("holidayperiod")
        .order_by("holidayperiod__first_day", "holidayperiod_id")
    ):
        period = link.holidayperiod
        periods[link.playgroundpage_id].append(
            PeriodFigures(period.pk, period.name, max(period.first_day, first), min(period.last_day, last))
        )
    return periods


def _bookings(ids, first, end):
    """Confirmed and waiting bookings of the play days held."""
    return Booking.objects.filter(held_through("play_day__", ids, end, first), status__in=(CONFIRMED, WAITING))


def _present(ids, first, end):
    """{(play day id, child id)} of the children checked in on the play days
    held. Read apart from the bookings, not joined to each: PostgreSQL then
    looked each booking's mark up among all of the child's marks (9 ms for a
    town's playground year; 3 ms for the two reads)."""
    return set(
        Attendance.objects.filter(held_through("session__", ids, end, first), status=Attendance.Status.PRESENT)
        .values_list("session_id", "person_id")
        .order_by()
    )


def _group(groups, pk, play_days):
    """The group of a booking; bookings whose age group was deleted since go
    together under one row."""
    if pk not in groups:
        groups[pk] = GroupFigures(pk, _("Age group removed"), play_days=play_days)
    return groups[pk]


def _percent(value):
    return "–" if value is None else f"{number_format(value)} %"


ALL = frozenset(range(10))


def report_sections_for(playgrounds, first, last, *, today=None):
    """{playground id: [Section]}: the playgrounds' figures as tables for the
    reports (programmes.report_sections), from one `playgrounds_figures`."""
    return {
        pk: _sections(figures) for pk, figures in playgrounds_figures(playgrounds, first, last, today=today).items()
    }


def _sections(figures):
    title = figures.title
    # The page's id in the keys: two playgrounds in one report keep their own table ids.
    key = f"playground-{figures.playground_id}"
    key_figures = Section(
        title=_("%(playground)s: play days, bookings and meals") % {"playground": title},
        headings=[_("Figure"), _("Number")],
        key=f"{key}-key",
        rows=[
            Row(_("Play days held"), [figures.play_days_held]),
            Row(_("Play days cancelled"), [figures.play_days_cancelled]),
            Row(_("Different children"), [figures.children], ALL),
            Row(_("Days attended"), [figures.days_attended], ALL),
            Row(_("Average children per play day"), [figures.average_per_day], ALL),
            Row(_("Most children on one play day"), [figures.highest_per_day], ALL),
            Row(_("Booked days"), [figures.booked_days], ALL),
            Row(_("Booked days not attended"), [figures.booked_not_attended], ALL),
            Row(_("Booked days on the social tariff"), [figures.social_days], ALL),
            Row(_("Share of booked days on the social tariff"), [_percent(figures.social_percent)]),
            Row(_("Children on the social tariff"), [figures.social_children], ALL),
            Row(_("Children who walked in on the day (days)"), [figures.walk_ins], ALL),
            Row(_("Meals served"), [figures.meals], ALL),
            Row(_("Booked days left on the waiting list"), [figures.waiting_days], ALL),
            Row(_("Children on a waiting list"), [figures.waiting_children], ALL),
            Row(_("Places given from the waiting list"), [figures.promoted_days], ALL),
        ],
    )
    per_group = Section(
        title=_("%(playground)s: per age group") % {"playground": title},
        headings=[
            _("Age group"),
            _("Play days"),
            _("Different children"),
            _("Days attended"),
            _("Average children per day"),
            _("Most children on one day"),
            _("Places used"),
        ],
        key=f"{key}-groups",
        rows=[
            Row(
                group.name,
                [
                    group.play_days,
                    group.children,
                    group.days_attended,
                    group.average,
                    group.highest,
                    _percent(group.occupancy_percent),
                ],
                frozenset({1, 2, 3, 4}),
            )
            for group in figures.by_group
        ],
    )
    per_period = Section(
        title=_("%(playground)s: per school holiday") % {"playground": title},
        headings=[_("School holiday"), _("Play days"), _("Different children"), _("Days attended")],
        key=f"{key}-holidays",
        rows=[
            Row(
                _period_label(period),
                [period.play_days, period.children, period.days_attended],
                frozenset({1, 2}),
            )
            for period in figures.by_period
        ],
    )
    # date_format(day, "D j/m/Y") per play day, its weekday names translated
    # once: formatting a summer of days took as long as counting them.
    weekdays = [str(WEEKDAYS_ABBR[number]) for number in range(7)]
    per_day = Section(
        title=_("%(playground)s: children per play day") % {"playground": title},
        headings=[_("Play day"), *(group.name for group in figures.by_group), _("Total")],
        key=f"{key}-days",
        rows=[
            Row(f"{weekdays[day.weekday()]} {day.day}/{day:%m/%Y}", [*counts, total], frozenset(range(len(counts) + 1)))
            for day, counts, total in figures.per_day
        ],
    )
    return [key_figures, per_group, per_period, per_day]


def _period_label(period):
    if period.period_id is None:
        return period.name
    return f"{period.name} ({period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y})"
