"""The playground on a small phone: a parent books two days for two
children without an account; on the day an animator checks a child in and
out on the desk. The pages use no JavaScript of their own, and pass axe."""

import datetime

import pytest
from django.contrib.auth.models import Group

from holiday_play.models import Booking, ChildContact, ChildProfile
from holiday_play.services.bookings import book_day
from programmes.models import Attendance
from programmes.services.scheduling import regenerate_sessions
from tests.browser.conftest import assert_accessible
from tests.browser.test_desk_registration_pages import BRUSSELS, PHONE, fits_the_phone, follow, sign_in
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import ChildFactory, HouseholdFactory
from tests.website.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DECEMBER = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=BRUSSELS)
FIRST_PLAY_DAY = datetime.date(2026, 12, 21)


@pytest.fixture
def playground(home, time_machine):
    time_machine.move_to(DECEMBER)
    team = Group.objects.create(name="Animatoren De Zandbak")
    page = PlaygroundPageFactory(
        title="Speelplein De Zandbak",
        periods=[
            HolidayPeriodFactory(name="Kerstvakantie", first_day=FIRST_PLAY_DAY, last_day=datetime.date(2027, 1, 3))
        ],
        animator_team=team,
    )
    regenerate_sessions(page, today=datetime.date(2026, 12, 1), horizon_days=60)
    UserFactory(username="jonas", roles=["animators"]).groups.add(team)
    return page


def phone(browser):
    # The pages have no scripts of their own; scripts run only for axe (hence bypass_csp).
    page = browser.new_context(viewport=PHONE, locale="nl-BE", bypass_csp=True).new_page()
    page.set_default_timeout(15000)
    return page


def test_a_parent_books_two_days_for_two_children_on_a_phone(browser, live_server, playground, axe_source):
    page = phone(browser)
    page.goto(live_server.url + playground.url)
    follow(page, f"{playground.url}register/")
    assert fits_the_phone(page)
    page.fill("#id_child-0-first_name", "Lotte")
    page.fill("#id_child-0-birth_date", "2020-03-01")
    page.fill("#id_child-0-allergies", "Noten")
    page.fill("#id_child-1-first_name", "Mats")
    page.fill("#id_child-1-birth_date", "2022-11-20")
    monday, wednesday = (
        playground.sessions.get(local_date=FIRST_PLAY_DAY + datetime.timedelta(days=d)) for d in (0, 2)
    )
    page.check(f"#day-{monday.pk}")
    page.check(f"#day-{wednesday.pk}")
    page.fill("#id_first_name", "Sara")
    page.fill("#id_last_name", "Janssens")
    page.fill("#id_email", "sara@example.be")
    page.check("#id_consent")
    assert_accessible(page, axe_source)
    page.click("form.form button[type=submit]")
    page.wait_for_load_state()
    assert "registered=1" in page.url
    assert Booking.objects.filter(status="confirmed").count() == 4
    section = page.locator("#play-days-title").locator("..")
    assert section.locator("li").count() == 4
    assert fits_the_phone(page)
    assert_accessible(page, axe_source)
    # Lotte cannot come on Wednesday after all.
    page.locator("li", has_text="Lotte").filter(has=page.locator("form")).nth(1).locator("button").click()
    page.wait_for_load_state()
    assert Booking.objects.filter(status="cancelled").get().child.first_name == "Lotte"


def test_an_animator_checks_a_child_in_and_out(browser, live_server, playground, axe_source, time_machine):
    child = ChildFactory(first_name="Noor", birth_date=datetime.date(2020, 3, 1), household=HouseholdFactory())
    profile = ChildProfile.objects.create(child=child, allergies="Noten", medical_notes="Epilepsie")
    mama = ChildContact.objects.create(profile=profile, name="Fatima", relationship="mama", phone="0470 12 34 56")
    day = playground.sessions.get(local_date=FIRST_PLAY_DAY)
    booking = book_day(playground, day, child)
    time_machine.move_to(datetime.datetime(2026, 12, 21, 8, 50, tzinfo=BRUSSELS))
    page = phone(browser)
    sign_in(page, live_server.url, "jonas")
    follow(page, f"/desk/play-days/{day.pk}/")
    assert fits_the_phone(page)
    row = page.locator(f"#child-{booking.pk}")
    assert "Noten" in row.inner_text()
    assert "Epilepsie" not in page.content()
    assert_accessible(page, axe_source)
    row.locator(f"form[action$='/bookings/{booking.pk}/check-in/'] button").click()
    page.wait_for_load_state()
    assert Attendance.objects.get(session=day, person=child).checked_in_at is not None
    row = page.locator(f"#child-{booking.pk}")
    row.locator("summary").click()
    row.locator(f"#pickup-{booking.pk}-{mama.pk}").check()
    row.locator(f"form[action$='/bookings/{booking.pk}/check-out/'] button[type=submit]").click()
    page.wait_for_load_state()
    booking.refresh_from_db()
    assert booking.picked_up_by == "Fatima (mama)"
    assert "Fatima (mama)" in page.locator(f"#child-{booking.pk}").inner_text()
    assert fits_the_phone(page)
    assert_accessible(page, axe_source)
