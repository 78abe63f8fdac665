"""Security headers on representative pages, and the cookie and HTTPS rules
of the production settings. (tests/conftest.py checks the presence of the
headers on every HTML page the suite fetches; this file checks their values.)"""

import datetime
import importlib
import sys

import pytest
from django.test import Client, override_settings

import website.settings
from tests.conftest import security_header_problems
from tests.programmes.factories import BRUSSELS, ProgrammeIndexPageFactory, ProgrammePageFactory
from tests.website.factories import UserFactory

PRODUCTION_ENVIRONMENT = {
    "SECRET_KEY": "production-like-secret-for-the-settings-test-only",
    "ALLOWED_HOSTS": "kansen.example",
    "DATABASE_URL": "postgres://kansen@db:5432/kansen",
}


def production_settings(monkeypatch, **environment):
    """The settings site/settings/production.py makes from `environment`,
    imported afresh beside the running test settings, which stay as they are."""
    for name, value in (PRODUCTION_ENVIRONMENT | environment).items():
        monkeypatch.setenv(name, value)
    names = ("website.settings.base", "website.settings.production")
    modules = {name: sys.modules.pop(name, None) for name in names}
    attributes = {name: getattr(website.settings, name, None) for name in ("base", "production")}
    try:
        module = importlib.import_module("website.settings.production")
        return {name: value for name, value in vars(module).items() if name.isupper()}
    finally:
        for name, module in modules.items():
            sys.modules.pop(name, None)
            if module is not None:
                sys.modules[name] = module
        for name, value in attributes.items():
            if value is None:
                delattr(website.settings, name)
            else:
                setattr(website.settings, name, value)


def assert_strict_headers(response):
    assert security_header_problems(response) == []
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy


@pytest.fixture
def finder(home):
    return ProgrammeIndexPageFactory(parent=home)


def test_public_page_has_the_strict_headers(client, home):
    response = client.get("/")
    assert response.status_code == 200
    assert_strict_headers(response)


def test_finder_has_the_strict_headers(client, finder):
    response = client.get(finder.url)
    assert response.status_code == 200
    assert_strict_headers(response)


def test_desk_login_has_the_strict_headers(client, home):
    response = client.get("/desk/login/")
    assert response.status_code == 200
    assert_strict_headers(response)


def test_admin_login_may_only_be_framed_by_the_admin_itself(client, home):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert security_header_problems(response) == []
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]


def test_not_found_page_has_the_strict_headers(client, home):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_strict_headers(response)


def test_server_error_page_has_the_strict_headers(home, monkeypatch):
    def fail(request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("website.views.public.SearchForm", fail)
    response = Client(raise_request_exception=False).get("/search/")
    assert response.status_code == 500
    assert_strict_headers(response)


def test_rate_limited_sign_in_page_has_the_strict_headers(client, home, time_machine):
    time_machine.move_to(datetime.datetime(2027, 3, 1, 10, 0, tzinfo=BRUSSELS), tick=False)
    UserFactory(username="marc")
    for _ in range(5):
        assert client.post("/desk/login/", {"username": "marc", "password": "fout"}).status_code == 200
    response = client.post("/desk/login/", {"username": "marc", "password": "fout"})
    assert response.status_code == 429
    assert_strict_headers(response)


def test_calendar_feed_is_not_sniffed(client, home):
    programme = ProgrammePageFactory()
    response = client.get(programme.url + "calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_suite_wide_check_names_what_is_missing(client, home):
    response = client.get("/")
    del response.headers["Referrer-Policy"]
    response.cookies["sessionid"] = "abc"
    assert security_header_problems(response) == [
        "no Referrer-Policy header",
        "cookie sessionid without SameSite",
        "cookie sessionid without HttpOnly",
    ]


@pytest.fixture
def production(monkeypatch):
    values = production_settings(monkeypatch)
    keys = [
        "SESSION_COOKIE_SECURE",
        "SESSION_COOKIE_HTTPONLY",
        "SESSION_COOKIE_SAMESITE",
        "CSRF_COOKIE_SECURE",
        "CSRF_COOKIE_SAMESITE",
        "LANGUAGE_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
    ]
    with override_settings(**{key: values[key] for key in keys}):
        yield values


def test_production_cookies_are_secure_httponly_and_lax(client, home, production):
    UserFactory(username="marc")
    form = client.get("/desk/login/", secure=True)
    csrf = form.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"

    signed_in = client.post("/desk/login/", {"username": "marc", "password": "kansen-test"}, secure=True)
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"


def test_production_sends_hsts_and_redirects_plain_http(client, home, production):
    response = client.get("/desk/login/", secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    plain = client.get("/desk/login/")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/desk/login/"
