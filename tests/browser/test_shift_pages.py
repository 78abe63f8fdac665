"""A volunteer signs up for a shift on a small phone and finds it in "my shifts",
without JavaScript, and the shift pages have no serious WCAG 2.1 AA violations."""

import datetime

import pytest

from programmes.models import ShiftAssignment
from tests.browser.conftest import assert_accessible
from tests.browser.test_desk_registration_pages import BRUSSELS, NOW, PHONE, fits_the_phone, follow, sign_in
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.programmes.volunteer_factories import (
    CertificateFactory,
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory, may_edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW)


@pytest.fixture
def door_shift(home):
    grocery = ProgrammePageFactory(title="Sociale kruidenier De Korf")
    session = SessionFactory(programme=grocery, starts_at=datetime.datetime(2026, 12, 3, 13, 30, tzinfo=BRUSSELS))
    VolunteerFactory(user=UserFactory(username="veerle", first_name="Veerle", last_name="Claes", roles=["animators"]))
    return ShiftFactory(session=session, role=RoleFactory(name="Onthaal"), needed=2)


def test_a_volunteer_signs_up_on_a_phone_and_sees_the_shift_in_my_shifts(browser, live_server, door_shift):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url, username="veerle")
    follow(page, "/desk/shifts/")
    assert fits_the_phone(page)
    with page.expect_navigation():
        page.click(f"form[action='/desk/shifts/{door_shift.pk}/sign-up/'] button[type=submit]")
    assert page.url.endswith("/desk/shifts/mine/")
    assert fits_the_phone(page)
    assert "Sociale kruidenier De Korf" in page.inner_text("main")
    assert "Onthaal" in page.inner_text("main")
    assert ShiftAssignment.objects.get().volunteer.user.username == "veerle"
    context.close()


def test_the_shift_pages_have_no_serious_accessibility_violations(browser, live_server, door_shift, axe_source):
    context = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url, username="veerle")
    for path in ("/desk/shifts/", "/desk/shifts/mine/", "/desk/certificates/"):
        page.goto(live_server.url + path)
        assert fits_the_phone(page)
        assert_accessible(page, axe_source)
    context.close()


def test_the_coordinators_roster_pages_fit_a_phone_and_are_accessible(browser, live_server, door_shift, axe_source):
    may_edit(UserFactory(username="els", roles=["coordinators"]), door_shift.session.programme)
    volunteer = VolunteerFactory(user=UserFactory(first_name="Fatima", last_name="El Amrani"))
    CertificateFactory(volunteer=volunteer)
    ShiftAssignmentFactory(shift=door_shift, volunteer=volunteer)
    context = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True)
    page = context.new_page()
    sign_in(page, live_server.url)
    for path in (
        "/desk/rosters/",
        f"/desk/rosters/shifts/{door_shift.pk}/",
        f"/desk/rosters/shifts/{door_shift.pk}/?q=Veer",
    ):
        page.goto(live_server.url + path)
        assert fits_the_phone(page), path
        assert_accessible(page, axe_source)
    context.close()
