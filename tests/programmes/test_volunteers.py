"""The volunteer sign-up rules (services/rosters.py) and the models they rest on.

Time stands still at NOW, ten days before the session (Wednesday 2 December
2026, 9:00–11:00). The default certificate is a confirmed model 2 issued on
1 June 2026, so valid until 1 June 2027 with the default twelve months.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from wagtail.models import ModelLogEntry

from programmes.errors import ProgrammeError
from programmes.models import Certificate, Shift, ShiftAssignment, VolunteerSettings
from programmes.services.rosters import RosterError, cancel, qualifies, shifts_from_templates, sign_up
from programmes.services.scheduling import regenerate_sessions
from tests.programmes.factories import ProgrammePageFactory, ScheduleRuleFactory, SessionFactory
from tests.programmes.volunteer_factories import (
    AnimatorRoleFactory,
    CertificateFactory,
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    ShiftTemplateFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory, may_edit

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
SESSION_START = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def programme(home):
    return ProgrammePageFactory(title="Sociale kruidenier De Korf")


@pytest.fixture
def session(programme):
    return SessionFactory(programme=programme, starts_at=SESSION_START)


@pytest.fixture
def shift(session):
    return ShiftFactory(session=session, needed=2)


@pytest.fixture
def animator_shift(session):
    return ShiftFactory(session=session, role=AnimatorRoleFactory(), needed=2)


@pytest.fixture
def volunteer(db):
    return VolunteerFactory()


@pytest.fixture
def coordinator(programme):
    return may_edit(UserFactory(roles=["coordinators"]), programme)


def refused(code, *args, **kwargs):
    with pytest.raises(RosterError) as excinfo:
        sign_up(*args, **kwargs)
    assert excinfo.value.code == code
    return excinfo.value


# Signing up


def test_volunteer_signs_up_for_an_open_shift_and_it_is_logged(shift, volunteer):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    assert assignment.status == ShiftAssignment.Status.SIGNED_UP
    assert assignment.created_by == volunteer.user
    entry = ModelLogEntry.objects.get(action="programmes.shift.signed_up")
    assert entry.user == volunteer.user
    assert entry.data == {"shift": shift.pk, "status": "signed_up", "override": False}


def test_a_coordinator_assigning_a_volunteer_confirms_at_once(shift, volunteer, coordinator):
    assert sign_up(shift, volunteer, by=coordinator).status == ShiftAssignment.Status.CONFIRMED


def test_nobody_else_signs_up_a_volunteer(shift, volunteer):
    refused("forbidden", shift, volunteer, by=UserFactory())
    assert not ShiftAssignment.objects.exists()


def test_an_inactive_volunteer_cannot_sign_up(shift):
    volunteer = VolunteerFactory(active=False)
    refused("inactive", shift, volunteer, by=volunteer.user)


def test_a_shift_that_has_started_takes_no_sign_ups(shift, volunteer, time_machine):
    time_machine.move_to(SESSION_START, tick=False)
    refused("past", shift, volunteer, by=volunteer.user)


def test_a_shift_with_its_own_earlier_start_is_past_before_the_session(session, volunteer, time_machine):
    shift = ShiftFactory(session=session, starts_at=SESSION_START - datetime.timedelta(minutes=30))
    time_machine.move_to(SESSION_START - datetime.timedelta(minutes=10), tick=False)
    refused("past", shift, volunteer, by=volunteer.user)


def test_a_cancelled_session_takes_no_sign_ups(shift, volunteer):
    shift.session.status, shift.session.cancel_reason = "cancelled", "Storm"
    shift.session.save()
    refused("cancelled_session", shift, volunteer, by=volunteer.user)


def test_a_full_shift_refuses_the_next_volunteer(shift):
    for volunteer in VolunteerFactory.create_batch(2):
        sign_up(shift, volunteer, by=volunteer.user)
    late = VolunteerFactory()
    refused("full", shift, late, by=late.user)
    assert shift.assignments.count() == 2


def test_a_full_shift_refuses_a_coordinator_too(shift, coordinator):
    ShiftAssignmentFactory.create_batch(2, shift=shift)
    refused("full", shift, VolunteerFactory(), by=coordinator)


def test_a_cancelled_sign_up_frees_its_place(shift):
    ShiftAssignmentFactory(shift=shift)
    ShiftAssignmentFactory(shift=shift, status="cancelled")
    volunteer = VolunteerFactory()
    assert sign_up(shift, volunteer, by=volunteer.user).is_active


def test_signing_up_twice_for_a_shift_is_refused(shift, volunteer):
    sign_up(shift, volunteer, by=volunteer.user)
    refused("duplicate", shift, volunteer, by=volunteer.user)
    assert shift.assignments.count() == 1


# Overlapping shifts


@pytest.fixture
def other_shift(home):
    """Another programme's shift on the same morning, 10:00–12:00."""
    return ShiftFactory(session=SessionFactory(starts_at=SESSION_START + datetime.timedelta(hours=1)))


