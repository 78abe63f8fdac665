"""The grocery's retention rules: visits roll up into yearly counts after two
years, old badges go, and the figures of an old year do not change."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from django.utils import timezone
from wagtail.models import ReferenceIndex

from groceries import retention as grocery_retention
from groceries.figures import grocery_figures
from groceries.models import Badge, CheckAttempt, Renewal, Visit, VisitYearCount
from programmes import retention
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.factories import BRUSSELS

pytestmark = pytest.mark.django_db

# Two years back is 15 March 2026: every visit of 2025 is older, so 2025 is
# rolled up whole; 2026 is kept (its January visits are older than two years
# too, but the year is not over before the cut-off).
TODAY = datetime.date(2028, 3, 15)
D = datetime.date
YEAR_2025 = (D(2025, 1, 1), D(2025, 12, 31))
VISITS = "groceries: visits rolled up into yearly counts after 2 years"
BADGES = "groceries: badges 2 years after their last valid day"


def opening(grocery, day, **fields):
    return OpeningFactory(
        programme=grocery, starts_at=datetime.datetime.combine(day, datetime.time(13, 30), BRUSSELS), **fields
    )


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def badge(grocery, issued, valid_until, **fields):
    return BadgeFactory(grocery=grocery, issued_at=at(issued), valid_from=issued, valid_until=valid_until, **fields)


@pytest.fixture
def grocery(home):
    grocery = GroceryPageFactory()
    jan9, jan23, mar6, dec18 = (
        opening(grocery, day) for day in (D(2025, 1, 9), D(2025, 1, 23), D(2025, 3, 6), D(2025, 12, 18))
    )
    storm = opening(grocery, D(2025, 2, 6), status="cancelled", cancel_reason="Storm")
    jan8_2026 = opening(grocery, D(2026, 1, 8))
    # Gone after its visits: valid during 2025, renewed in June.
    a = badge(grocery, D(2025, 1, 2), D(2025, 12, 31), adults=2, children=2, referrer="social_service")
    Renewal.objects.create(badge=a, renewed_at=at(D(2025, 6, 25)), valid_until=D(2025, 12, 31))
    # Stays: it came in 2026 too and is valid until mid-2026.
    b = badge(grocery, D(2024, 12, 1), D(2026, 6, 30), adults=1, children=0, referrer="caw")
    # A lost card (replaced in 2025) and its replacement, valid until the end of 2026: both stay.
    lost = badge(grocery, D(2024, 6, 1), D(2025, 5, 31), status="replaced", children=1, adults=1)
    c = badge(grocery, D(2025, 2, 1), D(2026, 12, 31), household=lost.household, replaces=lost, adults=1, children=1)
    # Never used, expired early 2025: goes, and its door check loses the link.
    d = badge(grocery, D(2024, 2, 1), D(2025, 1, 31), referrer="clb")
    CheckAttempt.objects.create(grocery=grocery, code=d.code, badge=d, verdict="expired", at=at(D(2028, 3, 1)))
    # Expired less than two years ago, and still valid: both stay.
    badge(grocery, D(2025, 4, 1), D(2026, 4, 1))
    badge(grocery, D(2027, 1, 1), D(2028, 12, 31))
    for who, day, persons, expiring in (
        (a, jan9, 4, False),
        (b, jan9, 1, False),
        (a, jan23, 4, False),
        (b, jan23, 1, True),
        (c, jan23, 2, False),
        (a, mar6, 5, False),
        (c, dec18, 2, True),
        (a, storm, 4, False),  # at an opening that was then cancelled: never counted
        (b, jan8_2026, 1, False),
    ):
        Visit.objects.create(badge=who, opening=day, persons=persons, badge_expiring=expiring)
    # Another grocery's old visit rolls up into its own counts.
    elsewhere = badge(GroceryPageFactory(), D(2025, 1, 1), D(2026, 12, 31))
    Visit.objects.create(badge=elsewhere, opening=opening(elsewhere.grocery, D(2025, 1, 9)), persons=3)
    return grocery


PERIODS = {
    "2025": YEAR_2025,
    "2024": (D(2024, 1, 1), D(2024, 12, 31)),
    "2026": (D(2026, 1, 1), D(2026, 12, 31)),
    "January to March 2025": (D(2025, 1, 1), D(2025, 3, 31)),
}


def figures(grocery, period):
    return grocery_figures(grocery, *PERIODS[period], today=TODAY)


@pytest.mark.parametrize("period", ["2025", "2024", "2026"])
def test_the_figures_of_a_year_are_the_same_after_the_rules(grocery, period):
    before = figures(grocery, period)
    retention.apply_all(today=TODAY)
    assert not Visit.objects.filter(opening__local_date__year=2025).exists()
    assert figures(grocery, period) == before


def test_the_figures_of_2025_are_what_a_person_counts(grocery):
    retention.apply_all(today=TODAY)
    result = figures(grocery, "2025")
    assert (result.openings_held, result.openings_cancelled) == (4, 1)
    assert (result.visits, result.persons_served, result.visits_expiring) == (7, 19, 2)
    assert (result.households, result.persons_reached) == (3, 8)
    assert (result.average_visits, result.median_visits) == (1.8, 1.5)
    assert (result.badges_issued, result.cards_replaced, result.badges_renewed, result.badges_expired) == (2, 1, 1, 1)
    assert [(month.visits, month.households, month.persons) for month in result.by_month[:3]] == [
        (5, 3, 7),
        (0, 0, 0),
        (1, 1, 5),
    ]


def test_part_of_a_rolled_up_year_keeps_visits_and_whole_months(grocery):
    before = figures(grocery, "January to March 2025")
    retention.apply_all(today=TODAY)
    after = figures(grocery, "January to March 2025")
    assert (after.visits, after.persons_served, after.openings_held, after.median_visits) == (
        before.visits,
        before.persons_served,
        before.openings_held,
        before.median_visits,
    )
    assert after.by_month == before.by_month
    # Households are kept per year: part of a year cannot tell them.
    assert (before.households, after.households) == (3, 0)


def test_the_yearly_counts_are_the_counts_before(grocery):
    held_2025 = Visit.objects.filter(
        opening__local_date__year=2025, opening__status="scheduled", badge__grocery=grocery
    )
    visits = Visit.objects.filter(opening__local_date__year=2025, badge__grocery=grocery).count()
    households = held_2025.values("badge__household").distinct().count()
    retention.apply_all(today=TODAY)
    counts = VisitYearCount.objects.get(grocery=grocery, year=2025)
    assert (counts.visits, counts.households, counts.persons) == (visits, households, 8) == (8, 3, 8)
    assert counts.referrers == {"social_service": [2, 5], "caw": [1, 2]}
    assert counts.badges["renewed"] == {"2025-06-25": 1}
    assert counts.badges["expired"] == {"2025-01-31": 1, "2025-12-31": 1}
    assert VisitYearCount.objects.get(grocery=grocery, year=2024).badges == {"issued": {"2024-02-01": 1}}
    assert VisitYearCount.objects.exclude(grocery=grocery).get().visits == 1
    assert not VisitYearCount.objects.filter(year=2026).exists()


def test_old_badges_go_and_the_others_stay(grocery):
    retention.apply_all(today=TODAY)
    left = sorted(Badge.objects.filter(grocery=grocery).values_list("valid_until", flat=True))
    # a (end of 2025) and d (January 2025) are gone; the lost card stays with its replacement.
    assert left == [D(2025, 5, 31), D(2026, 4, 1), D(2026, 6, 30), D(2026, 12, 31), D(2028, 12, 31)]
    assert not Renewal.objects.filter(badge__grocery=grocery).exists()
    assert Badge.objects.get(grocery=grocery, valid_until=D(2026, 12, 31)).replaces.status == "replaced"
    assert CheckAttempt.objects.get().badge is None
    assert Visit.objects.filter(badge__grocery=grocery).count() == 1  # January 2026


def test_a_dry_run_reports_and_changes_nothing(grocery):
    before = (Visit.objects.count(), Badge.objects.count(), Renewal.objects.count())
    counts = dict(retention.apply_all(today=TODAY, dry_run=True))
    assert (counts[VISITS], counts[BADGES]) == (9, 1)  # d only: a still has visits until they are rolled up
    assert (Visit.objects.count(), Badge.objects.count(), Renewal.objects.count()) == before
    assert not VisitYearCount.objects.exists()


def test_a_second_run_changes_nothing(grocery):
    first = dict(retention.apply_all(today=TODAY))
    # The visits go first, so the badge rule finds a (now without visits) and d.
    assert (first[VISITS], first[BADGES]) == (9, 2)
    counts = list(VisitYearCount.objects.order_by("pk").values())
    assert all(number == 0 for _name, number in retention.apply_all(today=TODAY))
    assert list(VisitYearCount.objects.order_by("pk").values()) == counts


def test_nothing_younger_than_the_cut_off_goes(grocery):
    # On 31 December 2027, 2025 is not wholly more than two years ago.
    counts = dict(retention.apply_all(today=D(2027, 12, 31)))
    assert counts[VISITS] == 0
    assert counts[BADGES] == 1  # d: its last valid day is more than two years ago and it has no visits
    assert Visit.objects.count() == 10


def more_of_everything(grocery, year, size):
    for month in range(1, size + 1):
        held = opening(grocery, D(year, month, 10))
        for number in range(size):
            old = badge(grocery, D(year, 1, 1), D(year, 12, 31), adults=1 + number % 3)
            Renewal.objects.create(badge=old, renewed_at=at(D(year, 6, 1)), valid_until=D(year, 12, 31))
            Visit.objects.create(badge=old, opening=held, persons=old.adults)


def test_the_rules_take_the_same_queries_for_few_or_many_rows(grocery):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            grocery_retention.roll_up_visits(TODAY, False)
            grocery_retention.delete_old_badges(TODAY, False)
        return len(captured)

    # Wagtail connects its delete signals (reference index, search index) when
    # the admin's URLs load: as in production, where they always are.
    assert get_resolver().url_patterns

    more_of_everything(grocery, 2023, 2)
    few = queries()
    more_of_everything(grocery, 2022, 6)
    assert Visit.objects.filter(opening__local_date__year=2022).count() == 36
    assert queries() <= few
    assert not Badge.objects.filter(valid_until__year=2022).exists()


def test_deleted_badges_leave_nothing_in_wagtails_reference_index(grocery):
    assert get_resolver().url_patterns
    more_of_everything(grocery, 2022, 2)
    old = list(Badge.objects.filter(valid_until__year=2022))
    for badge in old:
        ReferenceIndex.create_or_update_for_object(badge)
    badge_type = ContentType.objects.get_for_model(Badge)
    keys = [str(badge.pk) for badge in old]
    assert ReferenceIndex.objects.filter(base_content_type=badge_type, object_id__in=keys).exists()

    grocery_retention.roll_up_visits(TODAY, False)
    grocery_retention.delete_old_badges(TODAY, False)

    assert not Badge.objects.filter(pk__in=[badge.pk for badge in old]).exists()
    assert not ReferenceIndex.objects.filter(base_content_type=badge_type, object_id__in=keys).exists()
