"""Downloads of lists with personal data ask for the password again when it
was typed more than 15 minutes ago; the "Confirm your password" page, in the
admin and at the desk, counts wrong passwords with the sign-in pages. The
medical notes and signals: tests/holiday_play/test_medical_reauth.py."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from programmes import audit, reauth, throttle
from programmes.views.reauth import ConfirmPasswordView
from tests.programmes.factories import (
    BRUSSELS,
    HouseholdFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory, may_edit
from website.sessions import SIGNED_IN_AT
from website.settings import base

pytestmark = pytest.mark.django_db
START = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=BRUSSELS)
PASSWORD = "kansen-test"
ADMIN_CONFIRM = "/admin/confirm-password/"
DESK_CONFIRM = "/desk/confirm-password/"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def later(clock, minutes):
    clock.move_to(START + datetime.timedelta(minutes=minutes), tick=False)


@pytest.fixture
def coordinator(home):
    babbelonie = ProgrammePageFactory(title="Babbelonie", registration_mode="per_session")
    session = SessionFactory(programme=babbelonie, starts_at=START + datetime.timedelta(days=7), capacity=4)
    RegistrationFactory(session=session, household=HouseholdFactory(contact_name="Ayşe Yılmaz"))
    return may_edit(UserFactory(username="els", roles=["coordinators"]), babbelonie)


@pytest.fixture
def signed_in(client, clock, coordinator):
    """Signed in through the admin's sign-in page at START."""
    response = client.post("/admin/login/", {"username": "els", "password": PASSWORD})
    assert response.status_code == 302
    return client


def export_url(export_format="csv"):
    return reverse("registration:index") + "?" + urlencode({"export": export_format})


def exports():
    return ModelLogEntry.objects.filter(action=audit.EXPORTED).count()


def asks_for_password(response, confirm=ADMIN_CONFIRM, comes_back_to=None):
    return response.status_code == 302 and response.url == confirm + "?" + urlencode({"next": comes_back_to})


def downloaded(response):
    return response.status_code == 200 and "Ayşe Yılmaz" in b"".join(response.streaming_content).decode()


def wrong_password_message():
    return gettext("That is not your password. Please try again.")


def test_the_default_is_fifteen_minutes():
    assert base.KANSEN_REAUTH_AFTER == 15 * 60


def test_an_export_within_fifteen_minutes_of_signing_in_needs_no_password(signed_in, clock):
    later(clock, 14)
    assert downloaded(signed_in.get(export_url()))
    assert exports() == 1


def test_an_export_after_sixteen_minutes_asks_for_the_password_and_produces_nothing(signed_in, clock):
    later(clock, 16)
    response = signed_in.get(export_url())
    assert asks_for_password(response, comes_back_to=export_url())
    assert exports() == 0
    # The list itself on screen needs no password.
    listing = signed_in.get(reverse("registration:index"))
    assert listing.status_code == 200
    assert "Ayşe Yılmaz" in listing.text


def test_the_confirmation_page_shows_the_user_name_and_asks_only_the_password(signed_in, clock):
    later(clock, 16)
    response = signed_in.get(ADMIN_CONFIRM, {"next": export_url()})
    assert response.status_code == 200
    assert "els" in response.text
    assert list(response.context["form"].fields) == ["password"]
    assert response.context["next"] == export_url()
    assert "wagtailadmin/generic/base.html" in [template.name for template in response.templates]


def test_a_wrong_password_says_so_and_opens_nothing(signed_in, clock):
    later(clock, 16)
    with translation.override("nl-be"):
        response = signed_in.post(ADMIN_CONFIRM, {"password": "geraden", "next": export_url()})
        assert response.status_code == 200
        assert wrong_password_message() in response.text
    assert asks_for_password(signed_in.get(export_url()), comes_back_to=export_url())
    assert exports() == 0


def test_the_right_password_goes_back_and_the_export_works_for_fifteen_minutes(signed_in, clock):
    later(clock, 16)
    response = signed_in.post(ADMIN_CONFIRM, {"password": PASSWORD, "next": export_url()})
    assert (response.status_code, response.url) == (302, export_url())
    assert downloaded(signed_in.get(export_url()))
    assert exports() == 1
    later(clock, 16 + 14)
    assert downloaded(signed_in.get(export_url()))
    later(clock, 16 + 16)
    assert asks_for_password(signed_in.get(export_url()), comes_back_to=export_url())
    assert exports() == 2


def test_confirming_does_not_extend_the_twelve_hour_session(signed_in, clock):
    signed_in_at = signed_in.session[SIGNED_IN_AT]
    later(clock, 16)
    signed_in.post(ADMIN_CONFIRM, {"password": PASSWORD, "next": export_url()})
    assert signed_in.session[SIGNED_IN_AT] == signed_in_at
    assert signed_in.session[reauth.AUTHENTICATED_AT] == int((START + datetime.timedelta(minutes=16)).timestamp())


@pytest.mark.parametrize(
    "next_url", ["https://evil.example/admin/", "//evil.example/", "javascript:alert(1)", "", "http:///evil.example"]
)
def test_a_next_address_off_the_site_goes_to_the_admin_home(signed_in, clock, next_url):
    later(clock, 16)
    response = signed_in.post(ADMIN_CONFIRM, {"password": PASSWORD, "next": next_url})
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))


def test_an_off_site_next_is_not_put_in_the_form(signed_in, clock):
    response = signed_in.get(ADMIN_CONFIRM, {"next": "https://evil.example/"})
    assert response.context["next"] == ""
    assert "evil.example" not in response.text