def test_an_overlapping_shift_is_refused(shift, other_shift, volunteer):
    sign_up(other_shift, volunteer, by=volunteer.user)
    refused("overlap", shift, volunteer, by=volunteer.user)


def test_shifts_that_touch_do_not_overlap(shift, volunteer):
    later = ShiftFactory(session=SessionFactory(starts_at=SESSION_START + datetime.timedelta(hours=2)))
    sign_up(later, volunteer, by=volunteer.user)
    assert sign_up(shift, volunteer, by=volunteer.user).is_active


def test_overlap_follows_the_shifts_own_times(session, other_shift, volunteer):
    early = ShiftFactory(session=session, starts_at=SESSION_START, ends_at=SESSION_START + datetime.timedelta(hours=1))
    sign_up(other_shift, volunteer, by=volunteer.user)
    assert sign_up(early, volunteer, by=volunteer.user).is_active


def test_a_cancelled_shift_or_session_does_not_overlap(shift, other_shift, volunteer):
    ShiftAssignmentFactory(shift=other_shift, volunteer=volunteer, status="cancelled")
    sign_up(shift, volunteer, by=volunteer.user)
    third = ShiftFactory(session=SessionFactory(starts_at=SESSION_START, status="cancelled", cancel_reason="Storm"))
    ShiftAssignmentFactory(shift=third, volunteer=volunteer)
    assert ShiftAssignment.objects.active().filter(volunteer=volunteer).count() == 2


def test_a_coordinator_overrides_an_overlap_with_a_note(shift, other_shift, volunteer, coordinator):
    sign_up(other_shift, volunteer, by=volunteer.user)
    assignment = sign_up(shift, volunteer, by=coordinator, override_note="Helpt alleen het eerste uur.")
    assert assignment.override_note == "Helpt alleen het eerste uur."
    assert ModelLogEntry.objects.filter(action="programmes.shift.signed_up", data__override=True).count() == 1


def test_a_coordinator_without_a_note_does_not_override_an_overlap(shift, other_shift, volunteer, coordinator):
    sign_up(other_shift, volunteer, by=volunteer.user)
    refused("overlap", shift, volunteer, by=coordinator, override_note="   ")


def test_a_volunteers_own_note_does_not_override_an_overlap(shift, other_shift, volunteer):
    sign_up(other_shift, volunteer, by=volunteer.user)
    refused("overlap", shift, volunteer, by=volunteer.user, override_note="Ik kan dat wel.")


def test_a_note_without_an_overlap_is_not_kept(shift, volunteer, coordinator):
    assert sign_up(shift, volunteer, by=coordinator, override_note="Voor de zekerheid").override_note == ""


# Certificates


def test_a_child_facing_role_without_a_certificate_is_refused(animator_shift, volunteer):
    refused("certificate_missing", animator_shift, volunteer, by=volunteer.user)


def test_a_confirmed_valid_model_2_certificate_lets_the_volunteer_work_with_children(animator_shift, volunteer):
    CertificateFactory(volunteer=volunteer)
    assert sign_up(animator_shift, volunteer, by=volunteer.user).is_active


