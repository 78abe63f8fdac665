"""Children's sensitive data: who may see medical notes (and that it is
logged), and its erasure after the retention period, keeping the counts."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.db import connection
from wagtail.models import ModelLogEntry

from holiday_play.models import Booking, ChildContact, ChildProfile
from holiday_play.permissions import may_see_medical, medical_notes_viewed
from holiday_play.services.bookings import book_day
from holiday_play.services.retention import erase_child_data
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory
from tests.website.factories import UserFactory, may_edit

D = datetime.date
pytestmark = pytest.mark.django_db
SECRETS = ("Astma", "puffer", "Noten", "Oma Rosa", "0470 99 11 22", "Dr. Peeters")


@pytest.fixture
def playground(home, time_machine):
    time_machine.move_to(datetime.datetime(2027, 6, 15, 10, 0, tzinfo=BRUSSELS), tick=False)
    page = PlaygroundPageFactory(periods=[HolidayPeriodFactory()])
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


def profile_of(child):
    profile = ChildProfile.objects.create(
        child=child,
        diet="Halal",
        allergies="Noten",
        medical_notes="Astma",
        medication="puffer voor het sporten",
        gp_name="Dr. Peeters",
        photo_consent=True,
    )
    ChildContact.objects.create(profile=profile, name="Oma Rosa", relationship="grootmoeder", phone="0470 99 11 22")
    return profile


@pytest.fixture
def booked_child(playground):
    child = ChildFactory(birth_date=D(2020, 3, 1), household=HouseholdFactory(contact=False))
    profile_of(child)
    book_day(playground, playground.sessions.get(local_date=D(2027, 7, 5)), child)
    return child


def everything_in_the_database():
    """Every text column of every table, as one string: where a secret could hide."""
    texts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from the database itself
            texts.extend(str(value) for row in cursor.fetchall() for value in row if isinstance(value, str))
    return "\n".join(texts)


def test_nothing_is_erased_within_sixty_days_after_the_holiday(booked_child):
    result = erase_child_data(today=D(2027, 10, 30))
    assert (result.profiles, result.contacts) == (0, 0)
    assert ChildProfile.objects.get().medical_notes == "Astma"


def test_a_dry_run_counts_and_changes_nothing(booked_child):
    result = erase_child_data(today=D(2027, 11, 1), dry_run=True)
    assert (result.profiles, result.contacts) == (1, 1)
    assert ChildContact.objects.count() == 1


def test_after_sixty_days_no_medical_allergy_or_pickup_text_is_left_anywhere(booked_child):
    medical_notes_viewed(ChildProfile.objects.get(), by=UserFactory(roles=["coordinators"]))
    result = erase_child_data(today=D(2027, 11, 1))
    assert (result.profiles, result.contacts) == (1, 1)
    everything = everything_in_the_database()
    for secret in SECRETS:
        assert secret not in everything, secret
    profile = ChildProfile.objects.get()
    assert profile.erased_at is not None
    assert profile.photo_consent  # not sensitive: kept until the household goes
    assert Booking.objects.filter(child=booked_child).count() == 1  # the counts and certificates stay
    assert ModelLogEntry.objects.filter(action="holiday_play.child_profile.erased").count() == 1
    # Erasing again finds nothing to do.
    assert erase_child_data(today=D(2027, 11, 2)).profiles == 0


def test_a_booking_in_a_later_holiday_keeps_the_data(booked_child, playground):
    autumn = HolidayPeriodFactory(name="Herfstvakantie", first_day=D(2027, 11, 1), last_day=D(2027, 11, 7))
    playground.periods.add(autumn)
    regenerate_sessions(playground, today=D(2027, 6, 1), horizon_days=200)
    book_day(playground, playground.sessions.get(local_date=D(2027, 11, 3)), booked_child, source="desk")
    assert erase_child_data(today=D(2027, 11, 10)).profiles == 0


def test_a_profile_without_bookings_goes_sixty_days_after_its_last_change(home, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=BRUSSELS), tick=False)
    profile_of(ChildFactory(birth_date=D(2020, 3, 1), household=HouseholdFactory(contact=False)))
    assert erase_child_data(today=D(2027, 4, 30)).profiles == 0
    assert erase_child_data(today=D(2027, 5, 1)).profiles == 1


def test_the_command_has_a_dry_run(booked_child, time_machine):
    time_machine.move_to(datetime.datetime(2027, 11, 1, 3, 0, tzinfo=BRUSSELS), tick=False)
    out = io.StringIO()
    call_command("erase_child_data", "--dry-run", stdout=out)
    assert "1 child profiles" in out.getvalue()
    assert ChildProfile.objects.get().medical_notes == "Astma"
    call_command("erase_child_data", stdout=io.StringIO())
    assert ChildProfile.objects.get().medical_notes == ""


def test_who_sees_medical_notes(playground):
    animator = UserFactory(roles=["animators"])
    coordinator = may_edit(UserFactory(roles=["coordinators"]), playground)
    other_coordinator = UserFactory(roles=["coordinators"])
    nurse = UserFactory(roles=["animators"])
    nurse.user_permissions.add(Permission.objects.get(codename="view_medical"))
    assert not may_see_medical(animator, playground)
    assert not may_see_medical(other_coordinator, playground)
    assert may_see_medical(coordinator, playground)
    assert may_see_medical(nurse, playground)


def test_reading_medical_notes_is_logged_without_the_notes(booked_child):
    profile = ChildProfile.objects.get()
    coordinator = UserFactory(roles=["coordinators"])
    medical_notes_viewed(profile, by=coordinator)
    entry = ModelLogEntry.objects.get(action="holiday_play.child_profile.medical_viewed")
    assert (entry.user, entry.object_id) == (coordinator, str(profile.pk))
    assert "Astma" not in str(entry.data)


def test_who_picked_the_child_up_and_signals_are_erased_too(booked_child, playground):
    from holiday_play.models import Signal

    Booking.objects.filter(child=booked_child).update(
        picked_up_by="Oma Rosa (grootmoeder)", pickup_override="Buurvrouw Els, mama belde"
    )
    Signal.objects.create(
        child=booked_child, playground=playground, concern="Blauwe plekken op de armen", follow_up_note="CLB gebeld"
    )
    assert erase_child_data(today=D(2027, 11, 1), dry_run=True).signals == 1
    result = erase_child_data(today=D(2027, 11, 1))
    assert (result.bookings, result.signals) == (1, 1)
    everything = everything_in_the_database()
    for secret in (*SECRETS, "Buurvrouw Els", "Blauwe plekken", "CLB gebeld"):
        assert secret not in everything, secret
    assert Signal.objects.get().erased_at is not None
    assert erase_child_data(today=D(2027, 11, 2)).signals == 0
