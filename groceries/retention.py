"""The grocery's retention rules (docs/data_protection.md), registered in
GroceriesConfig.ready for the daily task (`manage.py apply_retention`,
programmes.retention):

- checks at the door go after 90 days;
- visits are kept two years for the annual report, then only the yearly
  counts are kept (VisitYearCount): the figures of an old year stay the same;
- badges go two years after their last valid day, with their renewals, once
  no visit hangs on them; what the figures count of them (issued, replaced,
  expired, renewed) goes into the yearly counts first.

Each rule works in a handful of queries whatever the number of rows (batches
of BATCH badges for the deletes), counts and deletes in one transaction, and
finds nothing left on a second run.
"""

import datetime

from django.db import transaction
from django.db.models import Count, Max, Q, Sum
from django.db.models.functions import ExtractMonth, ExtractYear, TruncDate

from groceries.models import Badge, CheckAttempt, Renewal, Visit, VisitYearCount
from programmes import retention
from programmes.models import Session

KEEP_YEARS = 2
BATCH = 500


def register_rules():
    retention.register(
        "groceries: door checks after 90 days",
        retention.delete_older_than(CheckAttempt.objects.all, "at", 90),
        fields=("groceries.CheckAttempt.*",),
    )
    retention.register(
        "groceries: visits rolled up into yearly counts after 2 years",
        roll_up_visits,
        fields=("groceries.Visit.*",),
    )
    retention.register(
        "groceries: badges 2 years after their last valid day",
        delete_old_badges,
        fields=("groceries.Badge.*", "groceries.Renewal.*"),
    )


