"""The public forms cannot be used to spam a family or fill the database:
registrations, play-day bookings and new manage links are limited per
address (and per e-mail address asked for); over the limit nothing is stored
and nothing is sent."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory, override_settings
from django.utils import translation

from holiday_play.models import Booking
from programmes import throttle
from programmes.models import Household
from tests.holiday_play.test_booking_public import book_url, playground  # noqa: F401
from tests.holiday_play.test_booking_public import form_data as booking_data
from tests.programmes.factories import BRUSSELS, HouseholdFactory
from tests.programmes.test_registration_public import form_data, homework, register_url  # noqa: F401

NEW_LINK = "/registrations/new-link/"
START = datetime.datetime(2027, 6, 15, 10, 0, tzinfo=BRUSSELS)  # an hour begins


@pytest.fixture(autouse=True)
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


@pytest.fixture
def post(client, django_capture_on_commit_callbacks):
    """client.post from an address, then what runs after the commit (mails)."""

    def post(url, data, address="127.0.0.1"):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data, REMOTE_ADDR=address)

    return post


def refusal(scope):
    with translation.override("nl-be"):
        return throttle.too_many_attempts(scope)


class TestThrottle:
    @override_settings(KANSEN_RATE_LIMITS={"test": (3, 60 * 60)})
    def test_the_attempt_over_the_limit_is_refused_until_the_window_passes(self, clock):
        assert [throttle.hit("test", "x") for _ in range(4)] == [False, False, False, True]
        assert throttle.is_blocked("test", "x")
        assert not throttle.is_blocked("test", "y")
        clock.move_to(START + datetime.timedelta(minutes=59, seconds=59), tick=False)
        assert throttle.is_blocked("test", "x")
        clock.move_to(START + datetime.timedelta(hours=1), tick=False)
        assert not throttle.is_blocked("test", "x")

    @override_settings(KANSEN_RATE_LIMITS={"test": (2, 60 * 60)})
    def test_reset_forgets_the_attempts(self):
        throttle.hit("test", "x")
        throttle.hit("test", "x")
        throttle.reset("test", "x")
        assert not throttle.is_blocked("test", "x")

    @override_settings(
        KANSEN_RATE_LIMITS={"test": (3, 15 * 60)},
        CACHES={"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "kansen_throttle"}},
    )
    def test_the_database_cache_keeps_the_count_for_the_whole_window(self, db, clock):
        """Its incr writes back with the default timeout of 5 minutes; the
        count must last the window all the same (and time_machine moves its expiry)."""
        call_command("createcachetable", verbosity=0)
        throttle.hit("test", "x")
        throttle.hit("test", "x")
        throttle.hit("test", "x")
        clock.move_to(START + datetime.timedelta(minutes=14), tick=False)
        assert throttle.is_blocked("test", "x")
        clock.move_to(START + datetime.timedelta(minutes=15), tick=False)
        assert not throttle.is_blocked("test", "x")
        # The old window's counter is gone soon after (expiry follows the moved clock).
        clock.move_to(START + datetime.timedelta(minutes=15, seconds=throttle.MARGIN + 1), tick=False)
        assert cache.get(throttle._cache_key("test", "x", 15 * 60, START.timestamp())) is None

    def test_the_address_is_remote_addr_unless_a_proxy_is_trusted(self, settings):
        request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
        assert throttle.client_address(request) == "127.0.0.1"
        settings.KANSEN_TRUSTED_PROXIES = 1
        assert throttle.client_address(request) == "203.0.113.9"
        assert throttle.client_address(RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")) == "127.0.0.1"

    def test_the_messages_name_minutes_or_hours(self):
        with translation.override("en"):
            assert throttle.too_many_attempts("registration_address") == "Too many attempts. Try again in 1 hour."
            assert throttle.too_many_attempts("login_address") == "Too many attempts. Try again in 15 minutes."


def register(post, homework, number, address="127.0.0.1"):  # noqa: F811
    data = form_data([homework.first], email=f"family{number}@example.be", idempotency_key=f"{number:032d}")
    return post(register_url(homework), data, address=address)


class TestRegistration:
    def test_the_eleventh_registration_from_one_address_is_refused_and_stores_nothing(self, post, homework):  # noqa: F811
        for number in range(10):
            assert register(post, homework, number).status_code == 302
        response = register(post, homework, 10)
        assert response.status_code == 429
        assert refusal("registration_address") in response.content.decode()
        assert Household.objects.count() == 10
        assert register(post, homework, 11, address="10.0.0.2").status_code == 302

    def test_forms_sent_back_with_mistakes_do_not_count(self, post, homework, settings):  # noqa: F811
        settings.KANSEN_RATE_LIMITS = settings.KANSEN_RATE_LIMITS | {"registration_address": (1, 60 * 60)}
        for _ in range(3):
            assert post(register_url(homework), form_data([homework.first], consent="")).status_code == 400
        assert register(post, homework, 1).status_code == 302
        assert register(post, homework, 2).status_code == 429

    def test_a_refusal_sends_no_mail(self, post, homework, settings, mailoutbox):  # noqa: F811
        settings.KANSEN_RATE_LIMITS = settings.KANSEN_RATE_LIMITS | {"registration_address": (1, 60 * 60)}
        register(post, homework, 1)
        sent = len(mailoutbox)
        assert register(post, homework, 2).status_code == 429
        assert len(mailoutbox) == sent


def comparable(response, email):
    """The page without what differs by nature: the CSRF token and the address typed."""
    page = response.content.decode().replace(email, "X@")
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


class TestNewLink:
    def test_the_sixth_request_from_one_address_is_refused_and_sends_nothing(self, db, post, mailoutbox):
        for number in range(5):
            HouseholdFactory(email=f"family{number}@example.be")
            assert post(NEW_LINK, {"email": f"family{number}@example.be"}).status_code == 200
        assert len(mailoutbox) == 5
        HouseholdFactory(email="family5@example.be")
        response = post(NEW_LINK, {"email": "family5@example.be"})
        assert response.status_code == 429
        assert refusal("new_link_address") in response.content.decode()
        assert len(mailoutbox) == 5

    def test_the_fourth_request_for_one_address_is_refused_from_anywhere(self, db, post, mailoutbox):
        HouseholdFactory(email="radka@example.be")
        for number in range(3):
            assert post(NEW_LINK, {"email": "radka@example.be"}, address=f"10.0.0.{number}").status_code == 200
        assert len(mailoutbox) == 3
        assert post(NEW_LINK, {"email": " RADKA@example.be"}, address="10.0.0.9").status_code == 429
        assert len(mailoutbox) == 3

    def test_a_refusal_is_the_same_for_a_known_and_an_unknown_address(self, db, post, mailoutbox):
        HouseholdFactory(email="known@example.be")
        for _ in range(3):
            post(NEW_LINK, {"email": "known@example.be"}, address="10.0.0.1")
            post(NEW_LINK, {"email": "nobody@example.be"}, address="10.0.0.2")
        known = post(NEW_LINK, {"email": "known@example.be"}, address="10.0.0.3")
        unknown = post(NEW_LINK, {"email": "nobody@example.be"}, address="10.0.0.4")
        assert known.status_code == unknown.status_code == 429
        assert comparable(known, "known@") == comparable(unknown, "nobody@")

    def test_a_bad_address_does_not_count(self, post, db):
        for _ in range(6):
            assert post(NEW_LINK, {"email": "not an address"}).status_code == 400
        assert post(NEW_LINK, {"email": "radka@example.be"}).status_code == 200


class TestPlaygroundBooking:
    def test_bookings_over_the_limit_are_refused_and_store_nothing(self, post, playground, settings, mailoutbox):  # noqa: F811
        settings.KANSEN_RATE_LIMITS = settings.KANSEN_RATE_LIMITS | {"registration_address": (1, 60 * 60)}
        assert post(book_url(playground), booking_data(playground)).status_code == 302
        households, bookings, sent = Household.objects.count(), Booking.objects.count(), len(mailoutbox)
        response = post(
            book_url(playground), booking_data(playground, email="other@example.be", idempotency_key="m" * 32)
        )
        assert response.status_code == 429
        assert refusal("registration_address") in response.content.decode()
        assert (Household.objects.count(), Booking.objects.count(), len(mailoutbox)) == (households, bookings, sent)
        other = booking_data(playground, email="third@example.be", idempotency_key="n" * 32)
        assert post(book_url(playground), other, address="10.0.0.2").status_code == 302
