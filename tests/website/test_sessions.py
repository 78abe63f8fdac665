"""Staff sessions end after 30 minutes idle and 12 hours after signing in,
and their cookie stays out of reach of scripts and other sites."""

import datetime
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.sessions.models import Session
from django.utils import translation
from django.utils.translation import ngettext

from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory
from tests.website.test_settings import PRODUCTION_ENV, ROOT
from website.sessions import SIGNED_IN_AT
from website.settings import base

START = datetime.datetime(2027, 3, 1, 8, 0, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def real_lifetimes(settings):
    # The test settings stretch them for tests that travel in time.
    settings.SESSION_COOKIE_AGE = base.SESSION_COOKIE_AGE
    settings.KANSEN_SESSION_MAX_AGE = base.KANSEN_SESSION_MAX_AGE


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def volunteer(db):
    return UserFactory(username="marc", roles=["grocery_volunteers"])


def at(clock, **delta):
    clock.move_to(START + datetime.timedelta(**delta), tick=False)


def signed_out(response):
    return response.status_code == 302 and response["Location"].startswith("/desk/login/")


def test_session_settings_end_idle_sessions_and_keep_the_cookie_to_ourselves():
    assert base.SESSION_COOKIE_AGE == 30 * 60
    assert base.KANSEN_SESSION_REFRESH == 5 * 60
    assert base.KANSEN_SESSION_MAX_AGE == 12 * 60 * 60
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_cookies_travel_over_https_only():
    script = (
        "from website.settings import production as p; "
        "print(p.SESSION_COOKIE_SECURE, p.CSRF_COOKIE_SECURE, p.SESSION_COOKIE_HTTPONLY, p.SESSION_COOKIE_SAMESITE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **PRODUCTION_ENV},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.split() == ["True", "True", "True", "Lax"]


def test_the_sign_in_cookie_is_http_only_same_site_and_short_lived(client, volunteer, clock):
    response = client.post("/desk/login/", {"username": "marc", "password": "kansen-test"})
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert cookie["max-age"] == 30 * 60


def test_families_get_no_session_cookie(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert settings.SESSION_COOKIE_NAME not in response.cookies


def test_a_session_ends_after_30_minutes_idle(client, volunteer, clock):
    client.force_login(volunteer)
    at(clock, minutes=29)
    assert client.get("/desk/").status_code == 200
    at(clock, minutes=29 + 29)  # a request moves the expiry
    assert client.get("/desk/").status_code == 200
    at(clock, minutes=29 + 29 + 31)
    assert signed_out(client.get("/desk/"))


def test_a_session_ends_12_hours_after_signing_in_however_active(client, volunteer, clock):
    client.force_login(volunteer)
    for minutes in range(20, 12 * 60, 20):
        at(clock, minutes=minutes)
        assert client.get("/desk/").status_code == 200, minutes
    at(clock, hours=12, minutes=1)
    response = client.get("/desk/")
    assert signed_out(response)
    with translation.override("nl-be"):
        expected = ngettext(
            "You were signed out after %(count)d hour. Please sign in again.",
            "You were signed out after %(count)d hours. Please sign in again.",
            12,
        ) % {"count": 12}
    assert [str(message) for message in get_messages(response.wsgi_request)] == [expected]
    # Signing in again starts a new 12 hours.
    assert client.post("/desk/login/", {"username": "marc", "password": "kansen-test"}).status_code == 302
    assert client.get("/desk/").status_code == 200


def test_the_12_hours_count_for_the_admin_too(client, volunteer, clock):
    volunteer.is_superuser = True
    volunteer.save()
    client.force_login(volunteer)
    for minutes in range(25, 12 * 60, 25):
        at(clock, minutes=minutes)
        assert client.get("/admin/").status_code == 200, minutes
    at(clock, hours=12, minutes=5)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_a_session_signed_in_before_the_stamp_existed_ends_once(client, volunteer, clock):
    client.force_login(volunteer)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert signed_out(client.get("/desk/"))


def test_a_request_moves_the_expiry_only_every_five_minutes(client, volunteer, clock):
    client.force_login(volunteer)
    session_key = client.session.session_key
    expiry = Session.objects.get(session_key=session_key).expire_date
    at(clock, minutes=4)
    assert client.get("/desk/").status_code == 200
    assert Session.objects.get(session_key=session_key).expire_date == expiry
    at(clock, minutes=6)
    assert client.get("/desk/").status_code == 200
    assert Session.objects.get(session_key=session_key).expire_date == expiry + datetime.timedelta(minutes=6)
