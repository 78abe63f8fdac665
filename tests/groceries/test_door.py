"""The door's verdicts and the visit: every reason code and its side effects."""

import datetime
import uuid

import pytest

from groceries import codes
from groceries.errors import GroceryError
from groceries.models import CheckAttempt, Visit
from groceries.services import door
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def volunteer():
    return UserFactory(roles=["grocery_volunteers"])


@pytest.fixture
def grocery(home):
    return GroceryPageFactory()


@pytest.fixture
def opening(grocery):
    return OpeningFactory(programme=grocery)


@pytest.fixture
def badge(grocery):
    return BadgeFactory(grocery=grocery)


def earlier_opening(grocery, day):
    return OpeningFactory(programme=grocery, starts_at=datetime.datetime.combine(day, datetime.time(13, 30), BRUSSELS))


def test_a_valid_badge_shows_first_name_package_and_visits_left(badge, opening, volunteer):
    check = door.check_badge(codes.printed(badge.code).lower(), opening, by=volunteer)
    assert (check.verdict, check.admitted) == ("valid", True)
    assert check.badge == badge
    assert check.first_name == "Fatima"
    assert check.package.name == "Middelgroot pakket"  # 2 adults and 2 children
    assert check.visits_left == 2
    attempt = CheckAttempt.objects.get()
    assert (attempt.code, attempt.verdict, attempt.user, attempt.badge) == (badge.code, "valid", volunteer, badge)


def test_the_package_follows_the_household_size(grocery, opening, volunteer):
    single = BadgeFactory(grocery=grocery, adults=1, children=0)
    large = BadgeFactory(grocery=grocery, adults=2, children=5)
    assert door.check_badge(single.code, opening, by=volunteer).package.name == "Klein pakket"
    assert door.check_badge(large.code, opening, by=volunteer).package.name == "Groot pakket"


def test_a_badge_that_expires_within_two_weeks_is_valid_with_a_warning(grocery, opening, volunteer):
    badge = BadgeFactory(grocery=grocery, valid_until=datetime.date(2026, 12, 17))
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.admitted, check.expires_soon) == ("expiring", True, True)
    visit = door.record_visit(badge, opening, by=volunteer, persons=4)
    assert visit.badge_expiring


def test_a_second_visit_at_the_same_opening_is_refused(badge, opening, volunteer):
    door.record_visit(badge, opening, by=volunteer, persons=4)
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.admitted) == ("visited", False)
    assert check.visited_at is not None
    with pytest.raises(GroceryError) as error:
        door.record_visit(badge, opening, by=volunteer, persons=4)
    assert error.value.code == "visited"
    assert Visit.objects.count() == 1


def test_the_monthly_limit_is_enforced(grocery, badge, opening, volunteer):
    for day in (1, 2):
        door.record_visit(badge, earlier_opening(grocery, datetime.date(2026, 12, day)), by=volunteer, persons=4)
    # Last month's visit does not count for December.
    door.record_visit(badge, earlier_opening(grocery, datetime.date(2026, 11, 19)), by=volunteer, persons=4)
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.admitted, check.visits_left) == ("limit_reached", False, 0)
    with pytest.raises(GroceryError) as error:
        door.record_visit(badge, opening, by=volunteer, persons=4)
    assert error.value.code == "limit_reached"


def test_a_limit_that_only_warns_lets_the_visit_through(grocery, badge, opening, volunteer):
    grocery.visit_limit_enforced = False
    grocery.save()
    door.record_visit(badge, earlier_opening(grocery, datetime.date(2026, 12, 1)), by=volunteer, persons=4)
    door.record_visit(badge, earlier_opening(grocery, datetime.date(2026, 12, 2)), by=volunteer, persons=4)
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.admitted) == ("limit_warning", True)
    door.record_visit(badge, opening, by=volunteer, persons=4)


def test_visits_left_count_down(grocery, badge, opening, volunteer):
    door.record_visit(badge, earlier_opening(grocery, datetime.date(2026, 12, 1)), by=volunteer, persons=4)
    assert door.check_badge(badge.code, opening, by=volunteer).visits_left == 1


def test_without_a_limit_there_is_no_count(grocery, badge, opening, volunteer):
    grocery.visit_limit = None
    grocery.save()
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.visits_left) == ("valid", None)


