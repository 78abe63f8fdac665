"""Mails to volunteers (programmes/tasks.py): the reminder before a shift, the
reminder to renew a certificate, and the command that queues both.

Time stands still at NOW, Sunday 22 November 2026 10:00. Tasks are called
with `.call()` so that a template error fails loudly (the immediate backend
of the test settings would log and swallow it); the command goes through
`.enqueue()` and that backend. `mailoutbox` comes after the fixtures that
use the database: the database's test set-up gives Django a new outbox.
"""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.urls import reverse

from programmes.models import Certificate, Session, ShiftAssignment, VolunteerSettings
from programmes.tasks import send_certificate_renewal_reminders, send_shift_reminders
from tests.programmes.factories import ProgrammePageFactory, SessionFactory, VenueFactory
from tests.programmes.volunteer_factories import (
    CertificateFactory,
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def schap(home):
    return ProgrammePageFactory(title="'t Schap", venue=VenueFactory(name="Buurthuis Den Bunt"))


@pytest.fixture
def door(db):
    return RoleFactory(name="Onthaal")


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(username="fatima", email="fatima@kansen.example"))


def shift_at(programme, role, start, **fields):
    return ShiftFactory(session=SessionFactory(programme=programme, starts_at=start), role=role, **fields)


def hours_from_now(hours):
    return NOW + datetime.timedelta(hours=hours)


# Shift reminders


def test_a_shift_tomorrow_gets_one_reminder_with_what_when_where_and_how_to_cancel(volunteer, schap, door, mailoutbox):
    shift = shift_at(schap, door, hours_from_now(28))
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    send_shift_reminders.call()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["fatima@kansen.example"]
    assert "Onthaal" in message.subject
    assert "'t Schap" in message.body
    assert "Buurthuis Den Bunt" in message.body
    assert "14:00" in message.body  # 28 hours from Sunday 10:00
    # The desk's "my shifts", from the default site's address.
    assert f"http://localhost{reverse('desk:my_shifts')}" in message.body
    assert [mimetype for _content, mimetype in message.alternatives] == ["text/html"]
    assignment.refresh_from_db()
    assert assignment.reminded_at == NOW


def test_running_the_reminders_twice_sends_each_once(volunteer, schap, door, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(28)), volunteer=volunteer)
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(40)), status="confirmed")
    send_shift_reminders.call()
    send_shift_reminders.call()
    assert len(mailoutbox) == 2


def test_the_shifts_own_start_decides(volunteer, schap, door, mailoutbox):
    """The session starts just after the two days; the door shift half an hour earlier, within them."""
    session_start = hours_from_now(48.25)
    shift = shift_at(
        schap, door, session_start, starts_at=session_start - datetime.timedelta(minutes=30), ends_at=session_start
    )
    ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    send_shift_reminders.call()
    assert len(mailoutbox) == 1


@pytest.mark.parametrize("status", ["cancelled", "no_show", "came"])
def test_no_reminder_for_a_sign_up_that_is_not_on(volunteer, schap, door, status, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(28)), volunteer=volunteer, status=status)
    send_shift_reminders.call()
    assert mailoutbox == []


def test_no_reminder_for_a_cancelled_session(volunteer, schap, door, mailoutbox):
    shift = shift_at(schap, door, hours_from_now(28))
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    Session.objects.filter(pk=shift.session_id).update(status="cancelled", cancel_reason="Stroompanne")
    send_shift_reminders.call()
    assert mailoutbox == []
    assignment.refresh_from_db()
    assert assignment.reminded_at is None


@pytest.mark.parametrize("hours", [72, 49, -1, -30])
def test_no_reminder_for_shifts_three_days_away_or_past(volunteer, schap, door, hours, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(hours)), volunteer=volunteer)
    send_shift_reminders.call()
    assert mailoutbox == []


def test_a_volunteer_without_an_email_address_gets_no_mail_and_nothing_breaks(schap, door, mailoutbox):
    volunteer = VolunteerFactory(user=UserFactory(email=""))
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(28)), volunteer=volunteer)
    send_shift_reminders.call()
    assert mailoutbox == []


def test_a_shift_within_24_hours_says_to_call_the_coordinator(volunteer, schap, door, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(20)), volunteer=volunteer)
    send_shift_reminders.call()
    assert schap.contact_phone in mailoutbox[0].body


# Certificate renewal