def test_an_unconfirmed_certificate_does_not_count(animator_shift, volunteer):
    CertificateFactory(volunteer=volunteer, confirmed_by=None, confirmed_at=None)
    refused("certificate_unconfirmed", animator_shift, volunteer, by=volunteer.user)


def test_an_expired_certificate_is_refused(animator_shift, volunteer):
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 6, 1))
    refused("certificate_expired", animator_shift, volunteer, by=volunteer.user)


def test_a_certificate_that_expires_before_the_shift_is_refused_although_valid_today(animator_shift, volunteer):
    certificate = CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 12, 1))
    assert certificate.covers(NOW.date())
    assert certificate.valid_until == datetime.date(2026, 12, 1)
    refused("certificate_expired", animator_shift, volunteer, by=volunteer.user)


def test_a_certificate_issued_after_the_shift_does_not_cover_it(animator_shift, volunteer):
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2026, 12, 10))
    refused("certificate_expired", animator_shift, volunteer, by=volunteer.user)


def test_a_coordinator_cannot_override_a_missing_certificate(animator_shift, volunteer, coordinator):
    refused("certificate_missing", animator_shift, volunteer, by=coordinator, override_note="Vertrouwd")


def test_a_role_needing_first_aid_asks_for_a_first_aid_certificate(session, volunteer):
    shift = ShiftFactory(session=session, role=RoleFactory(required_qualifications=["first_aid"]))
    CertificateFactory(volunteer=volunteer)  # model 2 is not first aid
    refused("certificate_missing", shift, volunteer, by=volunteer.user)
    CertificateFactory(volunteer=volunteer, kind="first_aid", issued_on=datetime.date(2024, 3, 1), valid_until=None)
    assert sign_up(shift, volunteer, by=volunteer.user).is_active


def test_a_first_aid_certificate_keeps_the_date_it_was_given(volunteer):
    certificate = CertificateFactory(
        volunteer=volunteer,
        kind="first_aid",
        issued_on=datetime.date(2025, 3, 1),
        valid_until=datetime.date(2028, 3, 1),
    )
    assert certificate.valid_until == datetime.date(2028, 3, 1)


def test_model_2_validity_follows_the_organisations_setting(volunteer):
    VolunteerSettings.objects.update_or_create(defaults={"model_2_valid_months": 6})
    certificate = CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2026, 8, 31))
    assert certificate.valid_until == datetime.date(2027, 2, 28)
    assert not certificate.covers(datetime.date(2027, 3, 1))


def test_qualifies_says_why_not_for_listing_open_shifts(animator_shift, shift, volunteer):
    assert qualifies(volunteer, shift) == (True, "")
    assert qualifies(volunteer, animator_shift) == (False, "certificate_missing")
    CertificateFactory(volunteer=volunteer)
    assert qualifies(volunteer, animator_shift) == (True, "")
    volunteer.active = False
    assert qualifies(volunteer, shift) == (False, "inactive")


def test_a_child_facing_role_must_ask_for_model_2(db):
    role = RoleFactory.build(name="Animator", child_facing=True, requires_model_2=False)
    with pytest.raises(ValidationError):
        role.full_clean()
    assert role.required_kinds == ["model_2"]


# Cancelling


def test_a_volunteer_cancels_before_the_deadline(shift, volunteer):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    cancel(assignment, by=volunteer.user)
    assignment.refresh_from_db()
    assert assignment.status == ShiftAssignment.Status.CANCELLED
    assert assignment.cancelled_at == NOW
    assert ModelLogEntry.objects.filter(action="programmes.shift.cancelled", user=volunteer.user).count() == 1


def test_a_volunteer_cannot_cancel_within_24_hours(shift, volunteer, time_machine):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    time_machine.move_to(SESSION_START - datetime.timedelta(hours=23), tick=False)
    with pytest.raises(RosterError) as excinfo:
        cancel(assignment, by=volunteer.user)
    assert excinfo.value.code == "deadline"
    assignment.refresh_from_db()
    assert assignment.is_active


def test_a_coordinator_cancels_any_time(shift, volunteer, coordinator, time_machine):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    time_machine.move_to(SESSION_START - datetime.timedelta(hours=1), tick=False)
    assert cancel(assignment, by=coordinator).status == ShiftAssignment.Status.CANCELLED


