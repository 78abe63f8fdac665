"""A child's medical notes and an early-detection signal open only when the
password was typed less than 15 minutes ago (programmes.reauth); the read is
audit-logged only once they are shown."""

import datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from holiday_play.models import ChildProfile
from tests.holiday_play.signal_factories import SignalFactory
from tests.holiday_play.test_child_profile_admin import (
    booked_profile,
    form_data,
    medical_reads,
    new_playground,
    url,
    with_permissions,
)
from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db
START = datetime.datetime(2027, 7, 5, 8, 45, tzinfo=BRUSSELS)
PASSWORD = "kansen-test"
CONFIRM = "/admin/confirm-password/"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def later(clock, minutes):
    clock.move_to(START + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def playground(home, clock):
    return new_playground()


@pytest.fixture
def profile(playground):
    return booked_profile(playground, "Mila")


@pytest.fixture
def coordinator(playground):
    return may_edit(UserFactory(username="els", roles=["coordinators"]), playground)


def sign_in(client, username):
    response = client.post("/admin/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return client


def asks_for_password(response, comes_back_to):
    return response.status_code == 302 and response.url == CONFIRM + "?" + urlencode({"next": comes_back_to})


def test_medical_notes_within_fifteen_minutes_open_at_once(client, clock, coordinator, profile):
    sign_in(client, "els")
    later(clock, 14)
    response = client.get(url("inspect", profile.pk))
    assert response.status_code == 200
    assert "Astma" in response.text
    assert medical_reads(profile) == 1


def test_medical_notes_after_sixteen_minutes_need_the_password(client, clock, coordinator, profile):
    sign_in(client, "els")
    later(clock, 16)
    inspect = url("inspect", profile.pk)
    response = client.get(inspect)
    assert asks_for_password(response, inspect)
    assert medical_reads(profile) == 0

    with translation.override("nl-be"):
        wrong = client.post(CONFIRM, {"password": "geraden", "next": inspect})
        assert wrong.status_code == 200
        assert gettext("That is not your password. Please try again.") in wrong.text
        assert "Astma" not in wrong.text
    assert asks_for_password(client.get(inspect), inspect)
    assert medical_reads(profile) == 0

    confirmed = client.post(CONFIRM, {"password": PASSWORD, "next": inspect})
    assert (confirmed.status_code, confirmed.url) == (302, inspect)
    response = client.get(inspect)
    assert response.status_code == 200
    assert "Astma" in response.text
    assert medical_reads(profile) == 1


def test_the_edit_form_with_medical_notes_needs_the_password_but_a_save_goes_through(
    client, clock, coordinator, profile
):
    sign_in(client, "els")
    later(clock, 16)
    edit = url("edit", profile.pk)
    assert asks_for_password(client.get(edit), edit)
    assert medical_reads(profile) == 0
    # A form opened in time and sent later is not thrown away.
    response = client.post(edit, form_data(profile, diet="Vegetarisch"))
    assert response.status_code == 302
    assert not response.url.startswith(CONFIRM)
    assert ChildProfile.objects.get(pk=profile.pk).diet == "Vegetarisch"


def test_a_profile_without_medical_notes_for_this_user_needs_no_password(client, clock, playground, profile):
    head_animator = UserFactory(username="jonas", roles=["animators"])
    head_animator.groups.add(playground.animator_team)
    with_permissions(head_animator, "access_admin", "view_childprofile")
    sign_in(client, "jonas")
    later(clock, 16)
    response = client.get(url("inspect", profile.pk))
    assert response.status_code == 200
    assert "Noten" in response.text
    assert "Astma" not in response.text


def test_someone_elses_child_stays_a_404_without_asking_the_password(client, clock, coordinator):
    elsewhere = booked_profile(new_playground(), "Noor")
    sign_in(client, "els")
    later(clock, 16)
    assert client.get(url("inspect", elsewhere.pk)).status_code == 404
    assert client.get(url("edit", elsewhere.pk)).status_code == 404
    assert ChildProfile.objects.get(pk=elsewhere.pk).medical_notes == "Astma"


def test_a_signal_after_sixteen_minutes_needs_the_password(client, clock, playground, profile):
    signal = SignalFactory(child=profile.child, playground=playground)
    UserFactory(username="sara", roles=["social_workers"])
    sign_in(client, "sara")
    inspect = reverse("holiday_play_signal:inspect", args=[signal.pk])
    later(clock, 16)
    assert asks_for_password(client.get(inspect), inspect)
    viewed = ModelLogEntry.objects.filter(action="holiday_play.signal.viewed", object_id=str(signal.pk))
    assert not viewed.exists()
    client.post(CONFIRM, {"password": PASSWORD, "next": inspect})
    response = client.get(inspect)
    assert response.status_code == 200
    assert "bruises" in response.text
    assert viewed.count() == 1