def model_2(volunteer, valid_until, **fields):
    """A confirmed model 2 certificate that runs out on `valid_until` (valid 12 months)."""
    issued_on = valid_until.replace(year=valid_until.year - 1)
    certificate = CertificateFactory(volunteer=volunteer, issued_on=issued_on, **fields)
    assert certificate.valid_until == valid_until
    return certificate


def test_a_model_2_certificate_running_out_within_six_weeks_gets_one_reminder(volunteer, mailoutbox):
    certificate = model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    send_certificate_renewal_reminders.call()
    send_certificate_renewal_reminders.call()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["fatima@kansen.example"]
    assert "2026" in message.subject  # the date it runs out: 20 December 2026
    assert "model 2" in message.body
    assert f"http://localhost{reverse('desk:my_shifts')}" in message.body
    certificate.refresh_from_db()
    assert certificate.renewal_reminded_at == NOW


def test_no_reminder_when_a_newer_certificate_is_valid_longer(volunteer, mailoutbox):
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    CertificateFactory(volunteer=volunteer, issued_on=TODAY - datetime.timedelta(days=3))
    send_certificate_renewal_reminders.call()
    assert mailoutbox == []


def test_a_newer_certificate_that_is_not_confirmed_does_not_stop_the_reminder(volunteer, mailoutbox):
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    CertificateFactory(
        volunteer=volunteer, issued_on=TODAY - datetime.timedelta(days=3), confirmed_at=None, confirmed_by=None
    )
    send_certificate_renewal_reminders.call()
    assert len(mailoutbox) == 1


def test_no_reminder_for_an_inactive_volunteer(volunteer, mailoutbox):
    volunteer.active = False
    volunteer.save()
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    send_certificate_renewal_reminders.call()
    assert mailoutbox == []


@pytest.mark.parametrize("valid_for", [datetime.timedelta(weeks=7), datetime.timedelta(days=-1)])
def test_no_reminder_outside_the_window(volunteer, valid_for, mailoutbox):
    model_2(volunteer, TODAY + valid_for)
    send_certificate_renewal_reminders.call()
    assert mailoutbox == []


def test_no_reminder_for_an_unconfirmed_certificate(volunteer, mailoutbox):
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4), confirmed_at=None, confirmed_by=None)
    send_certificate_renewal_reminders.call()
    assert mailoutbox == []


def test_the_window_follows_the_volunteer_settings(volunteer, mailoutbox):
    settings = VolunteerSettings.load()
    settings.renewal_reminder_weeks = 10
    settings.save()
    model_2(volunteer, TODAY + datetime.timedelta(weeks=8))
    send_certificate_renewal_reminders.call()
    assert len(mailoutbox) == 1


def test_other_kinds_with_an_end_get_a_reminder_too(volunteer, mailoutbox):
    CertificateFactory(
        volunteer=volunteer,
        kind=Certificate.Kind.FIRST_AID,
        issued_on=datetime.date(2024, 12, 1),
        valid_until=TODAY + datetime.timedelta(weeks=2),
    )
    CertificateFactory(volunteer=volunteer, kind=Certificate.Kind.ANIMATOR, issued_on=datetime.date(2020, 7, 1))
    send_certificate_renewal_reminders.call()
    assert len(mailoutbox) == 1
    assert "model 2" not in mailoutbox[0].body


# The command


def test_the_command_queues_both_and_running_it_twice_sends_each_once(volunteer, schap, door, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(28)), volunteer=volunteer)
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    call_command("send_volunteer_reminders")
    call_command("send_volunteer_reminders")
    assert len(mailoutbox) == 2
    assert ShiftAssignment.objects.filter(reminded_at__isnull=False).count() == 1
    assert Certificate.objects.filter(renewal_reminded_at__isnull=False).count() == 1


def test_the_command_dry_run_counts_and_sends_nothing(volunteer, schap, door, capsys, mailoutbox):
    ShiftAssignmentFactory(shift=shift_at(schap, door, hours_from_now(28)), volunteer=volunteer)
    model_2(volunteer, TODAY + datetime.timedelta(weeks=4))
    call_command("send_volunteer_reminders", "--dry-run")
    assert mailoutbox == []
    assert "1 shift reminders and 1 certificate reminders" in capsys.readouterr().out
    assert not ShiftAssignment.objects.filter(reminded_at__isnull=False).exists()
