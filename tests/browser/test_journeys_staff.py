"""User journeys of the people who run things, each told as one story and
driven in Chromium on a small phone and on a laptop: a coordinator takes the
parent breakfast's attendance and finds it in the figures, a volunteer checks
five badges at the grocery door, a volunteer takes a shift and subscribes to
it. Every page on the way must fit the screen and pass axe-core; the key steps
are saved as screenshots (build/screenshots/journeyN-<viewport>-<step>.png)."""

import datetime

import icalendar
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

from groceries import codes
from groceries.models import Badge, Visit
from groceries.services import door as door_service
from programmes.models import Attendance, RollCall, ShiftAssignment
from programmes.views.reports import COLUMNS
from tests.browser.conftest import _new_page, assert_accessible, save_screenshot
from tests.browser.test_desk_registration_pages import BRUSSELS, NOW, PHONE, fits_the_phone, follow, sign_in
from tests.browser.test_door_page import OPENING_STARTS, door  # noqa: F401 - the door's fixture
from tests.browser.test_shift_pages import door_shift  # noqa: F401 - the shift's fixture
from tests.groceries.factories import BadgeFactory
from tests.programmes.factories import HouseholdFactory, ProgrammePageFactory, RegistrationFactory, SessionFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"phone": PHONE, "desktop": {"width": 1280, "height": 800}}
# The first Wednesday of December: the parent breakfast is on this morning.
BREAKFAST_STARTS = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=BRUSSELS)


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def journey_page(browser, live_server, home, viewport):
    """A page with JavaScript on, as people use it, that lets axe-core in."""
    context, page = _new_page(browser, viewport=VIEWPORTS[viewport], bypass_csp=True)
    page.base_url = live_server.url
    page.set_default_timeout(15_000)
    yield page
    context.close()


# What sticks out past the screen's right edge and cannot be scrolled to: the
# admin's <main> hides what overflows, so the page itself never looks too wide.
CUT_OFF = """() => [...document.body.querySelectorAll("*")].filter(element => {
    if (element.getBoundingClientRect().right <= window.innerWidth + 1) return false;
    for (let node = element; node; node = node.parentElement) {
        const style = getComputedStyle(node);
        if (style.display === "none" || style.visibility === "hidden") return false;
        if (node !== element && ["auto", "scroll"].includes(style.overflowX)) return false;
        if (style.position === "absolute" && style.clip.startsWith("rect")) return false;
    }
    return true;
}).map(element => element.tagName.toLowerCase() + "." + element.className)"""


def looked_at(page, axe_source, name):
    """What every step of a journey must be: on the screen, accessible, kept."""
    assert fits_the_phone(page), f"{name}: wider than the screen"
    assert not page.evaluate(CUT_OFF), f"{name}: cut off at the right edge"
    assert_accessible(page, axe_source)
    save_screenshot(page, name)


def dutch(message):
    with translation.override("nl-be"):
        return gettext(message)


# Journey 2: a coordinator takes attendance at the parent breakfast.


@pytest.fixture
def breakfast_morning(time_machine):
    time_machine.move_to(BREAKFAST_STARTS + datetime.timedelta(minutes=45))


@pytest.fixture
def breakfast(breakfast_morning, home):
    programme = ProgrammePageFactory(title="Ouderontbijt De Living", registration_mode="per_session")
    session = SessionFactory(programme=programme, starts_at=BREAKFAST_STARTS)
    for name in ("Ayşe Yılmaz", "Hanna De Smet", "Youssef Benali"):
        RegistrationFactory(session=session, household=HouseholdFactory(contact_name=name))
    may_edit(UserFactory(username="els", first_name="Els", last_name="Peeters", roles=["coordinators"]), programme)
    return session


def figures_shown(page):
    """{column name: the number shown}, read from the figures table by its Dutch labels."""
    shown = dict(
        zip(
            page.locator("table.figures-table th[scope=row]").all_inner_texts(),
            page.locator("table.figures-table td.figures-number").all_inner_texts(),
            strict=True,
        )
    )
    return {column.name: shown[dutch(column.label)].strip() for column in COLUMNS}


