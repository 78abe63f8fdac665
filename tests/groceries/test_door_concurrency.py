"""One visit per badge per opening, also when ten taps arrive at once (see
tests/programmes/test_enrolment_concurrency.py for how these tests run)."""

import uuid

import pytest

from groceries.errors import GroceryError
from groceries.models import Visit
from groceries.services import door
from tests.concurrency import all_at_once
from tests.groceries.factories import BadgeFactory, OpeningFactory
from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TAPS = 10


@pytest.fixture
def badge_and_opening(transactional_db, home):
    opening = OpeningFactory()
    return BadgeFactory(grocery=opening.programme.specific), opening


def test_ten_taps_at_once_record_one_visit(badge_and_opening):
    badge, opening = badge_and_opening
    volunteer = UserFactory(roles=["grocery_volunteers"])

    def tap(nonce):
        try:
            return door.record_visit(badge, opening, by=volunteer, persons=4, nonce=nonce).pk
        except GroceryError as error:
            return error.code

    results, errors = all_at_once(tap, [uuid.uuid4() for _ in range(TAPS)])

    assert errors == []
    assert Visit.objects.filter(badge=badge, opening=opening).count() == 1
    assert sorted(results, key=str).count("visited") == TAPS - 1


def test_the_same_tap_sent_ten_times_records_it_once(badge_and_opening):
    badge, opening = badge_and_opening
    nonce = uuid.uuid4()

    results, errors = all_at_once(
        lambda _: door.record_visit(badge, opening, by=None, persons=4, nonce=nonce).pk, range(TAPS)
    )

    assert errors == []
    assert len(set(results)) == 1
    assert Visit.objects.get().nonce == nonce