def test_nobody_else_cancels_a_volunteers_shift(shift, volunteer):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    with pytest.raises(RosterError) as excinfo:
        cancel(assignment, by=VolunteerFactory().user)
    assert excinfo.value.code == "forbidden"


def test_cancelling_twice_changes_nothing_the_second_time(shift, volunteer):
    assignment = sign_up(shift, volunteer, by=volunteer.user)
    cancel(assignment, by=volunteer.user)
    cancel(assignment, by=volunteer.user)
    assert ModelLogEntry.objects.filter(action="programmes.shift.cancelled").count() == 1


def test_roster_errors_are_programme_errors():
    assert issubclass(RosterError, ProgrammeError)


# Standard shifts


def test_templates_give_a_session_its_shifts_once(programme, session):
    ShiftTemplateFactory(programme=programme, needed=2, start_offset_minutes=-30)
    ShiftTemplateFactory(programme=programme, role=RoleFactory(name="Kassa"), needed=1)
    assert len(shifts_from_templates(session)) == 2
    assert shifts_from_templates(session) == []
    door, till = Shift.objects.filter(session=session).order_by("-needed")
    assert (door.needed, door.effective_starts_at, door.effective_ends_at) == (
        2,
        SESSION_START - datetime.timedelta(minutes=30),
        session.ends_at,
    )
    assert till.starts_at is None
    assert till.needed == 1


def test_generated_sessions_get_the_standard_shifts(programme):
    ScheduleRuleFactory(programme=programme)
    ShiftTemplateFactory(programme=programme)
    result = regenerate_sessions(programme, today=NOW.date(), horizon_days=14)
    assert len(result.created) == 2
    assert Shift.objects.filter(session__programme=programme).count() == 2
    regenerate_sessions(programme, today=NOW.date(), horizon_days=14)
    assert Shift.objects.filter(session__programme=programme).count() == 2


# Factories


def test_volunteer_factories_build_valid_rows(shift):
    for instance in (
        VolunteerFactory(),
        CertificateFactory(),
        AnimatorRoleFactory(),
        shift,
        ShiftTemplateFactory(programme=shift.session.programme),
        ShiftAssignmentFactory(shift=shift),
    ):
        instance.full_clean()
    assert Certificate.objects.get().covers(SESSION_START.date())


def test_empty_shifts_do_not_hold_a_session_in_place_but_a_volunteer_on_one_does(programme, session):
    ShiftTemplateFactory(programme=programme)
    shifts_from_templates(session)
    assert not session.has_people()
    ShiftAssignmentFactory(shift=Shift.objects.get(session=session))
    assert session.has_people()


# The organisation's grace policy for certificates that ran out


def test_by_default_an_expired_certificate_blocks_even_a_day_later(animator_shift, volunteer):
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 12, 1))  # until 1 December 2026
    assert qualifies(volunteer, animator_shift) == (False, "certificate_expired")
    refused("certificate_expired", animator_shift, volunteer, by=volunteer.user)


def test_the_warn_policy_lets_a_confirmed_certificate_count_during_the_grace_period(animator_shift, volunteer):
    VolunteerSettings.objects.update_or_create(defaults={"expired_certificate_policy": "warn", "grace_days": 30})
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 12, 1))
    assert qualifies(volunteer, animator_shift) == (True, "certificate_grace")
    assert sign_up(animator_shift, volunteer, by=volunteer.user).status == "signed_up"


def test_the_grace_period_ends_and_never_covers_an_unconfirmed_certificate(animator_shift, volunteer):
    VolunteerSettings.objects.update_or_create(defaults={"expired_certificate_policy": "warn", "grace_days": 1})
    CertificateFactory(volunteer=volunteer, issued_on=datetime.date(2025, 11, 30))  # until 30 November: 2 days
    assert qualifies(volunteer, animator_shift) == (False, "certificate_expired")
    Certificate.objects.update(valid_until=datetime.date(2026, 12, 1), confirmed_at=None)
    assert qualifies(volunteer, animator_shift) == (False, "certificate_expired")
