"""Taking attendance on a small phone: tap per person, one save, no JavaScript needed."""

import datetime

import pytest

from programmes.models import Attendance, RollCall
from tests.browser.conftest import assert_accessible
from tests.browser.test_desk_registration_pages import BRUSSELS, NOW, PHONE, fits_the_phone, follow, sign_in
from tests.programmes.factories import ProgrammePageFactory, RegistrationFactory, SessionFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def breakfast(home):
    programme = ProgrammePageFactory(title="Ouderontbijt", registration_mode="per_session")
    session = SessionFactory(programme=programme, starts_at=datetime.datetime(2026, 11, 22, 9, 0, tzinfo=BRUSSELS))
    for _ in range(4):
        RegistrationFactory(session=session)
    may_edit(UserFactory(username="els", roles=["coordinators"]), programme)
    return session


def test_a_coordinator_takes_attendance_by_tapping_without_javascript(browser, live_server, breakfast):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url)
    follow(page, f"/desk/sessions/{breakfast.pk}/roll-call/")
    assert fits_the_phone(page)
    choices = page.locator(".roll-call__choice--present")
    for index in range(choices.count()):
        choices.nth(index).click()
    page.click("button[value='adults:+1']")
    page.wait_for_load_state()
    page.click("button[value='children:+1']")
    page.wait_for_load_state()
    page.click(".roll-call__save")
    page.wait_for_load_state()
    assert Attendance.objects.filter(status="present").count() == 4
    record = RollCall.objects.get()
    assert (record.walk_in_adults, record.walk_in_children) == (1, 1)
    context.close()


def test_roll_call_has_no_serious_accessibility_violations(browser, live_server, breakfast, axe_source):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url)
    for path in ("roll-call/", "roll-call/walk-in/?q=Y", "roll-call/walk-in/new/"):
        page.goto(f"{live_server.url}/desk/sessions/{breakfast.pk}/{path}")
        assert_accessible(page, axe_source)
    context.close()


def test_each_tap_is_saved_at_once_and_an_offline_tap_is_sent_after_reconnecting(browser, live_server, breakfast):
    context = browser.new_context(viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/desk/sessions/{breakfast.pk}/roll-call/")
    choices = page.locator(".roll-call__choice--present")
    with page.expect_response("**/roll-call/mark/"):
        choices.nth(0).click()
    assert Attendance.objects.filter(status="present").count() == 1

    context.set_offline(True)
    choices.nth(1).click()
    page.wait_for_function("document.getElementById('roll-call-sync').dataset.pending === '1'")
    assert Attendance.objects.filter(status="present").count() == 1
    assert page.locator("[data-count='present']").inner_text() == "2"

    context.set_offline(False)
    with page.expect_response("**/roll-call/mark/"):
        page.evaluate("window.dispatchEvent(new Event('online'))")
    page.wait_for_function("document.getElementById('roll-call-sync').dataset.pending === '0'")
    assert Attendance.objects.filter(status="present").count() == 2
    context.close()
