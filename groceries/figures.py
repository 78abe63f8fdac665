"""The grocery's figures for the annual report: plain reads, no views.

Five queries whatever the number of groceries or badges, each grouped by
grocery: the per-opening query returns one row per opening (a median needs
them), the visits query one row per visit, counted in Python (totals,
households reached, referrers: one read instead of three grouped queries).

What the words mean here:

- an *opening held* went ahead (not cancelled) and is not after today;
- a household is *reached* when it visited at least once in the period; the
  *persons reached* are the sizes of those households (the largest size
  recorded at a visit, as families grow during a year);
- a badge is *issued* when it is new, not the new card for a lost one (those
  are *cards replaced*); *renewed* counts renewals; *expired* counts badges
  whose last valid day fell in the period and that were not renewed;
- *visits with an expiring badge* came within two weeks of the badge's end.

Visits older than two years are rolled up into yearly counts
(groceries/retention.py, VisitYearCount), and old badges go too; the figures
add those counts to what is still there, so a period gives the numbers it gave
before. Visits, persons served, openings and badges are kept per opening or
per day: exact for any period. Households reached cannot be added up, so they
are kept per year and per month: a rolled-up year adds its households when the
period holds the whole year (its months, when it holds the whole month); a
family that came in two rolled-up years counts once in each.

Counts of households or persons from 1 to 4 are shown as "< 5" outside the
admin's own screens (programmes.figures.suppress).
"""

import datetime
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from groceries.models import Badge, Referrer, Renewal, Visit, VisitYearCount
from programmes.figures import as_returned, held_sessions, months, on_local_days
from programmes.models import Session
from programmes.report_sections import Row, Section


@dataclass
class Month:
    month: datetime.date
    openings: int = 0
    visits: int = 0
    households: int = 0
    persons: int = 0


@dataclass
class GroceryFigures:
    grocery_id: int
    title: str
    first: datetime.date
    last: datetime.date
    openings_held: int = 0
    openings_cancelled: int = 0
    visits: int = 0
    persons_served: int = 0
    households: int = 0
    persons_reached: int = 0
    average_visits: float | None = None
    median_visits: float | None = None
    visits_expiring: int = 0
    badges_issued: int = 0
    badges_renewed: int = 0
    badges_expired: int = 0
    cards_replaced: int = 0
    by_month: list = field(default_factory=list)
    # [(referrer label, households, visits)], in the order of Referrer.
    by_referrer: list = field(default_factory=list)

    @property
    def expiring_percent(self):
        return round(self.visits_expiring * 100 / self.visits, 1) if self.visits else None


def grocery_figures(grocery, first, last, *, today=None):
    return groceries_figures([grocery], first, last, today=today)[grocery.pk]


