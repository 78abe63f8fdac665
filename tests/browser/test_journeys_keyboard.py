"""Journeys 1 and 3 again, with the keyboard only: Tab to get somewhere, type,
Enter or Space to act. Each stop must be reached within a few presses and show
where the focus is. The data, and the checks on what the journey leaves behind,
are the mouse journeys' own (test_journeys_families.py, test_journeys_staff.py);
axe and the screenshots are left to them.

Journey 1: a parent who reads French finds a Wednesday activity for a
7-year-old where Bulgarian is spoken, registers, opens the link from the mail
and cancels. Journey 3: a grocery volunteer signs in and checks five badges at
the door, recording the two visits that are due."""

import pytest
from django.utils import timezone

from groceries import codes
from groceries.models import Visit
from programmes.models import Registration
from tests.browser.conftest import assert_focused
from tests.browser.test_door_page import door  # noqa: F401 - five_badges' fixture
from tests.browser.test_journeys_families import (  # noqa: F401 - the fixtures
    FRENCH_TITLE,
    WEDNESDAY,
    activities,
    at,
    in_language,
    manage_link_from_the_mail,
    open_browser,
    viewport,
)
from tests.browser.test_journeys_staff import during_the_opening, dutch, five_badges  # noqa: F401 - the fixtures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Whether the focused element is one of the target's, and what it is (for the
# message when the target is never reached).
FOCUSED = """elements => {
    const focused = document.activeElement;
    const text = (focused.innerText || focused.value || "").trim().slice(0, 30);
    return [elements.includes(focused), `${focused.tagName.toLowerCase()}#${focused.id}.${focused.className} ${text}`];
}"""
# A focus indicator as people see it: an outline or a ring drawn around the
# element, which lies (at least partly) on the screen.
FOCUS_SHOWN = """() => {
    const focused = document.activeElement;
    const style = getComputedStyle(focused);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    const box = focused.getBoundingClientRect();
    const onScreen = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
    return (outline || style.boxShadow !== "none") && onScreen;
}"""


def tab_to(page, target, *, limit=15, key="Tab"):
    """Press Tab (or Shift+Tab) until the focus is on target, at most `limit` times."""
    path = []
    for _ in range(limit):
        page.keyboard.press(key)
        reached, focused = target.evaluate_all(FOCUSED)
        path.append(focused)
        if reached:
            assert_focus_shown(page)
            return len(path)
    raise AssertionError(f"{target} not reached in {limit} presses of {key}: {path}")


def assert_focus_shown(page):
    assert page.evaluate(FOCUS_SHOWN), f"no visible focus on {page.evaluate('document.activeElement.outerHTML')}"


def press_and_wait(page, key="Enter"):
    with page.expect_navigation():
        page.keyboard.press(key)


def choose(page, select, value, *, limit=15):
    """Step through a focused <select> with the arrow key until value is chosen."""
    for _ in range(limit):
        if select.input_value() == value:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"{value!r} not reached in {limit} presses of ArrowDown in {select}")


def type_into(page, target, text):
    tab_to(page, target)
    page.keyboard.type(text)


# Journey 1


def finds_the_activity(page):
    page.goto(page.base_url + "/fr/")
    tab_to(page, page.locator("a[href='/fr/activites/']"))
    press_and_wait(page)

    type_into(page, page.locator("#id_age"), "7")
    tab_to(page, page.locator("details.finder-more summary"))
    page.keyboard.press("Enter")
    assert page.locator("details.finder-more").get_attribute("open") is not None
    tab_to(page, page.locator("input[name=weekday][value='3']"))  # Wednesday
    page.keyboard.press("Space")
    language = page.locator("#id_language")
    tab_to(page, language)
    choose(page, language, "bg")
    tab_to(page, page.locator("form.finder-form button[type=submit]"))
    press_and_wait(page)
    assert page.locator(".session__title").all_inner_texts() == [FRENCH_TITLE, FRENCH_TITLE]
    assert page.locator(".active-filters a.chip").count() == 3

    # The link past the form to the results, then the first of them.
    tab_to(page, page.locator("a[href='#results-title']"))
    page.keyboard.press("Enter")
    tab_to(page, page.locator("a[href='/fr/activites/speelvogels/']"), limit=5)
    press_and_wait(page)
    assert page.locator("h1").inner_text() == FRENCH_TITLE


