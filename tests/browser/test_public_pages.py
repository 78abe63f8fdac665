import pytest

from tests.browser.conftest import assert_accessible
from tests.website.factories import StandardPageFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_home_page_renders_on_a_small_phone(page):
    page.goto(page.base_url + "/")
    assert page.locator("h1").inner_text() == "Samen sterk in de buurt"
    assert page.evaluate("document.documentElement.lang") == "nl-be"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_language_switch_leads_to_the_french_page(page, info_page):
    page.goto(page.base_url + "/sociale-dienst/")
    page.click("nav.language-switcher a[lang=fr]")
    page.wait_for_url("**/fr/service-social/")
    assert page.locator("h1").inner_text() == "Service social"
    assert page.evaluate("document.documentElement.lang") == "fr"


def test_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page):
    page.goto(page.base_url + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.className")
    assert focused == "skip-link"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"


def test_desk_login_works_without_javascript(browser, live_server, home):
    UserFactory(username="marc", roles=["grocery_volunteers"])
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/desk/")
    page.fill("#id_username", "marc")
    page.fill("#id_password", "kansen-test")
    page.click("button[type=submit]")
    page.wait_for_url(live_server.url + "/desk/")
    assert page.locator("h2#my-sessions").is_visible()
    page.click("text=" + page.locator(".desk-menu form button").inner_text())
    page.wait_for_url("**/desk/login/")
    context.close()


@pytest.mark.parametrize(
    "path", ["/", "/fr/", "/sociale-dienst/", "/search/?q=dienst", "/desk/login/", "/bestaat-niet/"]
)
def test_public_pages_have_no_serious_accessibility_violations(audited_page, axe_source, info_page, organisation, path):
    StandardPageFactory(parent=info_page.get_parent(), title="Privacyverklaring", slug="privacy")
    audited_page.goto(audited_page.base_url + path)
    assert_accessible(audited_page, axe_source)


def test_desk_home_has_no_serious_accessibility_violations(audited_page, axe_source, browser):
    UserFactory(username="els", roles=["coordinators"])
    audited_page.goto(audited_page.base_url + "/desk/login/")
    audited_page.fill("#id_username", "els")
    audited_page.fill("#id_password", "kansen-test")
    audited_page.click("button[type=submit]")
    audited_page.wait_for_url("**/desk/")
    assert_accessible(audited_page, axe_source)


def test_accessibility_check_catches_a_real_violation(audited_page, axe_source):
    audited_page.goto(audited_page.base_url + "/")
    audited_page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"/x.png\">')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(audited_page, axe_source)


@pytest.fixture
def activities(home):
    from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
    from tests.programmes.test_finder import at

    index = ProgrammeIndexPageFactory(parent=home)
    kids = ProgrammePageFactory(
        parent=index,
        title="Kindergroep De Speelvogels",
        slug="speelvogels",
        for_children=True,
        for_parents=False,
        min_age_months=72,
        max_age_months=155,
    )
    parents = ProgrammePageFactory(parent=index, title="Ouderontbijt De Living", slug="de-living")
    SessionFactory(programme=kids, starts_at=at(2, hour=14))
    SessionFactory(programme=parents, starts_at=at(3))
    return index


def test_a_family_finds_an_activity_for_their_child_without_javascript(browser, live_server, activities):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/aanbod/")
    page.fill("#id_age", "7")
    page.click("form.finder-form button[type=submit]")
    page.wait_for_url("**/aanbod/?*age=7*")
    assert page.locator(".session__title").all_inner_texts() == ["Kindergroep De Speelvogels"]
    page.click(".active-filters a.chip")
    assert len(page.locator(".session__title").all_inner_texts()) == 2
    context.close()


@pytest.mark.parametrize("path", ["/aanbod/", "/aanbod/?age=7&view=programmes", "/aanbod/speelvogels/"])
def test_activity_pages_have_no_serious_accessibility_violations(audited_page, axe_source, activities, path):
    audited_page.goto(audited_page.base_url + path)
    assert_accessible(audited_page, axe_source)
