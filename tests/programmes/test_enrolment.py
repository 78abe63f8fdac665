"""The enrolment rules (services/enrolment.py) and households (services/households.py).

Time stands still at NOW, ten days before the session: registrations made in
one test share one timestamp, so where the order of the waiting list matters
the test sets `waiting_since` itself. Mails are checked here only as far as the
services go (which task is enqueued, for which rows); what the tasks send is in
test_registration_mails.py.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django_tasks.signals import task_enqueued
from wagtail.models import ModelLogEntry

from programmes.errors import ProgrammeError
from programmes.models import CONSENT_TEXTS, Consent, Household, Membership, Person, Registration, Session
from programmes.services.enrolment import (
    EnrolmentError,
    accept_membership,
    apply_for_membership,
    cancel,
    decline_membership,
    end_membership,
    promote_waiting,
    register,
    register_for_sessions,
)
from programmes.services.households import NewPerson, create_household, merge_households
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    PersonFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
# A Wednesday morning, ten days after NOW.
SESSION_START = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS)
SESSION_DAY = SESSION_START.date()


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def coordinator(db):
    return UserFactory(roles=["coordinators"])


@pytest.fixture
def programme(home):
    return ProgrammePageFactory(title="Babbelonie", registration_mode="per_session", for_children=True)


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, starts_at=SESSION_START, capacity=4)


@pytest.fixture
def group(home):
    return ProgrammePageFactory(title="Oudergroep", kind="group", registration_mode="membership", for_children=True)


@pytest.fixture
def enqueued():
    """(task name, args) of every task of programmes enqueued, in order
    (Wagtail enqueues its own, such as the reference index)."""
    calls = []

    def record(sender, task_result, **kwargs):
        if task_result.task.module_path.startswith("programmes.tasks."):
            calls.append((task_result.task.name, list(task_result.args)))

    task_enqueued.connect(record)
    yield calls
    task_enqueued.disconnect(record)


def family(size=1, **fields):
    """A household of `size` people: the contact person and `size - 1` children."""
    household = HouseholdFactory(**fields)
    for _ in range(size - 1):
        ChildFactory(household=household)
    return household


def everyone(household):
    return list(household.members.all())


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()


def log_actions(obj):
    return list(ModelLogEntry.objects.for_instance(obj).order_by("pk").values_list("action", flat=True))


def statuses(session):
    return dict(Registration.objects.filter(session=session).values_list("household_id", "status"))


def set_capacity(session, capacity):
    Session.objects.filter(pk=session.pk).update(capacity=capacity)
    session.refresh_from_db()


# register: where a registration lands


def test_registration_is_confirmed_when_it_fits(session):
    household = family(2)
    registration = register(session, household, everyone(household))
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.places == 2
    assert registration.waiting_since is None
    assert registration.uses_reserved_place is False
    assert set(registration.members.all()) == set(everyone(household))


def test_registration_goes_on_the_waiting_list_when_the_session_is_full(session):
    first = family(3)
    register(session, first, everyone(first))
    second = family(2)
    registration = register(session, second, everyone(second))
    assert registration.status == Registration.Status.WAITING
    assert registration.waiting_since == NOW
    assert registration.waiting_position() == 1


def test_places_count_persons_by_default(session):
    household = family(3)
    registration = register(session, household, everyone(household)[:2])
    assert registration.places == 2


def test_places_count_one_per_household_when_the_programme_counts_households(programme, session):
    programme.capacity_counts = "households"
    programme.save()
    set_capacity(session, 1)
    big = family(4)
    confirmed = register(session, big, everyone(big))
    other = family(1)
    waiting = register(session, other, everyone(other))
    assert (confirmed.places, confirmed.status) == (1, Registration.Status.CONFIRMED)
    assert (waiting.places, waiting.status) == (1, Registration.Status.WAITING)


def test_a_session_without_a_limit_confirms_everyone(session):
    set_capacity(session, None)
    registrations = [register(session, household, everyone(household)) for household in (family(5), family(5))]
    assert {registration.status for registration in registrations} == {Registration.Status.CONFIRMED}
    assert Registration.objects.filter(session=session).aggregate(total=Sum("places"))["total"] == 10


# register: refusals


@pytest.mark.parametrize("mode", ["walk_in", "membership"])
def test_single_sessions_of_a_programme_without_registration_per_session_are_closed(programme, session, mode):
    programme.registration_mode = mode
    programme.save()
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, everyone(household))
    assert excinfo.value.code == "closed"
    assert not Registration.objects.exists()


def test_a_cancelled_session_takes_no_registrations(session):
    Session.objects.filter(pk=session.pk).update(status="cancelled", cancel_reason="Ziekte")
    session.refresh_from_db()
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, everyone(household))
    assert excinfo.value.code == "cancelled_session"
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "moment",
    [SESSION_START, SESSION_START + datetime.timedelta(hours=1), SESSION_START + datetime.timedelta(days=1)],
    ids=["at-the-start", "during", "after"],
)
def test_a_session_that_has_started_takes_no_registrations(session, time_machine, moment):
    household = family()
    time_machine.move_to(moment, tick=False)
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, everyone(household))
    assert excinfo.value.code == "past"
    assert not Registration.objects.exists()


def test_a_registration_needs_someone_who_comes(session):
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, [])
    assert excinfo.value.code == "members"
    assert not Registration.objects.exists()


def test_only_members_of_the_household_can_be_registered(session):
    household = family()
    stranger = PersonFactory()
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, [*everyone(household), stranger])
    assert excinfo.value.code == "members"
    assert not Registration.objects.exists()


@pytest.fixture
def toddlers(programme):
    """From 2½ years (30 months) to 5 years and 11 months (71 months)."""
    programme.min_age_months, programme.max_age_months = 30, 71
    programme.save()
    return programme


@pytest.mark.parametrize(
    ("birth_date", "allowed"),
    [
        # 30 months on the session's day, still 29 today: the session's day counts.
        (datetime.date(2024, 6, 2), True),
        (datetime.date(2024, 6, 3), False),
        # 71 months on the session's day, then 72.
        (datetime.date(2020, 12, 3), True),
        (datetime.date(2020, 12, 2), False),
    ],
    ids=["youngest-on-the-day", "one-day-too-young", "oldest-on-the-day", "one-day-too-old"],
)
def test_children_must_be_within_the_programmes_ages_on_the_sessions_day(toddlers, session, birth_date, allowed):
    household = family()
    child = ChildFactory(household=household, birth_date=birth_date)
    if allowed:
        assert register(session, household, [child]).status == Registration.Status.CONFIRMED
        return
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, [child])
    assert excinfo.value.code == "age"
    assert not Registration.objects.exists()


def test_adults_are_not_age_checked(toddlers, session):
    household = family()
    parent = PersonFactory(household=household, birth_date=datetime.date(1990, 4, 1))
    registration = register(session, household, [*everyone(household), parent])
    assert registration.status == Registration.Status.CONFIRMED


@pytest.mark.parametrize("first_size", [1, 4], ids=["while-confirmed", "while-waiting"])
def test_a_household_registers_once_per_session(session, first_size):
    RegistrationFactory(session=session, places=first_size)
    household = family()
    first = register(session, household, everyone(household))
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, everyone(household))
    assert excinfo.value.code == "duplicate"
    assert list(Registration.objects.filter(household=household)) == [first]


def test_a_cancelled_registration_does_not_block_registering_again(session):
    household = family()
    cancel(register(session, household, everyone(household)))
    again = register(session, household, everyone(household))
    assert again.status == Registration.Status.CONFIRMED
    assert Registration.objects.filter(household=household).count() == 2


def test_more_people_than_the_session_has_places_are_refused(session):
    household = family(5)
    with pytest.raises(EnrolmentError) as excinfo:
        register(session, household, everyone(household))
    assert excinfo.value.code == "full"
    assert not Registration.objects.exists()


def test_the_same_idempotency_key_returns_the_same_registration(session):
    household = family()
    first = register(session, household, everyone(household), idempotency_key="tap-1")
    again = register(session, household, everyone(household), idempotency_key="tap-1")
    assert again.pk == first.pk
    assert Registration.objects.count() == 1


def test_an_idempotency_key_never_hands_out_another_households_registration(session):
    theirs = family()
    register(session, theirs, everyone(theirs), idempotency_key="tap-1")
    ours = family()
    try:
        registration = register(session, ours, everyone(ours), idempotency_key="tap-1")
    except EnrolmentError:
        registration = None
    assert registration is None or registration.household_id == ours.pk


def test_registering_is_logged(session, coordinator):
    household = family()
    registration = register(session, household, everyone(household), by=coordinator, source="desk")
    entry = ModelLogEntry.objects.for_instance(registration).get()
    assert entry.action == "programmes.registration.created"
    assert entry.user == coordinator
    assert entry.data == {"status": "confirmed", "source": "desk"}


# register: places kept for referred families


@pytest.fixture
def with_reserved_places(session):
    """Four places, two of them for referred families."""
    Session.objects.filter(pk=session.pk).update(capacity=4, reserved_places=2)
    session.refresh_from_db()
    general = family(2)
    register(session, general, everyone(general))
    return session


def test_a_household_that_is_not_referred_cannot_take_reserved_places(with_reserved_places):
    household = family()
    registration = register(with_reserved_places, household, everyone(household))
    assert registration.status == Registration.Status.WAITING
    assert registration.uses_reserved_place is False


def test_a_referred_household_takes_a_reserved_place_when_the_others_are_gone(with_reserved_places):
    household = family(2, referred=True)
    registration = register(with_reserved_places, household, everyone(household))
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.uses_reserved_place is True


# register_for_sessions: one form, several dates


@pytest.fixture
def second_session(programme):
    return SessionFactory(programme=programme, starts_at=SESSION_START + datetime.timedelta(days=7), capacity=4)


def test_registering_for_several_sessions_saves_all_or_none(session, second_session, enqueued):
    Session.objects.filter(pk=second_session.pk).update(status="cancelled", cancel_reason="Feestdag")
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        register_for_sessions([second_session, session], household, everyone(household))
    assert excinfo.value.code == "cancelled_session"
    assert not Registration.objects.exists()
    assert not ModelLogEntry.objects.filter(action="programmes.registration.created").exists()
    assert enqueued == []


def test_registering_for_several_sessions_enqueues_one_confirmation(
    session, second_session, enqueued, django_capture_on_commit_callbacks
):
    household = family()
    with django_capture_on_commit_callbacks(execute=True):
        registrations = register_for_sessions([second_session, session], household, everyone(household))
    assert [registration.session for registration in registrations] == [session, second_session]
    assert enqueued == [("send_registration_mail", [[registration.pk for registration in registrations]])]


def test_a_resubmitted_form_registers_and_mails_once(
    session, second_session, enqueued, django_capture_on_commit_callbacks
):
    household = family()
    with django_capture_on_commit_callbacks(execute=True):
        first = register_for_sessions([session, second_session], household, everyone(household), idempotency_key="f1")
    with django_capture_on_commit_callbacks(execute=True):
        again = register_for_sessions([session, second_session], household, everyone(household), idempotency_key="f1")
    assert [registration.pk for registration in again] == [registration.pk for registration in first]
    assert Registration.objects.count() == 2
    # The task runs again, but each registration is confirmed once.
    assert len(mail.outbox) == 1


def test_registering_for_no_session_is_refused(enqueued, db):
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        register_for_sessions([], household, everyone(household))
    assert excinfo.value.code == "sessions"
    assert not Registration.objects.exists()
    assert enqueued == []


# cancel


def test_cancelling_frees_the_place_for_the_first_in_line(session):
    set_capacity(session, 1)
    holder = family()
    held = register(session, holder, everyone(holder))
    later, earlier = family(), family()
    # `later` registered first (lower pk) but joined the waiting list later.
    later_registration = register(session, later, everyone(later))
    earlier_registration = register(session, earlier, everyone(earlier))
    Registration.objects.filter(pk=later_registration.pk).update(waiting_since=NOW - datetime.timedelta(minutes=5))
    Registration.objects.filter(pk=earlier_registration.pk).update(waiting_since=NOW - datetime.timedelta(hours=1))

    cancelled = cancel(held)

    assert cancelled.status == Registration.Status.CANCELLED
    assert cancelled.cancelled_at == NOW
    assert statuses(session) == {holder.pk: "cancelled", earlier.pk: "confirmed", later.pk: "waiting"}
    earlier_registration.refresh_from_db()
    assert earlier_registration.promoted_at == NOW


def test_cancelling_skips_a_waiting_household_that_does_not_fit(session):
    set_capacity(session, 3)
    single, couple = family(1), family(2)
    leaving = register(session, single, everyone(single))
    register(session, couple, everyone(couple))
    large, small = family(3), family(1)
    register(session, large, everyone(large))
    register(session, small, everyone(small))

    cancel(leaving)

    assert statuses(session) == {
        single.pk: "cancelled",
        couple.pk: "confirmed",
        large.pk: "waiting",
        small.pk: "confirmed",
    }


def test_cancelling_a_waiting_registration_promotes_nobody(session):
    set_capacity(session, 1)
    holder, first, second = family(), family(), family()
    register(session, holder, everyone(holder))
    waiting = register(session, first, everyone(first))
    register(session, second, everyone(second))

    cancel(waiting)

    assert statuses(session) == {holder.pk: "confirmed", first.pk: "cancelled", second.pk: "waiting"}
    assert not ModelLogEntry.objects.filter(action="programmes.registration.promoted").exists()


def test_cancelling_twice_changes_nothing_the_second_time(session, time_machine):
    set_capacity(session, 1)
    holder, waiting = family(), family()
    held = register(session, holder, everyone(holder))
    register(session, waiting, everyone(waiting))
    cancel(held)
    time_machine.shift(datetime.timedelta(hours=1))

    again = cancel(held)

    assert again.cancelled_at == NOW
    assert log_actions(held) == ["programmes.registration.created", "programmes.registration.cancelled"]
    assert ModelLogEntry.objects.filter(action="programmes.registration.promoted").count() == 1


def test_a_registration_for_a_session_that_has_ended_cannot_be_cancelled(session, time_machine):
    household = family()
    registration = register(session, household, everyone(household))
    time_machine.move_to(session.ends_at, tick=False)
    with pytest.raises(EnrolmentError) as excinfo:
        cancel(registration)
    assert excinfo.value.code == "past"
    registration.refresh_from_db()
    assert (registration.status, registration.cancelled_at) == (Registration.Status.CONFIRMED, None)


def test_a_place_freed_after_the_start_goes_to_nobody(session, time_machine):
    set_capacity(session, 1)
    holder, waiting = family(), family()
    held = register(session, holder, everyone(holder))
    register(session, waiting, everyone(waiting))
    time_machine.move_to(SESSION_START + datetime.timedelta(minutes=30), tick=False)

    cancel(held)

    assert statuses(session) == {holder.pk: "cancelled", waiting.pk: "waiting"}


def test_a_freed_reserved_place_goes_only_to_a_referred_household(session):
    Session.objects.filter(pk=session.pk).update(capacity=2, reserved_places=1)
    session.refresh_from_db()
    general, referred = family(), family(referred=True)
    register(session, general, everyone(general))
    reserved = register(session, referred, everyone(referred))
    not_referred, also_referred = family(), family(referred=True)
    register(session, not_referred, everyone(not_referred))
    promoted = register(session, also_referred, everyone(also_referred))

    cancel(reserved)

    assert statuses(session)[not_referred.pk] == "waiting"
    promoted.refresh_from_db()
    assert (promoted.status, promoted.uses_reserved_place) == (Registration.Status.CONFIRMED, True)


def test_cancelling_and_promoting_are_in_the_audit_log(session, coordinator):
    set_capacity(session, 1)
    holder, waiting = family(), family()
    held = register(session, holder, everyone(holder))
    promoted = register(session, waiting, everyone(waiting))

    cancel(held, by=coordinator)

    cancelled_entry = ModelLogEntry.objects.for_instance(held).get(action="programmes.registration.cancelled")
    promoted_entry = ModelLogEntry.objects.for_instance(promoted).get(action="programmes.registration.promoted")
    assert cancelled_entry.user == promoted_entry.user == coordinator


def test_the_promoted_family_gets_a_mail(session, enqueued, django_capture_on_commit_callbacks):
    set_capacity(session, 1)
    holder, waiting = family(), family()
    held = register(session, holder, everyone(holder))
    promoted = register(session, waiting, everyone(waiting))

    with django_capture_on_commit_callbacks(execute=True):
        cancel(held)

    assert enqueued == [("send_promotion_mail", [promoted.pk])]


# promote_waiting: a coordinator's choice


@pytest.fixture
def waiting_list(session):
    """One place, taken; two households waiting."""
    set_capacity(session, 1)
    holder, first, second = family(), family(), family()
    return (
        register(session, holder, everyone(holder)),
        register(session, first, everyone(first)),
        register(session, second, everyone(second)),
    )


def test_a_coordinator_can_move_up_a_chosen_waiting_household(session, waiting_list, coordinator):
    _, first, second = waiting_list
    set_capacity(session, 2)

    promoted = promote_waiting(session, by=coordinator, registration=second)

    assert promoted == [second]
    refreshed(first, second)
    assert (first.status, second.status) == (Registration.Status.WAITING, Registration.Status.CONFIRMED)
    assert ModelLogEntry.objects.for_instance(second).get(action="programmes.registration.promoted").user == coordinator


def test_a_coordinator_cannot_move_up_a_household_without_a_free_place(session, waiting_list, coordinator):
    _, _, second = waiting_list
    with pytest.raises(EnrolmentError) as excinfo:
        promote_waiting(session, by=coordinator, registration=second)
    assert excinfo.value.code == "full"
    second.refresh_from_db()
    assert (second.status, second.promoted_at) == (Registration.Status.WAITING, None)


def test_only_a_waiting_registration_can_be_moved_up(session, waiting_list, coordinator):
    confirmed, *_ = waiting_list
    set_capacity(session, 2)
    with pytest.raises(EnrolmentError) as excinfo:
        promote_waiting(session, by=coordinator, registration=confirmed)
    assert excinfo.value.code == "not_waiting"
    assert Registration.objects.filter(session=session).confirmed().count() == 1


def test_more_places_move_up_the_waiting_list_in_order(session, waiting_list):
    _, first, second = waiting_list
    set_capacity(session, 2)
    assert promote_waiting(session) == [first]
    second.refresh_from_db()
    assert second.status == Registration.Status.WAITING


# Memberships (groups)


def test_applying_to_a_group_records_an_application(group, enqueued, django_capture_on_commit_callbacks):
    household = family(2)
    with django_capture_on_commit_callbacks(execute=True):
        membership = apply_for_membership(group, household, everyone(household))
    assert membership.status == Membership.Status.APPLIED
    assert set(membership.members.all()) == set(everyone(household))
    assert enqueued == [("send_membership_mail", [membership.pk, "applied"])]


def test_applying_to_an_activity_that_is_not_a_group_is_refused(programme):
    household = family()
    with pytest.raises(EnrolmentError) as excinfo:
        apply_for_membership(programme, household, everyone(household))
    assert excinfo.value.code == "closed"
    assert not Membership.objects.exists()


@pytest.mark.parametrize("who", ["nobody", "a-stranger"])
def test_applying_needs_members_of_the_household(group, who):
    household = family()
    members = [] if who == "nobody" else [PersonFactory()]
    with pytest.raises(EnrolmentError) as excinfo:
        apply_for_membership(group, household, members)
    assert excinfo.value.code == "members"
    assert not Membership.objects.exists()


def test_applying_checks_the_childrens_age_today(group):
    group.min_age_months = 36
    group.save()
    household = family()
    # Three years old on 23 November 2026, the day after NOW.
    child = ChildFactory(household=household, birth_date=datetime.date(2023, 11, 23))
    with pytest.raises(EnrolmentError) as excinfo:
        apply_for_membership(group, household, [child])
    assert excinfo.value.code == "age"
    assert not Membership.objects.exists()


def test_a_household_applies_once_to_a_group(group):
    household = family()
    first = apply_for_membership(group, household, everyone(household))
    with pytest.raises(EnrolmentError) as excinfo:
        apply_for_membership(group, household, everyone(household))
    assert excinfo.value.code == "duplicate"
    assert list(Membership.objects.all()) == [first]


def test_the_same_idempotency_key_returns_the_same_application(group):
    household = family()
    first = apply_for_membership(group, household, everyone(household), idempotency_key="k")
    assert apply_for_membership(group, household, everyone(household), idempotency_key="k") == first
    assert Membership.objects.count() == 1


def test_a_declined_household_may_apply_again(group, coordinator):
    household = family()
    decline_membership(apply_for_membership(group, household, everyone(household)), by=coordinator)
    again = apply_for_membership(group, household, everyone(household))
    assert again.status == Membership.Status.APPLIED


def test_accepting_an_application_makes_a_member(group, coordinator, enqueued, django_capture_on_commit_callbacks):
    household = family()
    application = apply_for_membership(group, household, everyone(household))
    with django_capture_on_commit_callbacks(execute=True):
        membership = accept_membership(application, by=coordinator)
    assert (membership.status, membership.decided_at) == (Membership.Status.ACTIVE, NOW)
    assert enqueued == [("send_membership_mail", [membership.pk, "active"])]
    assert log_actions(membership) == ["programmes.membership.applied", "programmes.membership.accepted"]


def test_declining_an_application_keeps_the_reason(group, coordinator):
    household = family()
    application = apply_for_membership(group, household, everyone(household))
    membership = decline_membership(application, by=coordinator, reason="  De groep is volzet.  ")
    membership.refresh_from_db()
    assert (membership.status, membership.reason) == (Membership.Status.DECLINED, "De groep is volzet.")


DECISIONS = {"accepted": (accept_membership, "active"), "declined": (decline_membership, "declined")}


@pytest.mark.parametrize("second", DECISIONS)
@pytest.mark.parametrize("first", DECISIONS)
def test_an_application_is_answered_once(group, coordinator, first, second):
    household = family()
    decide, status = DECISIONS[first]
    application = decide(apply_for_membership(group, household, everyone(household)), by=coordinator)
    with pytest.raises(EnrolmentError) as excinfo:
        DECISIONS[second][0](application, by=coordinator)
    assert excinfo.value.code == "not_applied"
    refreshed(application)
    assert application.status == status


def test_ending_a_membership(group, coordinator):
    membership = MembershipFactory(programme=group)
    ended = end_membership(membership, by=coordinator, reason="Verhuisd")
    assert (ended.status, ended.ended_at, ended.reason) == (Membership.Status.ENDED, NOW, "Verhuisd")


@pytest.mark.parametrize("status", ["ended", "declined"])
def test_only_an_open_membership_can_end(group, coordinator, status):
    membership = MembershipFactory(programme=group, status=status)
    with pytest.raises(EnrolmentError) as excinfo:
        end_membership(membership, by=coordinator)
    assert excinfo.value.code == "not_member"
    refreshed(membership)
    assert (membership.status, membership.ended_at) == (status, None)


# Households


def new_household(**fields):
    fields = {"contact_name": "Fatima El Amrani", "phone": "0485 55 66 77", **fields}
    return create_household(
        members=[NewPerson(fields["contact_name"].split()[0], is_contact=True)],
        **fields,
    )


@pytest.fixture
def known(db):
    return HouseholdFactory(phone="0485556677", email="el.amrani@example.be")


@pytest.mark.parametrize(
    ("phone", "email"),
    [("0485 55 66 77", ""), ("0485/55.66.77", "andere@example.be"), ("", "El.Amrani@Example.BE")],
    ids=["phone-with-spaces", "phone-with-dots", "email-in-other-case"],
)
def test_a_new_household_with_the_phone_or_email_of_a_known_one_is_flagged(known, phone, email):
    household = new_household(phone=phone, email=email)
    assert household.possible_duplicate_of == known


def test_a_new_household_with_other_contact_details_is_not_flagged(known):
    household = new_household(phone="0485 55 66 78", email="amrani@example.be")
    assert household.possible_duplicate_of is None


def test_a_household_needs_a_phone_or_an_email(db):
    with pytest.raises(ProgrammeError) as excinfo:
        new_household(phone="", email="")
    assert excinfo.value.code == "contact"
    assert not Household.objects.exists()
    assert not Person.objects.exists()


def test_the_same_idempotency_key_returns_the_same_household(db):
    first = new_household(idempotency_key="form-1")
    again = new_household(idempotency_key="form-1")
    assert again.pk == first.pk
    assert Household.objects.count() == 1
    assert Person.objects.count() == 1


def test_someone_elses_idempotency_key_never_hands_out_their_household(db):
    theirs = new_household(idempotency_key="form-1")
    mine = new_household(idempotency_key="form-1", phone="0499 00 00 00", email="other@example.be")
    assert mine.pk != theirs.pk
    assert Household.objects.count() == 2


def test_a_new_household_records_the_current_consent(db):
    household = new_household()
    consent = household.consents.get()
    assert (consent.topic, consent.version) == (Consent.Topic.REGISTRATION, CONSENT_TEXTS["registration"][0])


def test_a_new_household_has_its_contact_person_and_children(db):
    household = create_household(
        contact_name="Fatima El Amrani",
        phone="0485 55 66 77",
        members=[
            NewPerson("Fatima", "El Amrani", is_contact=True),
            NewPerson("Youssef", "El Amrani", birth_date=datetime.date(2021, 3, 4)),
        ],
    )
    assert [(p.first_name, p.role, p.is_contact) for p in household.members.all()] == [
        ("Fatima", "adult", True),
        ("Youssef", "child", False),
    ]


@pytest.fixture
def duplicates(session, second_session, group):
    """The same family twice: `keep` on the first session, `duplicate` on both and in a group."""
    keep = family(2)
    duplicate = family(2, possible_duplicate_of=keep)
    register(session, keep, everyone(keep))
    register(session, duplicate, everyone(duplicate))
    register(second_session, duplicate, everyone(duplicate))
    MembershipFactory(household=duplicate, programme=group)
    Consent.objects.create(household=duplicate, topic="registration", version="2026-01")
    return keep, duplicate


def test_merging_moves_people_registrations_memberships_and_consents(duplicates, coordinator):
    keep, duplicate = duplicates
    moved_people = set(duplicate.members.values_list("pk", flat=True))

    merge_households(keep, duplicate, by=coordinator)

    assert moved_people <= set(keep.members.values_list("pk", flat=True))
    assert keep.members.count() == 4
    assert keep.registrations.count() == 3
    assert keep.memberships.count() == 1
    assert keep.consents.filter(version="2026-01").exists()


def test_merging_cancels_the_duplicates_registration_for_a_session_both_hold(duplicates, session, coordinator):
    keep, duplicate = duplicates
    merge_households(keep, duplicate, by=coordinator)
    assert sorted(Registration.objects.filter(session=session).values_list("household_id", "status")) == [
        (keep.pk, "cancelled"),
        (keep.pk, "confirmed"),
    ]


def test_merging_deletes_the_duplicate(duplicates, coordinator):
    keep, duplicate = duplicates
    flagged = HouseholdFactory(possible_duplicate_of=duplicate)

    merge_households(keep, duplicate, by=coordinator)

    assert not Household.objects.filter(pk=duplicate.pk).exists()
    refreshed(flagged)
    assert flagged.possible_duplicate_of == keep
    assert ModelLogEntry.objects.for_instance(keep).filter(action="programmes.household.merged").exists()


def test_a_household_cannot_be_merged_with_itself(coordinator):
    household = family(2)
    with pytest.raises(ProgrammeError) as excinfo:
        merge_households(household, Household.objects.get(pk=household.pk), by=coordinator)
    assert excinfo.value.code == "same"
    assert Household.objects.filter(pk=household.pk).exists()
    assert household.members.count() == 2


def test_merging_keeps_the_confirmed_place_when_only_the_duplicate_holds_one(session, coordinator):
    set_capacity(session, 2)
    duplicate, keep = family(2), family(2)
    register(session, duplicate, everyone(duplicate))
    assert register(session, keep, everyone(keep)).status == Registration.Status.WAITING

    merge_households(keep, duplicate, by=coordinator)

    assert Registration.objects.filter(session=session, household=keep).confirmed().exists()


def test_merging_gives_the_place_it_frees_to_the_waiting_list(session, coordinator):
    set_capacity(session, 2)
    keep, duplicate, waiting = family(), family(), family()
    for household in (keep, duplicate, waiting):
        register(session, household, everyone(household))

    merge_households(keep, duplicate, by=coordinator)

    assert statuses(session)[waiting.pk] == "confirmed"


# Person.age_in_months


@pytest.mark.parametrize(
    ("born", "on", "months"),
    [
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 27), 0),
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28), 1),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 28), 0),
        (datetime.date(2028, 1, 31), datetime.date(2028, 2, 29), 1),
        (datetime.date(2025, 1, 31), datetime.date(2025, 3, 30), 1),
        (datetime.date(2025, 1, 31), datetime.date(2025, 3, 31), 2),
        (datetime.date(2024, 2, 29), datetime.date(2025, 2, 28), 12),
        (datetime.date(2019, 5, 14), datetime.date(2026, 5, 13), 83),
        (datetime.date(2019, 5, 14), datetime.date(2026, 5, 14), 84),
        (datetime.date(2026, 11, 22), datetime.date(2026, 11, 22), 0),
    ],
    ids=[
        "31-jan-on-27-feb",
        "31-jan-on-28-feb",
        "31-jan-on-28-feb-leap-year",
        "31-jan-on-29-feb-leap-year",
        "31-jan-on-30-mar",
        "31-jan-on-31-mar",
        "29-feb-on-28-feb",
        "day-before-birthday",
        "on-birthday",
        "born-today",
    ],
)
def test_age_in_months_counts_completed_months(born, on, months):
    assert Person(role="child", birth_date=born).age_in_months(on) == months


def test_an_adult_without_a_birth_date_has_no_age():
    assert Person(role="adult").age_in_months(datetime.date(2026, 11, 22)) is None


# HouseholdQuerySet.search


@pytest.fixture
def amrani(db):
    household = HouseholdFactory(contact_name="Fatima El Amrani", phone="0485 11 22 33", postcode="2800")
    PersonFactory(household=household, first_name="Youssef")
    PersonFactory(household=household, first_name="Yasmine")
    HouseholdFactory(contact_name="Jan Peeters", phone="0479 99 88 77", postcode="2811")
    return household


@pytest.mark.parametrize(
    "text",
    ["amrani", "Youssef", " 0485 11 22 ", "0485112233", "22 33", "2800"],
    ids=["contact-name", "member-first-name", "phone-with-spaces", "phone-digits", "end-of-phone", "postcode"],
)
def test_the_desk_finds_a_household_by_name_phone_or_postcode(amrani, text):
    assert list(Household.objects.search(text)) == [amrani]


def test_a_household_with_several_matching_members_is_found_once(amrani):
    assert list(Household.objects.search("Y")) == [amrani]


# The database's last word


def test_the_database_refuses_two_active_registrations_of_one_household_for_a_session(session):
    registration = RegistrationFactory(session=session)
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(session=session, household=registration.household, status="waiting")
    assert Registration.objects.count() == 1


def test_the_database_allows_a_new_registration_next_to_a_cancelled_one(session):
    registration = RegistrationFactory(session=session, status="cancelled")
    RegistrationFactory(session=session, household=registration.household)
    assert Registration.objects.count() == 2


def test_the_database_refuses_a_household_without_phone_or_email(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(contact_name="Niemand")
    assert not Household.objects.exists()


def test_the_database_refuses_a_child_without_birth_date(db):
    household = HouseholdFactory(contact=False)
    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(household=household, first_name="Mila", role="child")
    assert not Person.objects.exists()


def test_the_database_refuses_a_waiting_registration_without_its_date(session):
    with pytest.raises(IntegrityError), transaction.atomic():
        RegistrationFactory(session=session, status="waiting", waiting_since=None)
    assert not Registration.objects.exists()