def registers_a_child(page):
    tab_to(page, page.locator("a[href='/fr/activites/speelvogels/register/']"))
    press_and_wait(page)
    tab_to(page, page.locator("input[name=sessions]").first)
    page.keyboard.press("Space")
    for field, text in (
        ("#id_first_name", "Radka"),
        ("#id_last_name", "Petrova"),
        ("#id_phone", "0470 11 22 33"),
        ("#id_email", "radka@example.be"),
        ("#id_child-0-first_name", "Mila"),
    ):
        type_into(page, page.locator(field), text)
    # The date field's order of day and month is the browser's (not the page's
    # language): born on the 5th of May, typing it is the same either way.
    type_into(page, page.locator("#id_child-0-birth_date"), "05052019")
    assert page.locator("#id_child-0-birth_date").input_value() == "2019-05-05"
    tab_to(page, page.locator("#id_consent"))
    page.keyboard.press("Space")
    tab_to(page, page.locator("form.form button[type=submit]"))
    press_and_wait(page)
    assert page.locator(".message--success").is_visible()
    assert page.locator(".session__title").all_inner_texts() == [FRENCH_TITLE]


def cancels(page, link):
    # Pasted from the mail into the address bar.
    page.goto(link)
    assert page.locator("h1").inner_text() == in_language("fr", "My registrations")
    tab_to(page, page.locator(".session form button"))
    press_and_wait(page)
    assert page.locator(".message--success").is_visible()
    badge = in_language("fr", "You cancelled this registration")
    assert page.locator(".session .badge--cancelled").all_inner_texts() == [badge]


def test_a_parent_finds_registers_and_cancels_with_the_keyboard_only(
    open_browser,  # noqa: F811
    activities,  # noqa: F811
    live_server,
    settings,
):
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    page = open_browser("fr-BE")

    finds_the_activity(page)
    registers_a_child(page)
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert timezone.localtime(registration.session.starts_at) == at(WEDNESDAY, 14)
    assert [person.first_name for person in registration.members.all()] == ["Mila"]

    cancels(page, manage_link_from_the_mail())
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# Journey 3


def signs_in(page, username):
    page.goto(page.base_url + "/desk/login/")
    # The name field has the focus already (autofocus).
    assert_focused(page, "id_username")
    page.keyboard.type(username)
    type_into(page, page.locator("#id_password"), "kansen-test")
    with page.expect_navigation(url="**/desk/"):
        page.keyboard.press("Enter")


def check(page, code):
    """Type the number in the field, which has the focus already, and wait for
    the verdict (the last one is wiped first, so it cannot pass for the new one)."""
    assert_focused(page, "id_code", "(the field is not ready for the next badge)")
    assert_focus_shown(page)
    page.evaluate("document.querySelector('[data-verdict]').replaceChildren()")
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-verdict] .verdict")
    return page.locator("[data-verdict] .verdict")


def records_the_visit(page):
    # The button sits just above the field that has the focus.
    presses = tab_to(page, page.locator("[data-verdict] form.door__visit button"), limit=3, key="Shift+Tab")
    assert presses == 1, f"the visit's button is {presses} presses of Shift+Tab away"
    with page.expect_response("**/door/visit/"):
        page.keyboard.press("Enter")
    page.wait_for_selector("[data-verdict] .message--success")


def test_a_volunteer_checks_five_badges_with_the_keyboard_only(
    open_browser,  # noqa: F811
    five_badges,  # noqa: F811
):
    opening, badges, typo = five_badges
    page = open_browser("nl-BE")
    signs_in(page, "marc")
    tab_to(page, page.locator(f"a[href='/desk/openings/{opening.pk}/door/']"))
    press_and_wait(page)
    # The field for the number has the focus from the start: check() makes sure.

    verdict = check(page, badges["valid"].printed_code)
    assert "verdict--ok" in verdict.get_attribute("class")
    assert "Fatima" in verdict.inner_text()
    records_the_visit(page)

    verdict = check(page, badges["expiring"].printed_code.lower().replace("-", " "))
    assert "verdict--warn" in verdict.get_attribute("class")
    assert dutch("Valid, but expires soon") in verdict.locator(".verdict__title").inner_text()
    records_the_visit(page)

    for step, code, title in (
        ("visited", badges["visited"].printed_code, "Already visited this opening"),
        ("expired", badges["expired"].printed_code, "Expired"),
        ("typo", codes.printed(typo), "Check the number"),
    ):
        verdict = check(page, code)
        assert "verdict--stop" in verdict.get_attribute("class"), step
        assert verdict.locator(".verdict__title").inner_text().endswith(dutch(title)), step
        assert page.locator("[data-verdict] form.door__visit").count() == 0, step

    visits = {visit.badge_id: visit.persons for visit in Visit.objects.filter(opening=opening)}
    assert visits == {badges["valid"].pk: 3, badges["expiring"].pk: 4, badges["visited"].pk: 4}
    # After the last verdict the field is ready again.
    assert_focused(page, "id_code")