def groceries_figures(groceries, first, last, *, today=None):
    """{grocery id: GroceryFigures} for the period: the same five queries for
    one grocery or twenty, each grouped by grocery."""
    today = today or timezone.localdate()
    end = min(last, today)
    results = {grocery.pk: GroceryFigures(grocery.pk, grocery.title, first, last) for grocery in groceries}
    ids = list(results)
    held = held_sessions(ids, first, last, today=today)

    rolled_up = {pk: [] for pk in ids}
    for row in VisitYearCount.objects.filter(grocery_id__in=ids, year__range=(first.year, last.year)):
        rolled_up[row.grocery_id].append(row)
    rolled_openings = {
        int(pk): counts for rows in rolled_up.values() for row in rows for pk, counts in row.openings.items()
    }

    # (date, visits) per opening held: the median needs every one.
    per_opening = {pk: [] for pk in ids}
    month_of = {}
    rolled_totals = {pk: [0, 0, 0] for pk in ids}
    # The openings up to today, cancelled ones counted on the way.
    for grocery_id, pk, day, status, visit_count in (
        Session.objects.filter(programme_id__in=ids, local_date__range=(first, end))
        .annotate(visits=Count("grocery_visits"))
        .values_list("programme_id", "pk", "local_date", "status", "visits")
        .order_by("programme_id", "local_date")
    ):
        if status == Session.Status.CANCELLED:
            results[grocery_id].openings_cancelled += 1
            continue
        rolled = rolled_openings.get(pk, (0, 0, 0))
        rolled_totals[grocery_id] = [
            total + number for total, number in zip(rolled_totals[grocery_id], rolled, strict=True)
        ]
        per_opening[grocery_id].append((day, visit_count + rolled[0]))
        month_of[pk] = day.replace(day=1)

    # One row per visit, counted here: the totals, the households reached
    # (per period and per month, at their largest size) and the visits per
    # referrer. Three grouped queries over the same visits took longer.
    # Months come from the openings above: grouping by a truncated date
    # calls a function per visit on SQLite and took twice as long.
    totals = {pk: {"visits": 0, "persons": 0, "expiring": 0} for pk in ids}
    households = {pk: {} for pk in ids}
    households_by_month = {pk: {} for pk in ids}
    visits_by_referrer = {pk: {} for pk in ids}
    for grocery_id, opening_id, household, persons, referrer, expiring in (
        Visit.objects.filter(opening__in=held)
        .annotate(expiring=as_returned("badge_expiring"))
        .values_list(
            "opening__programme_id", "opening_id", "badge__household", "persons", "badge__referrer", "expiring"
        )
    ):
        total = totals[grocery_id]
        total["visits"] += 1
        total["persons"] += persons
        if expiring:
            total["expiring"] += 1
        reached = households[grocery_id]
        seen = reached.get(household)
        if seen is None:
            reached[household] = (persons, referrer)
        elif persons > seen[0] or referrer > seen[1]:
            reached[household] = (max(seen[0], persons), max(seen[1], referrer))
        by_month, key = households_by_month[grocery_id], (month_of[opening_id], household)
        if persons > by_month.get(key, -1):
            by_month[key] = persons
        by_referrer = visits_by_referrer[grocery_id]
        by_referrer[referrer] = by_referrer.get(referrer, 0) + 1
    reached = {
        pk: [{"persons": persons, "referrer": referrer} for persons, referrer in rows.values()]
        for pk, rows in households.items()
    }
    reached_by_month = {
        pk: [{"month": month, "persons": persons} for (month, _household), persons in rows.items()]
        for pk, rows in households_by_month.items()
    }

    issued_in = on_local_days("issued_at", first, last)
    badge_counts = {
        row["grocery_id"]: row
        for row in Badge.objects.filter(grocery_id__in=ids)
        .values("grocery_id")
        .annotate(
            issued=Count("pk", filter=issued_in & Q(replaces__isnull=True)),
            replaced=Count("pk", filter=issued_in & Q(replaces__isnull=False)),
            expired=Count(
                "pk",
                filter=Q(valid_until__range=(first, end - datetime.timedelta(days=1)))
                & ~Q(status=Badge.Status.REPLACED),
            ),
        )
        .order_by()
    }
    renewals = dict(
        Renewal.objects.filter(on_local_days("renewed_at", first, last), badge__grocery_id__in=ids)
        .values_list("badge__grocery_id")
        .annotate(n=Count("pk"))
        .order_by()
    )

    for pk, result in results.items():
        _fill(
            result,
            per_opening=per_opening[pk],
            rolled_up=rolled_up[pk],
            rolled_totals=rolled_totals[pk],
            totals=totals[pk],
            reached=reached[pk],
            visits_by_referrer=visits_by_referrer[pk],
            reached_by_month=reached_by_month[pk],
            badges=badge_counts.get(pk, {"issued": 0, "replaced": 0, "expired": 0}),
            renewals=renewals.get(pk, 0),
            end=end,
        )
    return results


def _fill(
    result,
    *,
    per_opening,
    rolled_up,
    rolled_totals,
    totals,
    reached,
    visits_by_referrer,
    reached_by_month,
    badges,
    renewals,
    end,
):
    """One grocery's figures from its rows of the queries above."""
    first, last = result.first, result.last
    result.openings_held = len(per_opening)
    if per_opening:
        counts = [visit_count for _day, visit_count in per_opening]
        result.average_visits = round(statistics.fmean(counts), 1)
        result.median_visits = statistics.median(counts)
    result.visits, result.persons_served, result.visits_expiring = (
        totals["visits"] + rolled_totals[0],
        totals["persons"] + rolled_totals[1],
        totals["expiring"] + rolled_totals[2],
    )

    result.households = len(reached)
    result.persons_reached = sum(row["persons"] for row in reached)
    households_by_referrer = {}
    for row in reached:
        households_by_referrer[row["referrer"]] = households_by_referrer.get(row["referrer"], 0) + 1
    whole_years = [
        row for row in rolled_up if first <= datetime.date(row.year, 1, 1) <= datetime.date(row.year, 12, 31) <= last
    ]
    for row in whole_years:
        result.households += row.households
        result.persons_reached += row.persons
        for referrer, (households, visit_count) in row.referrers.items():
            households_by_referrer[referrer] = households_by_referrer.get(referrer, 0) + households
            visits_by_referrer[referrer] = visits_by_referrer.get(referrer, 0) + visit_count
    result.by_referrer = [
        (label, households_by_referrer.get(value, 0), visits_by_referrer.get(value, 0))
        for value, label in Referrer.choices
    ]

    result.by_month = _by_month(reached_by_month, per_opening, first, last, rolled_up)

    result.badges_issued, result.cards_replaced, result.badges_expired = (
        badges["issued"] + _rolled_badges(rolled_up, "issued", first, last),
        badges["replaced"] + _rolled_badges(rolled_up, "replaced", first, last),
        badges["expired"] + _rolled_badges(rolled_up, "expired", first, end - datetime.timedelta(days=1)),
    )
    result.badges_renewed = renewals + _rolled_badges(rolled_up, "renewed", first, last)


