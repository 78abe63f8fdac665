"""A playground's figures for the annual report: plain reads, no views.

Seven queries whatever the number of play days, children or bookings: the
play days, the age groups, the school holidays, then four aggregates over the
bookings (per play day and age group, per age group, per school holiday, and
the totals). The per-day query returns one row per play day and age group at
most: the highest number of children on one day needs them.

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
from dataclasses import dataclass, field

from django.db.models import Case, Count, F, FilteredRelation, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from holiday_play.models import Booking
from programmes.models import Attendance, Session
from programmes.report_sections import Row, Section

CONFIRMED = Booking.Status.CONFIRMED
WAITING = Booking.Status.WAITING


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

    @property
    def social_percent(self):
        return round(self.social_days * 100 / self.booked_days, 1) if self.booked_days else None


def playground_figures(playground, first, last, *, today=None):
    today = today or timezone.localdate()
    end = min(last, today)
    result = PlaygroundFigures(playground.pk, playground.title, first, last)

    held = {}  # play day id: date
    for pk, day, status in Session.objects.filter(
        programme_id=playground.pk, local_date__range=(first, last)
    ).values_list("pk", "local_date", "status"):
        if day > end:
            continue  # still to come
        if status == Session.Status.CANCELLED:
            result.play_days_cancelled += 1
        else:
            held[pk] = day
    result.play_days_held = len(held)

    groups = {
        group.pk: GroupFigures(group.pk, group.name, group.capacity, play_days=len(held))
        for group in playground.age_groups.all()
    }
    periods = [
        PeriodFigures(period.pk, period.name, max(period.first_day, first), min(period.last_day, last))
        for period in playground.periods.filter(first_day__lte=last, last_day__gte=first).order_by("first_day")
    ]
    outside = PeriodFigures(None, _("Other play days"))
    for day in held.values():
        period = next((p for p in periods if p.first_day <= day <= p.last_day), outside)
        period.play_days += 1

    bookings = _bookings(playground, first, end)
    attended = bookings.filter(status=CONFIRMED, present__isnull=False)

    per_day_totals = {}
    for row in attended.values("play_day_id", "age_group_id").annotate(n=Count("pk")).order_by():
        group = _group(groups, row["age_group_id"], len(held))
        group.per_day[row["play_day_id"]] = row["n"]
        group.days_attended += row["n"]
        per_day_totals[row["play_day_id"]] = per_day_totals.get(row["play_day_id"], 0) + row["n"]
    for row in attended.values("age_group_id").annotate(children=Count("child_id", distinct=True)).order_by():
        _group(groups, row["age_group_id"], len(held)).children = row["children"]
    result.by_group = list(groups.values())

    if periods:
        in_period = Case(
            *(When(play_day__local_date__range=(p.first_day, p.last_day), then=Value(p.period_id)) for p in periods),
            default=None,
            output_field=IntegerField(),
        )
        by_period = {p.period_id: p for p in periods}
        for row in (
            attended.annotate(period=in_period)
            .values("period")
            .annotate(children=Count("child_id", distinct=True), days=Count("pk"))
            .order_by()
        ):
            period = by_period.get(row["period"], outside)
            period.children, period.days_attended = row["children"], row["days"]
    else:
        totals = attended.aggregate(children=Count("child_id", distinct=True), days=Count("pk"))
        outside.children, outside.days_attended = totals["children"], totals["days"]
    result.by_period = [p for p in periods if p.play_days] + ([outside] if outside.play_days else [])

    confirmed = Q(status=CONFIRMED)
    present = confirmed & Q(present__isnull=False)
    social = confirmed & Q(tariff=Booking.Tariff.SOCIAL)
    totals = bookings.aggregate(
        booked=Count("pk", filter=confirmed),
        attended=Count("pk", filter=present),
        children=Count("child_id", distinct=True, filter=present),
        social=Count("pk", filter=social),
        social_children=Count("child_id", distinct=True, filter=social),
        walk_ins=Count("pk", filter=present & Q(source=Booking.Source.WALK_IN)),
        meals=Count("pk", filter=present & Q(meal=True)),
        waiting=Count("pk", filter=Q(status=WAITING)),
        waiting_children=Count("child_id", distinct=True, filter=Q(status=WAITING)),
        promoted=Count("pk", filter=confirmed & Q(promoted_at__isnull=False)),
    )
    result.booked_days, result.days_attended, result.children = totals["booked"], totals["attended"], totals["children"]
    result.booked_not_attended = totals["booked"] - totals["attended"]
    result.social_days, result.social_children = totals["social"], totals["social_children"]
    result.walk_ins, result.meals = totals["walk_ins"], totals["meals"]
    result.waiting_days, result.waiting_children = totals["waiting"], totals["waiting_children"]
    result.promoted_days = totals["promoted"]
    if held:
        result.average_per_day = round(result.days_attended / len(held), 1)
        result.highest_per_day = max(per_day_totals.values(), default=0)
    return result


def _bookings(playground, first, end):
    """Confirmed and waiting bookings of the play days held, each with its
    present mark if the child was checked in (`present`): the join is on
    attendance's unique (session, person), so no booking is counted twice."""
    mark = FilteredRelation(
        "play_day__attendances",
        condition=Q(play_day__attendances__person=F("child"), play_day__attendances__status=Attendance.Status.PRESENT),
    )
    return Booking.objects.filter(
        play_day__programme_id=playground.pk,
        play_day__status=Session.Status.SCHEDULED,
        play_day__local_date__range=(first, end),
        status__in=(CONFIRMED, WAITING),
    ).annotate(present=mark)


def _group(groups, pk, play_days):
    """The group of a booking; bookings whose age group was deleted since go
    together under one row."""
    if pk not in groups:
        groups[pk] = GroupFigures(pk, _("Age group removed"), play_days=play_days)
    return groups[pk]


def _percent(value):
    return "–" if value is None else f"{number_format(value)} %"


ALL = frozenset(range(10))


def report_sections(playground, first, last, *, today=None):
    """The playground's figures as tables for the reports (programmes.report_sections)."""
    figures = playground_figures(playground, first, last, today=today)
    title = playground.title
    # The page's id in the keys: two playgrounds in one report keep their own table ids.
    key = f"playground-{playground.pk}"
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
    return [key_figures, per_group, per_period]


def _period_label(period):
    if period.period_id is None:
        return period.name
    return f"{period.name} ({period.first_day:%d/%m/%Y}–{period.last_day:%d/%m/%Y})"