def test_five_wrong_passwords_are_refused_as_on_the_sign_in_page(signed_in, clock):
    later(clock, 16)
    for _ in range(5):
        assert signed_in.post(ADMIN_CONFIRM, {"password": "geraden"}).status_code == 200
    with translation.override("nl-be"):
        response = signed_in.post(ADMIN_CONFIRM, {"password": PASSWORD, "next": export_url()})
        assert response.status_code == 429
        assert throttle.too_many_attempts("login_account") in response.text
    assert asks_for_password(signed_in.get(export_url()), comes_back_to=export_url())
    # The same counter as signing in: no five more tries there.
    signed_in.logout()
    assert signed_in.post("/admin/login/", {"username": "els", "password": PASSWORD}).status_code == 429


def test_wrong_passwords_on_the_sign_in_page_count_here_too(client, clock, coordinator):
    for _ in range(4):
        client.post("/admin/login/", {"username": "els", "password": "geraden"})
    client.post("/admin/login/", {"username": "els", "password": PASSWORD})  # a success starts the name again
    later(clock, 16)
    for _ in range(5):
        client.post(ADMIN_CONFIRM, {"password": "geraden"})
    assert client.post(ADMIN_CONFIRM, {"password": PASSWORD}).status_code == 429


def test_an_empty_password_is_not_counted(signed_in, clock):
    later(clock, 16)
    for _ in range(6):
        response = signed_in.post(ADMIN_CONFIRM, {"password": ""})
        assert response.status_code == 200
        assert response.context["form"].has_error("password", "required")
    assert signed_in.post(ADMIN_CONFIRM, {"password": PASSWORD}).status_code == 302


def test_anonymous_users_go_to_the_sign_in_pages(client, clock):
    admin = client.get(ADMIN_CONFIRM)
    assert admin.status_code == 302
    assert admin.url.startswith(reverse("wagtailadmin_login"))
    desk = client.get(DESK_CONFIRM)
    assert desk.status_code == 302
    assert desk.url.startswith(reverse("desk:login"))
    assert client.post(DESK_CONFIRM, {"password": PASSWORD}).status_code == 302
    export = client.get(export_url())
    assert export.status_code == 302
    assert export.url.startswith(reverse("wagtailadmin_login"))
    assert exports() == 0


def test_the_desk_page_wears_the_desk_chrome_and_goes_back_to_the_desk(client, clock, coordinator):
    client.force_login(coordinator)
    later(clock, 16)
    response = client.get(DESK_CONFIRM, {"next": "/desk/"})
    assert response.status_code == 200
    assert "website/desk/base.html" in [template.name for template in response.templates]
    assert "els" in response.text
    with translation.override("nl-be"):
        wrong = client.post(DESK_CONFIRM, {"password": "geraden", "next": "/desk/"})
        assert wrong_password_message() in wrong.text
    response = client.post(DESK_CONFIRM, {"password": PASSWORD, "next": "https://evil.example/"})
    assert (response.status_code, response.url) == (302, reverse("desk:home"))
    assert reauth.recently_authenticated(response.wsgi_request)


def test_force_login_counts_as_signing_in(client, clock, coordinator):
    client.force_login(coordinator)
    assert downloaded(client.get(export_url()))


def test_the_question_costs_no_query_beyond_the_permission_check(signed_in, clock, django_assert_max_num_queries):
    later(clock, 16)
    signed_in.get(reverse("registration:index"))  # the session's idle expiry moves once
    with django_assert_max_num_queries(6):
        assert asks_for_password(signed_in.get(export_url()), comes_back_to=export_url())


# The helpers for other views


def request_for(path, user, authenticated_at=None):
    request = RequestFactory().get(path)
    SessionMiddleware(lambda request: None).process_request(request)
    request.user = user
    if authenticated_at is not None:
        request.session[reauth.AUTHENTICATED_AT] = authenticated_at
    return request


def test_the_decorator_sends_a_desk_screen_to_the_desk_confirmation(clock):
    @reauth.recent_authentication_required
    def medical_list(request):
        return "the list"

    user = UserFactory()
    stale = request_for("/desk/sessions/1/?day=2", user, int(START.timestamp()) - 16 * 60)
    response = medical_list(stale)
    assert asks_for_password(response, DESK_CONFIRM, comes_back_to="/desk/sessions/1/?day=2")
    fresh = request_for("/desk/sessions/1/", user, int(START.timestamp()) - 14 * 60)
    assert medical_list(fresh) == "the list"
    # Without the stamp (signed in before it existed): asked once.
    assert medical_list(request_for("/desk/sessions/1/", user)).status_code == 302
    # Anonymous: left to the view's login requirement.
    assert medical_list(request_for("/desk/sessions/1/", AnonymousUser())) == "the list"


def test_the_mixin_asks_on_post_too(clock):
    class Signals(reauth.RecentAuthenticationRequiredMixin, ConfirmPasswordView):
        home_url_name = "wagtailadmin_home"

    request = request_for("/admin/signals/", UserFactory(), int(START.timestamp()) - 16 * 60)
    request.method = "POST"
    response = Signals.as_view()(request)
    assert asks_for_password(response, comes_back_to="/admin/signals/")


def test_the_volunteer_hours_per_volunteer_need_the_password_and_the_figures_do_not(signed_in, clock):
    later(clock, 16)
    index = reverse("programmes_volunteer_hours:index")
    named = index + "?" + urlencode({"year": 2027, "export": "csv"})
    assert asks_for_password(signed_in.get(named), comes_back_to=named)
    figures = signed_in.get(index, {"year": 2027, "table": "programmes", "export": "csv"})
    assert figures.status_code == 200
    assert figures["Content-Type"].startswith("text/csv")
