"""Capacity under concurrency: many phones pressing "register" at once.

Every test runs its threads on their own database connections against the
committed data (`transaction=True`), on SQLite (a file database in IMMEDIATE
transaction mode, see the settings) as on PostgreSQL (row locks). A barrier
lets the threads go at the same moment; each thread closes its connection, or
the test database could not be dropped afterwards.

`serialized_rollback` puts back what the migrations created (Wagtail's root
page and locales, the role groups) after the flush of an earlier
transactional test: the `home` fixture needs them.

The households have no e-mail address: the mails are not what is tested here,
only that the rules enqueue them, and sending nothing keeps the threads short.
"""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from django_tasks.signals import task_enqueued

from programmes.models import Registration, Session
from programmes.services.enrolment import cancel, register, register_for_sessions
from tests.concurrency import all_at_once
from tests.programmes.factories import HouseholdFactory, ProgrammePageFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREADS = 50
CAPACITY = 5


@pytest.fixture
def session(transactional_db, home):
    programme = ProgrammePageFactory(registration_mode="per_session")
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=7)
    return SessionFactory(programme=programme, starts_at=starts_at, capacity=CAPACITY)


@pytest.fixture
def enqueued():
    """Names of the tasks enqueued, from every thread."""
    names = []

    def record(sender, task_result, **kwargs):
        names.append(task_result.task.name)

    task_enqueued.connect(record)
    yield names
    task_enqueued.disconnect(record)


def households(count):
    """`count` households of one person each, without e-mail, with their members."""
    made = [HouseholdFactory(email="") for _ in range(count)]
    return [(household, list(household.members.all())) for household in made]


def confirmed_places(session):
    return Registration.objects.filter(session=session).confirmed().aggregate(total=Sum("places", default=0))["total"]


def assert_no_lock_errors(errors):
    if connection.vendor == "sqlite":
        assert not [error for error in errors if "database is locked" in str(error)]


def test_fifty_households_at_once_fill_the_places_and_then_the_waiting_list(session):
    def book(entry):
        household, members = entry
        return register(Session.objects.get(pk=session.pk), household, members).pk

    results, errors = all_at_once(book, households(THREADS))

    assert_no_lock_errors(errors)
    assert errors == []
    assert len(results) == THREADS
    registrations = Registration.objects.filter(session=session)
    assert registrations.confirmed().count() == CAPACITY
    assert registrations.waiting().count() == THREADS - CAPACITY
    assert confirmed_places(session) <= CAPACITY


def test_cancelling_at_once_promotes_one_waiting_household_per_freed_place(session):
    holders = []
    for household, members in households(CAPACITY + 10):
        holders.append(register(session, household, members))
    confirmed = [registration for registration in holders if registration.status == "confirmed"]
    first_in_line = list(Registration.objects.filter(session=session).waiting()[:CAPACITY].values_list("pk", flat=True))
    assert len(confirmed) == CAPACITY

    results, errors = all_at_once(lambda registration: cancel(registration).status, confirmed)

    assert_no_lock_errors(errors)
    assert errors == []
    assert results == ["cancelled"] * CAPACITY
    registrations = Registration.objects.filter(session=session)
    promoted = registrations.filter(promoted_at__isnull=False)
    assert sorted(promoted.values_list("pk", flat=True)) == sorted(first_in_line)
    assert registrations.confirmed().count() == CAPACITY
    assert registrations.waiting().count() == 10 - CAPACITY
    assert confirmed_places(session) <= CAPACITY


def test_a_form_submitted_ten_times_at_once_registers_once(session):
    [(household, members)] = households(1)

    def submit(_):
        return register(Session.objects.get(pk=session.pk), household, members, idempotency_key="double-tap").pk

    results, errors = all_at_once(submit, range(10))

    assert_no_lock_errors(errors)
    assert errors == []
    assert Registration.objects.count() == 1
    assert set(results) == {Registration.objects.get().pk}


def test_a_form_for_several_dates_submitted_ten_times_at_once_mails_once(session, enqueued):
    later = SessionFactory(
        programme=session.programme, starts_at=session.starts_at + datetime.timedelta(days=7), capacity=CAPACITY
    )
    household = HouseholdFactory(email="tap@example.be")
    members = list(household.members.all())

    def submit(_):
        sessions = list(Session.objects.filter(pk__in=[session.pk, later.pk]))
        registrations = register_for_sessions(sessions, household, members, idempotency_key="double-tap")
        return tuple(registration.pk for registration in registrations)

    results, errors = all_at_once(submit, range(10))

    assert_no_lock_errors(errors)
    assert errors == []
    assert Registration.objects.count() == 2
    assert len(set(results)) == 1
    # Every submit queues the task; the task confirms each registration once.
    assert len(mail.outbox) == 1