def cut_off(today):
    """The same day two years ago (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - KEEP_YEARS)
    except ValueError:
        return today.replace(year=today.year - KEEP_YEARS, day=28)


def first_kept_day(today):
    """Visits of openings before this day are rolled up: 1 January of the
    cut-off's year, i.e. every calendar year whose last day is more than two
    years ago. A year is rolled up whole, never half: the households reached
    in a year cannot be added up from two parts (a family that came in March
    and in October would count twice), so a visit older than two years waits
    until its whole year is (the visits of January 2025 go on 1 January 2028)."""
    return datetime.date(cut_off(today).year, 1, 1)


def _year_of(grocery_id, year):
    return {
        "grocery_id": grocery_id,
        "year": year,
        "visits": 0,
        "households": 0,
        "persons": 0,
        "openings": {},
        "months": {},
        "referrers": {},
        "badges": {},
    }


def _add_to_list(mapping, key, values):
    old = mapping.get(key, [0] * len(values))
    mapping[key] = [a + b for a, b in zip(old, values, strict=True)]


def _visit_counts(due):
    """{(grocery id, year): counts} of the visits in `due`, as groceries.figures
    counts them: per opening all visits (the figures pick the openings held),
    households and referrers only at openings that went ahead."""
    counts = {}

    def year(grocery_id, year_number):
        return counts.setdefault((grocery_id, year_number), _year_of(grocery_id, year_number))

    per_opening = due.values("opening_id", "opening__programme_id", "opening__local_date").annotate(
        visits=Count("pk"), persons=Sum("persons"), expiring=Count("pk", filter=Q(badge_expiring=True))
    )
    for row in per_opening:
        entry = year(row["opening__programme_id"], row["opening__local_date"].year)
        entry["visits"] += row["visits"]
        _add_to_list(entry["openings"], str(row["opening_id"]), [row["visits"], row["persons"], row["expiring"]])

    held = due.filter(opening__status=Session.Status.SCHEDULED)
    by_year = held.annotate(year=ExtractYear("opening__local_date"))
    by_month = by_year.annotate(month=ExtractMonth("opening__local_date"))
    # One row per household and year (and month): who was reached, how big they are.
    reached = by_year.values("opening__programme_id", "year", "badge__household").annotate(
        persons=Max("persons"), referrer=Max("badge__referrer")
    )
    for row in reached:
        entry = year(row["opening__programme_id"], row["year"])
        entry["households"] += 1
        entry["persons"] += row["persons"]
        _add_to_list(entry["referrers"], row["referrer"], [1, 0])
    per_month = by_month.values("opening__programme_id", "year", "month", "badge__household").annotate(
        persons=Max("persons")
    )
    for row in per_month:
        months = year(row["opening__programme_id"], row["year"])["months"]
        _add_to_list(months, str(row["month"]), [1, row["persons"]])
    by_referrer = by_year.values("opening__programme_id", "year", "badge__referrer").annotate(visits=Count("pk"))
    for row in by_referrer:
        referrers = year(row["opening__programme_id"], row["year"])["referrers"]
        _add_to_list(referrers, row["badge__referrer"], [0, row["visits"]])
    return counts


def _save(counts):
    """Adds `counts` to the yearly rows, creating those that do not exist yet."""
    if not counts:
        return
    existing = {
        (row.grocery_id, row.year): row
        for row in VisitYearCount.objects.select_for_update().filter(
            grocery_id__in={grocery_id for grocery_id, _year in counts}, year__in={year for _grocery, year in counts}
        )
    }
    new, changed = [], []
    for key, entry in counts.items():
        row = existing.get(key)
        if row is None:
            new.append(VisitYearCount(**entry))
            continue
        row.visits += entry["visits"]
        row.households += entry["households"]
        row.persons += entry["persons"]
        for name in ("openings", "months", "referrers"):
            for item, values in entry[name].items():
                _add_to_list(getattr(row, name), item, values)
        for kind, days in entry["badges"].items():
            stored = row.badges.setdefault(kind, {})
            for day, number in days.items():
                stored[day] = stored.get(day, 0) + number
        changed.append(row)
    VisitYearCount.objects.bulk_create(new)
    VisitYearCount.objects.bulk_update(
        changed, ["visits", "households", "persons", "openings", "months", "referrers", "badges"]
    )


def roll_up_visits(today, dry_run):
    """Adds the visits of openings before first_kept_day to the yearly counts,
    then deletes them: the number of visits rolled up (or, dry, to roll up)."""
    due = Visit.objects.filter(opening__local_date__lt=first_kept_day(today))
    if dry_run:
        return due.count()
    with transaction.atomic():
        counts = _visit_counts(due)
        if not counts:
            return 0
        _save(counts)
        return retention.delete_in_bulk(due)


def _due_badges(today):
    """{badge id: (grocery id, day issued, replaces id, valid_until, status)}
    of the badges to delete today: their last valid day is more than two
    years ago and no visit hangs on them any more (visits go whole years at
    a time, see first_kept_day). A badge replaced by one that stays, stays
    too: deleting it would turn the new card from "replaced" into "issued" in
    the figures (Badge.replaces is cleared when the old badge goes)."""
    rows = (
        Badge.objects.filter(valid_until__lt=cut_off(today), visits__isnull=True)
        .annotate(day=TruncDate("issued_at"))
        .values_list("pk", "grocery_id", "day", "replaces_id", "valid_until", "status", "replaced_by")
    )
    candidates = {pk: rest for pk, *rest in rows}
    due = set(candidates)
    while True:
        staying = {pk for pk in due if candidates[pk][-1] is not None and candidates[pk][-1] not in due}
        if not staying:
            return {pk: tuple(candidates[pk][:-1]) for pk in due}
        due -= staying


def delete_old_badges(today, dry_run):
    """Adds what the figures count of the due badges (issued or replaced on
    the day of issue, expired on their last valid day, renewed) to the yearly
    counts by day, then deletes them with their renewals: the number of
    badges deleted (or, dry, to delete)."""
    with transaction.atomic():
        due = _due_badges(today)
        if dry_run or not due:
            return len(due)
        counts = {}

        def count(kind, grocery_id, day):
            entry = counts.setdefault((grocery_id, day.year), _year_of(grocery_id, day.year))
            days = entry["badges"].setdefault(kind, {})
            days[day.isoformat()] = days.get(day.isoformat(), 0) + 1

        for grocery_id, issued, replaces, valid_until, status in due.values():
            count("replaced" if replaces else "issued", grocery_id, issued)
            if status != Badge.Status.REPLACED:
                count("expired", grocery_id, valid_until)
        ids = sorted(due)
        batches = [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]
        for batch in batches:
            renewals = (
                Renewal.objects.filter(badge__in=batch)
                .annotate(day=TruncDate("renewed_at"))
                .values_list("badge__grocery_id", "day")
            )
            for grocery_id, day in renewals:
                count("renewed", grocery_id, day)
        _save(counts)
        for batch in batches:
            retention.delete_in_bulk(Badge.objects.filter(pk__in=batch))
        return len(ids)
