"""The roll call under concurrency: several phones saving it at once.

Like test_enrolment_concurrency: each thread on its own database connection
against committed data (`transaction=True`), on SQLite as on PostgreSQL.
"""

import pytest
from wagtail.models import ModelLogEntry

from programmes.models import Attendance, RollCall
from programmes.services.attendance import take_roll_call
from tests.concurrency import all_at_once
from tests.programmes.factories import ProgrammePageFactory, RegistrationFactory, SessionFactory
from tests.programmes.test_finder import at

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONES = 8


@pytest.fixture
def session(transactional_db, home):
    programme = ProgrammePageFactory(registration_mode="per_session")
    session = SessionFactory(programme=programme, starts_at=at(0, 0))
    RegistrationFactory(session=session)
    return session


def test_phones_saving_the_first_roll_call_at_once_all_succeed_and_the_last_wins(session):
    person = session.registrations.get().members.get()

    def save(phone):
        status = "present" if phone % 2 else "absent"
        return take_roll_call(
            session, {person.pk: status}, adults=phone, children=0, note="", by=None, idempotency_key=f"phone{phone}"
        )

    _results, errors = all_at_once(save, range(1, PHONES + 1))
    assert errors == []
    # One mark and one roll call, as one of the phones left them.
    (mark,) = Attendance.objects.filter(session=session)
    assert mark.status in {"present", "absent"}
    assert 1 <= RollCall.objects.get(session=session).walk_in_adults <= PHONES
    # Every phone's save is in the log.
    assert ModelLogEntry.objects.filter(action__startswith="programmes.attendance.").count() == PHONES


def test_phones_changing_saved_marks_at_once_leave_a_log_that_ends_in_the_saved_marks(session):
    person = session.registrations.get().members.get()
    take_roll_call(session, {person.pk: "present"}, adults=0, children=0, note="", by=None)

    def save(phone):
        status = ("present", "absent", "excused")[phone % 3]
        return take_roll_call(
            session, {person.pk: status}, adults=0, children=0, note="", by=None, idempotency_key=f"change{phone}"
        )

    results, errors = all_at_once(save, range(1, PHONES + 1))
    assert errors == []
    # A phone reads the marks locked, so what it logs as changed is a change
    # from what the phone before it saved: the log, read in order, ends in
    # the mark the session has.
    entries = ModelLogEntry.objects.filter(action="programmes.attendance.recorded").order_by("pk")
    logged = {}
    for entry in entries:
        logged |= entry.data["marks"]
    assert logged == {str(person.pk): Attendance.objects.get(session=session).status}
    assert len(entries) == 1 + sum(results)
