"""The desk's registration screens in a real browser on a small phone:
the whole flow without JavaScript, and no serious WCAG 2.1 AA violations."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from programmes.models import Household, Registration
from tests.browser.conftest import assert_accessible
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
PHONE = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def now(time_machine):
    # Ticking: the live server's requests see time go by, starting at NOW.
    time_machine.move_to(NOW)


@pytest.fixture
def desk_data(home):
    programme = ProgrammePageFactory(
        title="Babbelonie", registration_mode="per_session", for_parents=True, for_children=True
    )
    group = ProgrammePageFactory(title="Oudergroep Bulgaars", kind="group", registration_mode="membership")
    session = SessionFactory(
        programme=programme, starts_at=datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS), capacity=3
    )
    SessionFactory(programme=group, starts_at=datetime.datetime(2026, 11, 25, 19, 0, tzinfo=BRUSSELS))
    user = UserFactory(username="els", roles=["coordinators"])
    team = Group.objects.create(name="Team Els")
    for page in (programme, group):
        GroupPagePermission.objects.create(
            group=team, page=page, permission=Permission.objects.get(codename="change_page")
        )
    user.groups.add(team)
    ayse = HouseholdFactory(contact_name="Ayşe Yılmaz", phone="0470 12 34 56")
    ChildFactory(household=ayse, first_name="Mila")
    RegistrationFactory(session=session, household=ayse, places=2, members=ayse.members.all())
    RegistrationFactory(
        session=session,
        household=HouseholdFactory(contact_name="Daria Novak"),
        status="waiting",
        waiting_since=NOW,
    )
    MembershipFactory(programme=group, status="applied", household=HouseholdFactory(contact_name="Elif Demir"))
    MembershipFactory(programme=group, status="active", household=HouseholdFactory(contact_name="Noor Janssens"))
    return {"session": session, "group": group}


def sign_in(page, base_url, username="els"):
    page.goto(base_url + "/desk/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "kansen-test")
    page.click("button[type=submit]")
    page.wait_for_url("**/desk/")


def follow(page, href):
    """Click the link to href and wait for the new page, so checks never run on the old one."""
    with page.expect_navigation():
        page.click(f"a[href='{href}']")


def fits_the_phone(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_coordinator_registers_a_new_family_without_javascript(browser, live_server, desk_data):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE, locale="nl-BE")
    page = context.new_page()
    sign_in(page, live_server.url)
    follow(page, f"/desk/sessions/{desk_data['session'].pk}/registrations/")
    assert fits_the_phone(page)
    page.click("a.button--primary")
    page.fill("input[name=q]", "Peeters")
    page.click(".desk-search button[type=submit]")
    assert page.locator(".empty-state").is_visible()
    page.click("a.button--secondary")
    page.fill("#id_first_name", "Lucas")
    page.fill("#id_last_name", "Peeters")
    page.fill("#id_email", "lucas@example.be")
    page.fill("#id_child_1_first_name", "Noah")
    page.fill("#id_child_1_birth_date", "2021-03-04")
    page.check("#id_consent")
    assert fits_the_phone(page)
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/register/*/")
    assert page.is_checked("#id_members_0")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/registrations/")
    assert page.locator(".message--success").count() >= 1
    household = Household.objects.get(contact_name="Lucas Peeters")
    assert Registration.objects.get(household=household).status == "waiting"  # 2 + 2 > 3 places
    context.close()


@pytest.mark.parametrize(
    "path",
    [
        "/desk/",
        "/desk/sessions/{session}/registrations/",
        "/desk/sessions/{session}/register/?q=a",
        "/desk/sessions/{session}/register/new/",
        "/desk/programmes/{group}/members/",
    ],
)
def test_desk_registration_pages_have_no_serious_accessibility_violations(audited_page, axe_source, desk_data, path):
    sign_in(audited_page, audited_page.base_url)
    audited_page.goto(audited_page.base_url + path.format(session=desk_data["session"].pk, group=desk_data["group"].pk))
    assert_accessible(audited_page, axe_source)
    assert fits_the_phone(audited_page)


def test_a_form_with_errors_has_no_serious_accessibility_violations(audited_page, axe_source, desk_data):
    sign_in(audited_page, audited_page.base_url)
    audited_page.goto(audited_page.base_url + f"/desk/sessions/{desk_data['session'].pk}/register/new/")
    audited_page.fill("#id_child_1_birth_date", "2030-01-01")
    audited_page.click("form.form button[type=submit]")
    assert audited_page.locator("#form-errors").is_visible()
    assert_accessible(audited_page, axe_source)
