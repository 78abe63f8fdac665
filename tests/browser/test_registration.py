"""A parent registers a child on a small phone, without JavaScript, and cancels again."""

import pytest
from django.core import mail

from programmes.models import Registration
from tests.browser.conftest import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def club(home):
    from tests.programmes.factories import ProgrammePageFactory, SessionFactory
    from tests.programmes.test_finder import at

    programme = ProgrammePageFactory(
        title="Kindergroep De Speelvogels",
        slug="speelvogels",
        registration_mode="per_session",
        for_children=True,
        for_parents=False,
        min_age_months=72,
        max_age_months=155,
    )
    SessionFactory(programme=programme, starts_at=at(2, hour=14), capacity=10)
    SessionFactory(programme=programme, starts_at=at(9, hour=14), capacity=10)
    return programme


def test_a_parent_registers_a_child_and_cancels_without_javascript(browser, live_server, club):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 740}, locale="nl-BE")
    page = context.new_page()
    page.goto(live_server.url + "/aanbod/speelvogels/")
    page.click("a.button--primary[href$='register/']")
    page.locator("input[name=sessions]").first.check()
    page.fill("#id_first_name", "Radka")
    page.fill("#id_phone", "0470 11 22 33")
    page.fill("#id_email", "radka@example.be")
    page.fill("#id_child-0-first_name", "Mila")
    page.fill("#id_child-0-birth_date", "2018-03-14")
    page.check("#id_consent")
    page.click("form.form button[type=submit]")
    page.wait_for_url("**/registrations/**")
    assert page.locator(".session__title").all_inner_texts() == ["Kindergroep De Speelvogels"]
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert [m.to for m in mail.outbox] == [["radka@example.be"]]

    page.locator(".session form button").click()
    page.wait_for_load_state()
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert page.locator(".message--success").count() == 1
    context.close()


def test_register_page_with_errors_is_accessible_on_a_phone(audited_page, axe_source, club):
    audited_page.goto(audited_page.base_url + "/aanbod/speelvogels/register/")
    assert_accessible(audited_page, axe_source)
    audited_page.click("form.form button[type=submit]")
    audited_page.wait_for_load_state()
    assert audited_page.locator(".form-errors").count() == 1
    assert_accessible(audited_page, axe_source)


def test_manage_page_is_accessible(audited_page, axe_source, club):
    from programmes.manage_links import manage_url
    from tests.programmes.factories import RegistrationFactory

    registration = RegistrationFactory(session=club.sessions.first())
    RegistrationFactory(session=club.sessions.last(), household=registration.household, status="waiting")
    audited_page.goto(audited_page.base_url + manage_url(registration.household) + "?registered=1")
    assert_accessible(audited_page, axe_source)
