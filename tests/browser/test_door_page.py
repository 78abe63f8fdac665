"""The grocery door on a small phone: type a number, see the verdict, record
the visit with one tap, without JavaScript; and the pages pass axe."""

import datetime

import pytest
from django.contrib.auth.models import Group

from groceries.models import Visit
from tests.browser.conftest import assert_accessible, assert_focused
from tests.browser.test_desk_registration_pages import BRUSSELS, PHONE, fits_the_phone, follow, sign_in
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.volunteer_factories import ShiftAssignmentFactory
from tests.website.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

OPENING_STARTS = datetime.datetime(2026, 12, 3, 13, 30, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def during_the_opening(time_machine):
    time_machine.move_to(OPENING_STARTS + datetime.timedelta(minutes=20))


@pytest.fixture
def door(home):
    team = Group.objects.create(name="Deurploeg")
    grocery = GroceryPageFactory(title="Sociale kruidenier 't Schap", door_team=team)
    opening = OpeningFactory(programme=grocery, starts_at=OPENING_STARTS)
    badge = BadgeFactory(grocery=grocery, household__contact_name="Fatima El Amrani", adults=1, children=2)
    marc = UserFactory(username="marc", roles=["grocery_volunteers"])
    marc.groups.add(team)
    # The door follows the roster: Marc is on the door at this opening.
    ShiftAssignmentFactory(shift__session=opening, volunteer__user=marc)
    return opening, badge


def test_a_volunteer_checks_a_badge_and_records_the_visit_without_javascript(browser, live_server, door):
    opening, badge = door
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url, "marc")
    follow(page, f"/desk/openings/{opening.pk}/door/")
    assert fits_the_phone(page)
    # Typed as read aloud: lower case, with a space instead of the dash.
    page.fill("#id_code", badge.printed_code.lower().replace("-", " "))
    page.press("#id_code", "Enter")
    page.wait_for_load_state()
    verdict = page.locator(".verdict")
    assert "Geldig" in verdict.inner_text()
    assert "Fatima" in verdict.inner_text()
    assert "El Amrani" not in page.content()
    assert fits_the_phone(page)
    page.click("text=Registreer het bezoek")
    page.wait_for_load_state()
    visit = Visit.objects.get()
    assert (visit.badge_id, visit.persons) == (badge.pk, 3)
    assert "Bezoek geregistreerd" in page.locator(".messages").inner_text()
    # The next check is ready at once: the field has the focus.
    assert_focused(page, "id_code")
    page.fill("#id_code", badge.printed_code)
    page.press("#id_code", "Enter")
    page.wait_for_load_state()
    assert "Al geweest" in page.locator(".verdict").inner_text()
    context.close()


def test_the_door_pages_have_no_serious_accessibility_violations(browser, live_server, door, axe_source):
    opening, badge = door
    context = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, "marc")
    base = f"{live_server.url}/desk/openings/{opening.pk}/door/"
    page.goto(base)
    assert_accessible(page, axe_source)
    for code in (badge.code, "ABCDE-FGHJK"):
        page.fill("#id_code", code)
        page.press("#id_code", "Enter")
        page.wait_for_load_state()
        assert_accessible(page, axe_source)
    page.goto(base + "search/?name=fati")
    assert_accessible(page, axe_source)
    context.close()


def test_the_grocery_page_has_no_serious_accessibility_violations(browser, live_server, door, axe_source):
    opening, _badge = door
    context = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    page.goto(live_server.url + opening.programme.url)
    assert "Hoe krijg ik een badge?" in page.content()
    assert fits_the_phone(page)
    assert_accessible(page, axe_source)
    context.close()


def at_the_door_with_javascript(browser, live_server, opening):
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url, "marc")
    page.goto(f"{live_server.url}/desk/openings/{opening.pk}/door/")
    return context, page


def check(page, badge, verdict):
    """Type the badge's number as printed and wait for the script's verdict."""
    page.fill("#id_code", badge.printed_code)
    page.press("#id_code", "Enter")
    page.wait_for_selector(f"[data-verdict] .{verdict}")


def test_with_javascript_the_verdict_and_the_visit_need_no_reload(browser, live_server, door):
    opening, badge = door
    context, page = at_the_door_with_javascript(browser, live_server, opening)
    page.evaluate("window.notReloaded = true")
    check(page, badge, "verdict--ok")
    assert "Fatima" in page.locator("[data-verdict]").inner_text()
    page.click("[data-verdict] button")
    page.wait_for_selector("[data-verdict] .message--success")
    assert Visit.objects.filter(badge=badge).count() == 1
    assert_focused(page, "id_code")
    check(page, badge, "verdict--stop")
    assert "Al geweest" in page.locator("[data-verdict]").inner_text()
    assert page.evaluate("window.notReloaded") is True
    context.close()


def test_a_lost_connection_keeps_the_tap_and_gives_the_focus_back_for_the_retry(browser, live_server, door):
    opening, badge = door
    context, page = at_the_door_with_javascript(browser, live_server, opening)
    check(page, badge, "verdict--ok")
    page.route("**/door/visit/", lambda route: route.abort())
    page.click("[data-verdict] button")
    page.wait_for_selector("[data-verdict] .message--error")
    # The verdict and its button stay for the retry.
    assert page.locator("[data-verdict] .verdict--ok").is_visible()
    assert Visit.objects.filter(badge=badge).count() == 0
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.disabled]")
    assert focused == ["BUTTON", False], focused
    # Back online, the same tap records the visit once.
    page.unroute("**/door/visit/")
    page.keyboard.press("Enter")
    page.wait_for_selector(".message--success")
    assert Visit.objects.filter(badge=badge).count() == 1
    context.close()
