"""Ten volunteers signing up at once for the last two places of a shift (see
tests/programmes/test_enrolment_concurrency.py for how these tests run)."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from programmes.models import ShiftAssignment
from programmes.services.rosters import RosterError, sign_up
from tests.concurrency import all_at_once
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.programmes.volunteer_factories import ShiftFactory, VolunteerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

BRUSSELS = ZoneInfo("Europe/Brussels")
VOLUNTEERS = 10
LAST_PLACES = 2


def test_ten_volunteers_for_the_last_two_places(transactional_db, home, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS), tick=False)
    session = SessionFactory(
        programme=ProgrammePageFactory(), starts_at=datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS)
    )
    shift = ShiftFactory(session=session, needed=LAST_PLACES)
    volunteers = [VolunteerFactory() for _ in range(VOLUNTEERS)]

    def try_to_sign_up(volunteer):
        try:
            return sign_up(shift, volunteer, by=volunteer.user).status
        except RosterError as error:
            return error.code

    results, errors = all_at_once(try_to_sign_up, volunteers)

    assert errors == []
    assert sorted(results).count("full") == VOLUNTEERS - LAST_PLACES
    assert ShiftAssignment.objects.filter(shift=shift).count() == LAST_PLACES
