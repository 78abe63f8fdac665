"""Sign-in is throttled per user name and per address, on the desk and in the
Wagtail admin, and the answer never tells whether a user name exists."""

import datetime
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.utils import translation

from programmes import throttle
from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory
from website.sessions import AdminLoginView

DESK = "/desk/login/"
ADMIN = "/admin/login/"
START = datetime.datetime(2027, 3, 1, 10, 0, tzinfo=BRUSSELS)  # a quarter hour begins
WRONG = "fout"


@pytest.fixture(autouse=True)
def ten_o_clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def volunteer(db):
    return UserFactory(username="marc", roles=["grocery_volunteers"])


@pytest.fixture
def editor(db):
    return UserFactory(username="editor", is_superuser=True)


def attempt(client, username, typed=WRONG, url=DESK, address="127.0.0.1"):
    return client.post(url, {"username": username, "password": typed}, REMOTE_ADDR=address)


def fail(client, username, times, url=DESK, address="127.0.0.1"):
    for _ in range(times):
        assert attempt(client, username, url=url, address=address).status_code == 200


def refusal():
    with translation.override("nl-be"):
        return throttle.too_many_attempts("login_account")


def signed_in(client):
    return SESSION_KEY in client.session


def test_the_message_says_to_wait_a_quarter_of_an_hour():
    with translation.override("en"):
        assert throttle.too_many_attempts("login_account") == "Too many attempts. Try again in 15 minutes."


def test_the_sixth_attempt_for_an_account_is_refused_even_with_the_right_password(client, volunteer):
    fail(client, "marc", 5)
    response = attempt(client, "marc", "kansen-test")
    assert response.status_code == 429
    assert refusal() in response.content.decode()
    assert not signed_in(client)


def test_five_failures_still_allow_the_right_password(client, volunteer):
    fail(client, "marc", 4)
    assert attempt(client, "marc", "kansen-test").status_code == 302
    assert signed_in(client)


def test_user_names_are_counted_whatever_their_case_and_spaces(client, volunteer):
    for typed in ("Marc", " MARC", "marc ", "mArc", "marc"):
        attempt(client, typed)
    assert attempt(client, "marc", "kansen-test").status_code == 429


def comparable(response, username):
    """The page without what differs by nature: the CSRF token and the name typed."""
    page = response.content.decode().replace(username, "NAME")
    return response.status_code, re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


def test_an_unknown_user_and_a_wrong_password_get_the_same_answer(client, volunteer):
    assert comparable(attempt(client, "marc"), "marc") == comparable(attempt(client, "ghost"), "ghost")
    fail(client, "marc", 4)
    fail(client, "ghost", 4)
    # The same refusal, after the same number of attempts.
    blocked_known, blocked_unknown = attempt(client, "marc"), attempt(client, "ghost")
    assert blocked_known.status_code == 429
    assert comparable(blocked_known, "marc") == comparable(blocked_unknown, "ghost")


def test_the_address_limit_holds_across_user_names(client, volunteer):
    for number in range(20):
        assert attempt(client, f"guess{number}").status_code == 200
    assert attempt(client, "marc", "kansen-test").status_code == 429
    assert not signed_in(client)
    assert attempt(client, "marc", "kansen-test", address="10.0.0.2").status_code == 302


def test_a_success_starts_the_account_count_again_but_not_the_address_count(client, volunteer, settings):
    settings.KANSEN_RATE_LIMITS = settings.KANSEN_RATE_LIMITS | {
        "login_account": (3, 15 * 60),
        "login_address": (5, 15 * 60),
    }
    fail(client, "marc", 2)
    assert attempt(client, "marc", "kansen-test").status_code == 302
    client.logout()
    fail(client, "marc", 2)  # two more for the account: allowed, its count started again
    assert attempt(client, "marc", "kansen-test").status_code == 302
    client.logout()
    fail(client, "other", 1)  # the address's fifth failure
    assert attempt(client, "marc", "kansen-test").status_code == 429


def test_the_refusal_ends_when_the_quarter_hour_has_passed(client, volunteer, ten_o_clock):
    fail(client, "marc", 5)
    ten_o_clock.move_to(START + datetime.timedelta(minutes=14, seconds=59), tick=False)
    assert attempt(client, "marc", "kansen-test").status_code == 429
    ten_o_clock.move_to(START + datetime.timedelta(minutes=15), tick=False)
    assert attempt(client, "marc", "kansen-test").status_code == 302


def test_a_refused_attempt_is_answered_in_the_users_language(client, volunteer):
    fail(client, "marc", 5, url="/fr" + DESK)
    response = attempt(client, "marc", url="/fr" + DESK)
    assert response.status_code == 429
    with translation.override("fr"):
        assert throttle.too_many_attempts("login_account") in response.content.decode()


def test_the_admin_sign_in_is_the_throttled_one(client, editor):
    response = client.get(ADMIN)
    assert response.status_code == 200
    assert response.resolver_match.func.view_class is AdminLoginView


def test_the_admin_sign_in_still_works(client, editor):
    response = attempt(client, "editor", "kansen-test", url=ADMIN)
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_the_admin_sign_in_is_refused_after_five_failures(client, editor):
    fail(client, "editor", 5, url=ADMIN)
    response = attempt(client, "editor", "kansen-test", url=ADMIN)
    assert response.status_code == 429
    assert refusal() in response.content.decode()
    assert not signed_in(client)


def test_desk_and_admin_share_the_count(client, volunteer):
    fail(client, "marc", 3, url=ADMIN)
    fail(client, "marc", 2, url=DESK)
    assert attempt(client, "marc", "kansen-test", url=DESK).status_code == 429


def test_an_empty_password_neither_counts_nor_starts_the_count_again(client, volunteer):
    fail(client, "marc", 4)
    assert attempt(client, "marc", "").status_code == 200
    assert attempt(client, "marc").status_code == 200  # the fifth failure
    assert attempt(client, "marc", "kansen-test").status_code == 429


def test_no_user_name_or_address_is_kept_in_the_cache(client, volunteer):
    attempt(client, "marc", address="192.0.2.77")
    keys = " ".join(cache._cache)  # LocMemCache's own store: the keys as written
    assert keys.count("throttle:") == 2
    assert "marc" not in keys.lower()
    assert "192.0.2.77" not in keys


# Wagtail's "forgot your password" mails


RESET = "/admin/password_reset/"


def ask_reset(client, email, address="127.0.0.1"):
    return client.post(RESET, {"email": email}, REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE="nl")


def test_a_reset_mail_is_sent_three_times_an_hour_per_address_at_most(client, editor, mailoutbox):
    editor.email = "els@example.be"
    editor.save()
    for _ in range(3):
        assert ask_reset(client, "ELS@example.be ").status_code == 302
    response = ask_reset(client, "els@example.be", address="10.0.0.9")
    assert response.status_code == 429
    with translation.override("nl-be"):
        assert throttle.too_many_attempts("password_reset_address") in response.text
    assert len(mailoutbox) == 3


def test_reset_requests_from_one_address_are_limited_known_or_not(client, db, mailoutbox):
    for number in range(5):
        assert ask_reset(client, f"niemand{number}@example.be").status_code == 302
    assert ask_reset(client, "nog.iemand@example.be").status_code == 429
    assert ask_reset(client, "nog.iemand@example.be", address="10.0.0.9").status_code == 302
    assert mailoutbox == []
