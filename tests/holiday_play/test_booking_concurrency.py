"""30 parents booking the last 3 places of an age group at once (see
tests/programmes/test_enrolment_concurrency.py for how these tests run)."""

import datetime

import pytest

from holiday_play.models import Booking
from holiday_play.services.bookings import book_day
from programmes.services.scheduling import regenerate_sessions
from tests.concurrency import all_at_once
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import ChildFactory, HouseholdFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PARENTS = 30
LAST_PLACES = 3


def test_thirty_parents_for_the_last_three_places(transactional_db, home, time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 15, 10, 0), tick=False)
    playground = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(playground, today=datetime.date(2027, 6, 1), horizon_days=120)
    day = playground.sessions.get(local_date=datetime.date(2027, 7, 5))
    group = playground.age_groups.get(name="Middengroep")
    group.capacity = LAST_PLACES
    group.save()
    children = [
        ChildFactory(birth_date=datetime.date(2020, 3, 1), household=HouseholdFactory(contact=False, email=""))
        for _ in range(PARENTS)
    ]

    results, errors = all_at_once(lambda kid: book_day(playground, day, kid).status, children)

    assert errors == []
    assert sorted(results).count("confirmed") == LAST_PLACES
    bookings = Booking.objects.filter(play_day=day, age_group=group)
    assert bookings.confirmed().count() == LAST_PLACES
    assert bookings.waiting().count() == PARENTS - LAST_PLACES