def _rolled_badges(rolled_up, kind, first, last):
    """How many deleted badges were issued (replaced, expired, renewed) from `first` to `last`."""
    return sum(
        number
        for row in rolled_up
        for day, number in row.badges.get(kind, {}).items()
        if first <= datetime.date.fromisoformat(day) <= last
    )


def _by_month(reached, per_opening, first, last, rolled_up):
    rows = {month: Month(month) for month in months(first, last)}
    for day, visit_count in per_opening:
        row = rows[day.replace(day=1)]
        row.openings += 1
        row.visits += visit_count
    for entry in reached:
        row = rows[entry["month"]]
        row.households += 1
        row.persons += entry["persons"]
    # A rolled-up month adds its households when the period holds all of it.
    for year in rolled_up:
        for month_number, (households, persons) in year.months.items():
            month = datetime.date(year.year, int(month_number), 1)
            next_month = datetime.date(year.year + month.month // 12, month.month % 12 + 1, 1)
            if first <= month and next_month - datetime.timedelta(days=1) <= last:
                rows[month].households += households
                rows[month].persons += persons
    return list(rows.values())


ALL = frozenset(range(10))


def report_sections_for(groceries, first, last, *, today=None):
    """{grocery id: its figures as tables} for the reports (programmes.report_sections)."""
    figures = groceries_figures(groceries, first, last, today=today)
    return {grocery.pk: _sections(grocery, figures[grocery.pk]) for grocery in groceries}


def _sections(grocery, figures):
    # The page's id in the keys: two groceries in one report keep their own table ids.
    key = f"grocery-{grocery.pk}"
    percent = "–" if figures.expiring_percent is None else f"{number_format(figures.expiring_percent)} %"
    key_figures = Section(
        title=_("%(grocery)s: openings, visits and badges") % {"grocery": grocery.title},
        headings=[_("Figure"), _("Number")],
        key=f"{key}-key",
        rows=[
            Row(_("Openings held"), [figures.openings_held]),
            Row(_("Openings cancelled"), [figures.openings_cancelled]),
            Row(_("Visits"), [figures.visits], ALL),
            Row(_("Average visits per opening"), [figures.average_visits], ALL),
            Row(_("Median visits per opening"), [figures.median_visits], ALL),
            Row(_("Persons served (all visits)"), [figures.persons_served], ALL),
            Row(_("Different households reached"), [figures.households], ALL),
            Row(_("Persons in those households"), [figures.persons_reached], ALL),
            Row(_("Visits with a badge about to expire"), [figures.visits_expiring], ALL),
            Row(_("Share of visits with a badge about to expire"), [percent]),
            Row(_("Badges issued"), [figures.badges_issued], ALL),
            Row(_("Badges renewed"), [figures.badges_renewed], ALL),
            Row(_("Badges expired"), [figures.badges_expired], ALL),
            Row(_("Lost cards replaced"), [figures.cards_replaced], ALL),
        ],
    )
    per_month = Section(
        title=_("%(grocery)s: per month") % {"grocery": grocery.title},
        headings=[_("Month"), _("Openings held"), _("Visits"), _("Households reached"), _("Persons reached")],
        key=f"{key}-months",
        rows=[
            Row(
                date_format(month.month, "F Y"),
                [month.openings, month.visits, month.households, month.persons],
                frozenset({1, 2, 3}),
            )
            for month in figures.by_month
        ],
    )
    by_referrer = Section(
        title=_("%(grocery)s: by referring organisation") % {"grocery": grocery.title},
        headings=[_("Referred by"), _("Households reached"), _("Visits")],
        key=f"{key}-referrers",
        rows=[Row(str(label), [households, visits], ALL) for label, households, visits in figures.by_referrer],
    )
    return [key_figures, per_month, by_referrer]
