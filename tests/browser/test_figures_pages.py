"""The attendance figures and the annual report in a real browser: they work
without JavaScript from the admin's point of view, pass axe-core's WCAG 2.1
AA checks, and the printable page keeps to its own styles."""

import datetime

import pytest

from tests.browser.conftest import _new_page, assert_accessible
from tests.browser.test_desk_registration_pages import BRUSSELS, sign_in
from tests.programmes.test_figures import world  # noqa: F401 - the figures' fixture
from tests.website.factories import UserFactory, may_edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
LAPTOP = {"width": 1280, "height": 900}


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 15, 0, tzinfo=BRUSSELS))


@pytest.fixture
def coordinator_page(browser, live_server, world):  # noqa: F811
    may_edit(UserFactory(username="els", roles=["coordinators"]), world.babbelonie, world.groep, world.ontbijt)
    context, page = _new_page(browser, viewport=LAPTOP, bypass_csp=True)
    sign_in(page, live_server.url)
    page.base_url = live_server.url
    yield page
    context.close()


def test_the_annual_report_is_accessible_and_draws_its_charts(coordinator_page, axe_source):
    page = coordinator_page
    page.goto(page.base_url + "/admin/figures/annual/?year=2026")
    assert page.locator("svg.figures-chart").count() == 4
    assert page.locator("#months-table tbody tr").count() == 3
    assert_accessible(page, axe_source)


def test_the_figures_of_a_group_are_accessible(coordinator_page, axe_source, world):  # noqa: F811
    page = coordinator_page
    page.goto(page.base_url + "/admin/figures/attendance/")
    page.select_option("#id_programme", str(world.groep.pk))
    page.fill("#id_first", "2026-01-01")
    page.fill("#id_last", "2026-12-31")
    page.click("form.figures-filter button[type=submit]")
    page.wait_for_load_state()
    assert page.locator("table.listing").count() == 2
    assert_accessible(page, axe_source)


def test_reversed_dates_show_a_message_next_to_the_field(coordinator_page, world):  # noqa: F811
    page = coordinator_page
    page.goto(page.base_url + f"/admin/figures/attendance/?programme={world.groep.pk}&first=2026-12-31&last=2026-01-01")
    assert page.locator(".error-message").first.is_visible()


def test_the_printable_page_is_accessible_and_prints_on_its_own(coordinator_page, axe_source):
    page = coordinator_page
    page.goto(page.base_url + "/admin/figures/annual/print/?year=2026")
    assert "< 5" in page.inner_text("main")
    assert_accessible(page, axe_source)
    page.emulate_media(media="print")
    assert not page.locator(".figures-no-print").is_visible()