@pytest.mark.parametrize(
    ("fields", "verdict"),
    [
        ({"valid_until": datetime.date(2026, 12, 2)}, "expired"),
        ({"valid_from": datetime.date(2026, 12, 4), "valid_until": datetime.date(2027, 6, 3)}, "not_yet_valid"),
        ({"status": "suspended", "status_reason": "Misbruik"}, "suspended"),
        ({"status": "replaced", "status_reason": "Kaart verloren"}, "replaced"),
    ],
)
def test_dead_badges_are_refused(grocery, opening, volunteer, fields, verdict):
    badge = BadgeFactory(grocery=grocery, **fields)
    check = door.check_badge(badge.code, opening, by=volunteer)
    assert (check.verdict, check.admitted) == (verdict, False)
    with pytest.raises(GroceryError) as error:
        door.record_visit(badge, opening, by=volunteer, persons=4)
    assert error.value.code == verdict
    assert not Visit.objects.exists()


def test_an_unknown_code_and_a_typo_are_told_apart(badge, opening, volunteer):
    assert door.check_badge(codes.new_code(), opening, by=volunteer).verdict == "unknown"
    typo = badge.code[:3] + badge.code[4] + badge.code[3] + badge.code[5:]
    if typo == badge.code:  # two equal neighbours: change one character instead
        typo = badge.code[:3] + ("A" if badge.code[3] != "A" else "B") + badge.code[4:]
    assert door.check_badge(typo, opening, by=volunteer).verdict == "typo"
    assert door.check_badge("hallo", opening, by=volunteer).verdict == "typo"
    assert list(CheckAttempt.objects.order_by("at").values_list("verdict", flat=True)) == ["unknown", "typo", "typo"]


def test_a_badge_of_another_grocery_is_unknown_here(opening, volunteer, home):
    elsewhere = BadgeFactory(grocery=GroceryPageFactory())
    assert door.check_badge(elsewhere.code, opening, by=volunteer).verdict == "unknown"


def test_a_retried_tap_returns_the_same_visit(badge, opening, volunteer):
    nonce = uuid.uuid4()
    first = door.record_visit(badge, opening, by=volunteer, persons=4, nonce=nonce)
    again = door.record_visit(badge, opening, by=volunteer, persons=4, nonce=nonce)
    assert first == again
    assert Visit.objects.count() == 1


def test_a_nonce_cannot_be_reused_for_another_badge(grocery, badge, opening, volunteer):
    nonce = uuid.uuid4()
    door.record_visit(badge, opening, by=volunteer, persons=4, nonce=nonce)
    other = BadgeFactory(grocery=grocery)
    with pytest.raises(GroceryError) as error:
        door.record_visit(other, opening, by=volunteer, persons=4, nonce=nonce)
    assert error.value.code == "nonce"
    assert Visit.objects.count() == 1


@pytest.mark.parametrize("persons", [0, 31, -1])
def test_persons_served_must_be_sensible(badge, opening, volunteer, persons):
    with pytest.raises(GroceryError) as error:
        door.record_visit(badge, opening, by=volunteer, persons=persons)
    assert error.value.code == "persons"
    assert not Visit.objects.exists()


def test_the_eleventh_unknown_code_within_five_minutes_is_paused(badge, opening, volunteer, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 14, 0, tzinfo=BRUSSELS), tick=False)
    for _ in range(door.GUESSES_ALLOWED):
        assert door.check_badge(codes.new_code(), opening, by=volunteer).verdict == "unknown"
    # Even the right code is refused now: guessing cannot be told from typing.
    assert door.check_badge(badge.code, opening, by=volunteer).verdict == "paused"
    # Another volunteer at the same door is not paused.
    assert door.check_badge(badge.code, opening, by=UserFactory(), ip="10.0.0.2").verdict == "valid"
    time_machine.move_to(datetime.datetime(2026, 12, 3, 14, 5, 1, tzinfo=BRUSSELS), tick=False)
    assert door.check_badge(badge.code, opening, by=volunteer).verdict == "valid"


def test_guessing_is_paused_per_address_too(badge, opening, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 3, 14, 0, tzinfo=BRUSSELS), tick=False)
    for _ in range(door.GUESSES_ALLOWED):
        door.check_badge(codes.new_code(), opening, by=UserFactory(), ip="192.0.2.7")
    assert door.check_badge(badge.code, opening, by=UserFactory(), ip="192.0.2.7").verdict == "paused"


def test_the_check_makes_the_same_queries_for_few_or_many_badges(
    grocery, badge, opening, volunteer, django_assert_max_num_queries
):
    with django_assert_max_num_queries(6):
        door.check_badge(badge.code, opening, by=volunteer)
    BadgeFactory.create_batch(60, grocery=grocery)
    with django_assert_max_num_queries(6):
        door.check_badge(badge.code, opening, by=volunteer)