def test_journey_a_coordinator_takes_attendance_at_the_breakfast_and_sees_it_in_the_figures(
    journey_page, viewport, axe_source, breakfast
):
    page, session = journey_page, breakfast
    sign_in(page, page.base_url, "els")
    looked_at(page, axe_source, f"journey2-{viewport}-today")

    # Today's breakfast is on the desk's home page; one tap opens the roll call.
    follow(page, f"/desk/sessions/{session.pk}/roll-call/")
    assert page.locator(".roll-call__person").count() == 3
    looked_at(page, axe_source, f"journey2-{viewport}-roll-call")

    # One tap per person; each tap is saved at once.
    for name, status in (("Ayşe", "present"), ("Hanna", "present"), ("Youssef", "absent")):
        person = page.locator(".roll-call__person", has_text=name)
        with page.expect_response("**/roll-call/mark/"):
            person.locator(f".roll-call__choice--{status}").click()
    assert page.locator("[data-count='present']").inner_text() == "2"

    # Walk-ins are counted with + and −: three adults, one too many, and a child.
    for adjust in ("adults:+1", "adults:+1", "adults:+1", "adults:-1", "children:+1"):
        with page.expect_navigation():
            page.click(f"button[value='{adjust}']")
    assert page.input_value("#id_walk_in_adults") == "2"
    assert page.input_value("#id_walk_in_children") == "1"
    page.fill("#id_note", "Medewerker Kind en Gezin was er.")
    with page.expect_navigation():
        page.click(".roll-call__save")
    assert dutch("Attendance saved.") in page.locator(".messages").inner_text()
    assert page.locator("[data-count='present']").inner_text() == "2"
    assert page.locator("[data-count='absent']").inner_text() == "1"
    looked_at(page, axe_source, f"journey2-{viewport}-saved")

    marks = {mark.person.first_name: mark.status for mark in Attendance.objects.select_related("person")}
    assert marks == {"Ayşe": "present", "Hanna": "present", "Youssef": "absent"}
    assert set(Attendance.objects.values_list("session", flat=True)) == {session.pk}
    record = RollCall.objects.get(session=session)
    assert (record.walk_in_adults, record.walk_in_children) == (2, 1)
    assert record.note == "Medewerker Kind en Gezin was er."

    # The figures are in the admin's Reports menu (behind the menu button on a phone):
    # this year up to today, of her one programme.
    page.goto(page.base_url + "/admin/")
    looked_at(page, axe_source, f"journey2-{viewport}-admin")
    menu_button = page.locator("button.sidebar-nav-toggle--mobile")
    if menu_button.is_visible():
        menu_button.click()
    page.click(f"button.sidebar-menu-item__link:has-text('{dutch('Reports')}')")
    follow(page, "/admin/figures/attendance/")
    assert page.locator("#id_programme option:checked").inner_text() == "Ouderontbijt De Living"
    with page.expect_navigation():
        page.click("form.figures-filter button[type=submit]")
    figures = figures_shown(page)
    assert figures["sessions_held"] == "1"
    assert figures["attendances"] == "2"
    assert figures["persons"] == "2"
    assert figures["households"] == "2"
    assert (figures["walk_in_adults"], figures["walk_in_children"], figures["walk_ins"]) == ("2", "1", "3")
    # Two present and three walk-ins at the one session held.
    assert figures["average_present"] == "5"
    assert figures["registered"] == "66,7 %"
    people = page.locator("[aria-labelledby=people-heading] tbody tr")
    assert people.count() == 3
    assert people.filter(has_text="Youssef").locator("td.figures-number").first.inner_text() == "0"
    page.locator("#figures-heading").scroll_into_view_if_needed()
    looked_at(page, axe_source, f"journey2-{viewport}-figures")


# Journey 3: a grocery volunteer checks five badges at the door.


@pytest.fixture
def during_the_opening(time_machine):
    time_machine.move_to(OPENING_STARTS + datetime.timedelta(minutes=20))


@pytest.fixture
def five_badges(during_the_opening, door):  # noqa: F811
    """Fatima's valid badge (from `door`), one that ends next week, one that
    shopped at this opening already, one that ended last month, and a typo."""
    opening, valid = door
    grocery = opening.programme.specific
    expiring = BadgeFactory(
        grocery=grocery, household__contact_name="Hanna De Smet", valid_until=datetime.date(2026, 12, 10)
    )
    visited = BadgeFactory(grocery=grocery, household__contact_name="Youssef Benali")
    door_service.record_visit(visited, opening, by=None, persons=4)
    expired = BadgeFactory(
        grocery=grocery, household__contact_name="Noor Janssens", valid_until=datetime.date(2026, 11, 30)
    )
    # One character changed: the check character tells it from an unknown badge.
    wrong = codes.ALPHABET[(codes.ALPHABET.index(valid.code[3]) + 1) % codes.BASE]
    typo = valid.code[:3] + wrong + valid.code[4:]
    assert not Badge.objects.filter(code=typo).exists()
    return opening, {"valid": valid, "expiring": expiring, "visited": visited, "expired": expired}, typo


def check(page, code):
    """Type the number as read from the card and wait for its verdict (the
    last one is wiped first, so it cannot pass for the new one)."""
    page.evaluate("document.querySelector('[data-verdict]').replaceChildren()")
    page.fill("#id_code", code)
    page.press("#id_code", "Enter")
    page.wait_for_selector("[data-verdict] .verdict")
    return page.locator("[data-verdict] .verdict")


def record_visit(page):
    with page.expect_response("**/door/visit/"):
        page.click("[data-verdict] form.door__visit button")
    page.wait_for_selector("[data-verdict] .message--success")


