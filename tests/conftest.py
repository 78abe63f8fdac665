import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from wagtail.models import Locale, Page, Site

from tests.website.factories import HomePageFactory, OrganisationSettingsFactory, StandardPageFactory


def translate(page, parent, language_code, **fields):
    """Add `page` in another language under `parent`, published."""
    translation = type(page)(
        locale=Locale.objects.get(language_code=language_code), translation_key=page.translation_key, **fields
    )
    parent.add_child(instance=translation)
    translation.save_revision().publish()
    return translation


@pytest.fixture(autouse=True)
def empty_cache():
    """The test settings' cache lives as long as the test process: without
    this, rate-limit counters (and cached feeds) of one test reach the next."""
    cache.clear()


# Every HTML page the suite fetches must carry these (docs/operations.md,
# "Security headers"); tests/website/test_security_headers.py checks the values.
REQUIRED_HTML_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
)


def security_header_problems(response):
    """What an HTML response lacks of our security headers and cookie flags.

    A redirect is followed, never shown, so it needs no page headers (the
    HTTPS redirect leaves before any middleware but the first has run); its
    cookies are checked all the same: signing in sets the session on one."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return []
    problems = []
    if not (300 <= response.status_code < 400 and response.has_header("Location")):
        problems += [f"no {name} header" for name in REQUIRED_HTML_HEADERS if not response.has_header(name)]
        if response.get("X-Content-Type-Options", "nosniff") != "nosniff":
            problems.append("X-Content-Type-Options is not nosniff")
        if not response.has_header("X-Frame-Options") and "frame-ancestors" not in response.get(
            "Content-Security-Policy", ""
        ):
            problems.append("no X-Frame-Options header and no CSP frame-ancestors")
    for name in (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME):
        cookie = response.cookies.get(name)
        if cookie is None:
            continue
        if not cookie["samesite"]:
            problems.append(f"cookie {name} without SameSite")
        # Signing out deletes the cookie (empty, max-age 0): nothing left to read.
        deleted = not cookie.value and str(cookie["max-age"]) == "0"
        if name == settings.SESSION_COOKIE_NAME and not cookie["httponly"] and not deleted:
            problems.append(f"cookie {name} without HttpOnly")
    return problems


@pytest.fixture(autouse=True)
def security_headers_on_every_page(monkeypatch):
    """Fail any test whose client gets an HTML page without the security
    headers, whichever view, error page or middleware produced it."""
    original = Client.request

    def request(self, **request):
        response = original(self, **request)
        problems = security_header_problems(response)
        if problems:
            url = request.get("PATH_INFO", "")
            if request.get("QUERY_STRING"):
                url += "?" + request["QUERY_STRING"]
            pytest.fail(f"{request.get('REQUEST_METHOD', 'GET')} {url} ({response.status_code}): {'; '.join(problems)}")
        return response

    monkeypatch.setattr(Client, "request", request)


@pytest.fixture
def locales(db):
    return {code: Locale.objects.get_or_create(language_code=code)[0] for code in ("nl", "fr", "en")}


@pytest.fixture
def home(locales):
    """A Dutch home page as the default site's root, with French and English translations."""
    root = Page.get_first_root_node()
    for child in root.get_children():
        child.delete()
    page = HomePageFactory(parent=root, locale=locales["nl"])
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": page}
    )
    page.translations = {
        "nl": page,
        "fr": translate(page, root, "fr", title="Ensemble dans le quartier", slug="accueil"),
        "en": translate(page, root, "en", title="Stronger together", slug="home-en"),
    }
    return page


@pytest.fixture
def info_page(home):
    """A standard page in the main menu, in Dutch and French (no English)."""
    page = StandardPageFactory(parent=home, title="Sociale dienst", slug="sociale-dienst", show_in_menus=True)
    page.translations = {
        "nl": page,
        "fr": translate(
            page, home.translations["fr"], "fr", title="Service social", slug="service-social", show_in_menus=True
        ),
    }
    return page


@pytest.fixture
def organisation(home):
    return OrganisationSettingsFactory()


@pytest.fixture(scope="session", autouse=True)
def playwright(request):
    """Playwright's sync API, started before Django opens its first connection.

    Playwright switches greenlets, and each greenlet has its own context;
    Django keeps database connections per context, so a browser started after
    the first query would leave the tests talking through a second connection
    that has lost the test database's serialized state.
    """
    if not any(item.get_closest_marker("browser") for item in request.session.items):
        yield None
        return
    from playwright.sync_api import sync_playwright

    # Playwright runs an event loop in this thread; the ORM calls that tests
    # make between browser steps are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        yield playwright
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