def test_journey_a_volunteer_checks_five_badges_at_the_door_and_records_the_visits(
    journey_page, viewport, axe_source, five_badges
):
    page = journey_page
    opening, badges, typo = five_badges
    sign_in(page, page.base_url, "marc")
    follow(page, f"/desk/openings/{opening.pk}/door/")
    looked_at(page, axe_source, f"journey3-{viewport}-door")

    verdict = check(page, badges["valid"].printed_code)
    assert "verdict--ok" in verdict.get_attribute("class")
    assert dutch("Valid") in verdict.locator(".verdict__title").inner_text()
    assert "Fatima" in verdict.inner_text()
    looked_at(page, axe_source, f"journey3-{viewport}-valid")
    record_visit(page)

    # Typed as read aloud: lower case, a space for the dash.
    verdict = check(page, badges["expiring"].printed_code.lower().replace("-", " "))
    assert "verdict--warn" in verdict.get_attribute("class")
    assert dutch("Valid, but expires soon") in verdict.locator(".verdict__title").inner_text()
    assert "10 december 2026" in verdict.locator(".verdict__advice").inner_text()
    looked_at(page, axe_source, f"journey3-{viewport}-expiring")
    record_visit(page)

    refusals = (
        ("visited", badges["visited"].printed_code, "Already visited this opening"),
        ("expired", badges["expired"].printed_code, "Expired"),
        ("typo", codes.printed(typo), "Check the number"),
    )
    for step, code, title in refusals:
        verdict = check(page, code)
        assert "verdict--stop" in verdict.get_attribute("class"), step
        assert verdict.locator(".verdict__title").inner_text().endswith(dutch(title)), step
        assert page.locator("[data-verdict] form.door__visit").count() == 0, step
        looked_at(page, axe_source, f"journey3-{viewport}-{step}")

    visits = {visit.badge_id: visit.persons for visit in Visit.objects.filter(opening=opening)}
    assert visits == {badges["valid"].pk: 3, badges["expiring"].pk: 4, badges["visited"].pk: 4}
    # The count at the top follows the visits recorded without reloading the page.
    served = page.locator("[data-served]").inner_text()
    with translation.override("nl-be"):
        assert served == ngettext(
            "%(households)s household served (%(persons)s persons)",
            "%(households)s households served (%(persons)s persons)",
            3,
        ) % {"households": 3, "persons": 11}
    # Fatima at the door again: the badge shopped at this opening already.
    verdict = check(page, badges["valid"].printed_code)
    assert dutch("Already visited this opening") in verdict.inner_text()
    # And sending the visit anyway is refused by the server, not only hidden.
    answer = page.request.post(
        page.base_url + f"/desk/openings/{opening.pk}/door/visit/",
        form={"badge": str(badges["visited"].pk), "persons": "4", "nonce": "0b7d9c1e-4a35-4d6f-9f1e-2c3b4a5d6e7f"},
        headers={
            "Accept": "application/json",
            "X-CSRFToken": page.input_value("form.door__check input[name=csrfmiddlewaretoken]"),
        },
    )
    assert answer.status == 409
    assert answer.json()["ok"] is False
    assert Visit.objects.filter(badge=badges["visited"]).count() == 1
    assert Visit.objects.count() == 3


# Journey 5: a volunteer signs up for a shift and subscribes to the feed.


@pytest.fixture
def before_the_shift(time_machine):
    time_machine.move_to(NOW)


def test_journey_a_volunteer_signs_up_for_a_shift_and_subscribes_to_the_calendar(
    before_the_shift,
    journey_page,
    viewport,
    axe_source,
    door_shift,  # noqa: F811
):
    page, shift = journey_page, door_shift
    sign_in(page, page.base_url, "veerle")
    follow(page, "/desk/shifts/")
    looked_at(page, axe_source, f"journey5-{viewport}-open-shifts")

    with page.expect_navigation():
        page.click(f"form[action='/desk/shifts/{shift.pk}/sign-up/'] button[type=submit]")
    assert page.url.endswith("/desk/shifts/mine/")
    coming = page.locator("section[aria-labelledby=coming-heading] .desk-row")
    assert coming.count() == 1
    assert coming.locator(".desk-row__title").inner_text() == "Sociale kruidenier De Korf: Onthaal"
    assignment = ShiftAssignment.objects.get(shift=shift)
    assert assignment.volunteer.user.username == "veerle"
    looked_at(page, axe_source, f"journey5-{viewport}-my-shifts")

    with page.expect_navigation():
        page.click("form[action='/desk/shifts/mine/calendar/'] button[type=submit]")
    feed_link = page.locator(f"#calendar a[href^='{page.base_url}/']")
    assert feed_link.count() == 1
    looked_at(page, axe_source, f"journey5-{viewport}-calendar-link")

    answer = page.request.get(feed_link.get_attribute("href"))
    assert answer.ok
    assert answer.headers["content-type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(answer.body())
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == ["Onthaal – Sociale kruidenier De Korf"]
    assert events[0].decoded("DTSTART") == datetime.datetime(2026, 12, 3, 13, 30, tzinfo=BRUSSELS)
    assert str(events[0]["UID"]) == f"shift-{assignment.pk}@kansen"
