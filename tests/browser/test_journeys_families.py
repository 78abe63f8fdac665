"""Two families' journeys, start to end, in a real browser on a phone and on
a desktop screen. Every page on the way must pass axe-core (no serious or
critical WCAG 2.1 AA violation) and fit the screen; the key steps are saved
as screenshots (build/screenshots/journey<n>-<viewport>-<step>.png).

Journey 1: a parent who reads French looks for a Wednesday activity for a
7-year-old where Bulgarian is spoken, registers, opens the link from the
confirmation mail and cancels.

Journey 4: a parent books two play days for two children; on the first day
the coordinator checks one of them in and, in the afternoon, out again.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone, translation

from holiday_play.models import Booking
from programmes.models import Attendance, Household, Registration
from tests.browser.conftest import assert_accessible, save_screenshot
from tests.browser.test_desk_registration_pages import BRUSSELS, fits_the_phone, follow, sign_in
from tests.browser.test_playground_pages import FIRST_PLAY_DAY, playground  # noqa: F401 - the playground fixture
from tests.conftest import translate
from tests.programmes.factories import LanguageFactory, ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

VIEWPORTS = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 800}}


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def open_browser(browser, live_server, viewport):
    """A new browser (a person on their own device) of the test's size.

    bypass_csp lets axe-core in; the pages themselves need no JavaScript."""
    contexts = []

    def open_browser(locale):
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale=locale, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15000)
        page.base_url = live_server.url
        return page

    yield open_browser
    for context in contexts:
        context.close()


def looked_at(page, axe_source, name):
    """What every page of a journey must do: pass axe and fit the screen. Saved as a screenshot."""
    assert_accessible(page, axe_source)
    assert fits_the_phone(page), f"{name} is wider than the screen"
    save_screenshot(page, name)


def submit(page, form_selector):
    with page.expect_navigation():
        page.click(f"{form_selector} button[type=submit]")


def in_language(language, text):
    with translation.override(language):
        translated = translation.gettext(text)
    assert translated != text, f"no {language} translation for {text!r}"
    return translated


# Journey 1: Wednesday, age 7, Bulgarian; register, mail, manage link, cancel.

MONDAY_MORNING = datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS)
WEDNESDAY = datetime.date(2026, 11, 25)
THURSDAY = datetime.date(2026, 11, 26)
FRENCH_TITLE = "Les Oisillons"


def at(day, hour):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def programme_in_french(index, french_index, *, title, french_title, slug, languages, ages, starts):
    """A children's programme with sessions at `starts`, and its French translation."""
    fields = {
        "kind": "group",
        "registration_mode": "per_session",
        "for_parents": False,
        "for_children": True,
        "min_age_months": ages[0] * 12,
        "max_age_months": ages[1] * 12 + 11,
    }
    programme = ProgrammePageFactory(parent=index, title=title, slug=slug, **fields)
    programme.languages.set([LanguageFactory(code=code) for code in languages])
    programme.save_revision().publish()
    for starts_at in starts:
        SessionFactory(programme=programme, starts_at=starts_at, capacity=10)
    translate(
        programme,
        french_index,
        "fr",
        title=french_title,
        slug=slug,
        intro="Jeux et bricolage pour enfants.",
        venue=programme.venue,
        **fields,
    )
    return programme


@pytest.fixture
def activities(home, time_machine):
    time_machine.move_to(MONDAY_MORNING)
    LanguageFactory(code="bg", name="български")
    index = ProgrammeIndexPageFactory(parent=home)
    french_home = home.translations["fr"]
    french_index = translate(index, french_home, "fr", title="Activités", slug="activites")
    french_home.finder_page = index
    french_home.save_revision().publish()
    wednesday, next_wednesday = at(WEDNESDAY, 14), at(WEDNESDAY + datetime.timedelta(days=7), 14)
    programme = programme_in_french(
        index,
        french_index,
        title="De Speelvogels",
        french_title=FRENCH_TITLE,
        slug="speelvogels",
        languages=["bg", "nl"],
        ages=(6, 12),
        starts=[wednesday, next_wednesday],
    )
    # What the filters must leave out: a Thursday, toddlers, no Bulgarian.
    for title, french_title, slug, languages, ages, starts in (
        ("Huiswerkklas", "Classe de devoirs", "huiswerkklas", ["bg"], (6, 12), [at(THURSDAY, 16)]),
        ("Kleuterspel", "Jeux des petits", "kleuterspel", ["bg"], (2, 5), [at(WEDNESDAY, 10)]),
        ("Knutselclub", "Club bricolage", "knutselclub", ["nl"], (6, 12), [wednesday]),
    ):
        programme_in_french(
            index,
            french_index,
            title=title,
            french_title=french_title,
            slug=slug,
            languages=languages,
            ages=ages,
            starts=starts,
        )
    return programme


def finds_the_activity(page, axe_source, name):
    page.goto(page.base_url + "/fr/")
    assert page.evaluate("document.documentElement.lang") == "fr"
    looked_at(page, axe_source, f"{name}-home")
    follow(page, "/fr/activites/")
    titles = set(page.locator(".session__title").all_inner_texts())
    assert titles == {FRENCH_TITLE, "Classe de devoirs", "Jeux des petits", "Club bricolage"}
    looked_at(page, axe_source, f"{name}-finder")

    page.fill("#id_age", "7")
    page.click("details.finder-more summary")
    page.check("input[name=weekday][value='3']")  # Wednesday
    page.select_option("#id_language", "bg")
    submit(page, "form.finder-form")
    assert page.locator(".session__title").all_inner_texts() == [FRENCH_TITLE, FRENCH_TITLE]
    assert page.locator(".active-filters a.chip").count() == 3
    looked_at(page, axe_source, f"{name}-found")
    follow(page, "/fr/activites/speelvogels/")
    assert page.locator("h1").inner_text() == FRENCH_TITLE
    looked_at(page, axe_source, f"{name}-activity")


def registers_a_child(page, axe_source, name):
    follow(page, "/fr/activites/speelvogels/register/")
    page.locator("input[name=sessions]").first.check()
    page.fill("#id_first_name", "Radka")
    page.fill("#id_last_name", "Petrova")
    page.fill("#id_phone", "0470 11 22 33")
    page.fill("#id_email", "radka@example.be")
    page.fill("#id_child-0-first_name", "Mila")
    page.fill("#id_child-0-birth_date", "2019-05-14")
    page.check("#id_consent")
    looked_at(page, axe_source, f"{name}-form")
    submit(page, "form.form")
    assert page.locator(".message--success").is_visible()
    assert page.locator(".session__title").all_inner_texts() == [FRENCH_TITLE]
    looked_at(page, axe_source, f"{name}-registered")


def manage_link_from_the_mail():
    assert [message.to for message in mail.outbox] == [["radka@example.be"]]
    (message,) = mail.outbox
    assert FRENCH_TITLE in message.subject
    assert message.subject.startswith(in_language("fr", "Your registration: %(title)s").split("%")[0])
    assert in_language("fr", "Thank you for registering. This is what you registered for:") in message.body
    return re.search(r"https?://\S+/registrations/\S+/", message.body).group(0)


def cancels(page, axe_source, link, name):
    page.goto(link)
    assert page.locator("h1").inner_text() == in_language("fr", "My registrations")
    looked_at(page, axe_source, f"{name}-manage")
    with page.expect_navigation():
        page.locator(".session form button").click()
    assert page.locator(".message--success").is_visible()
    badge = in_language("fr", "You cancelled this registration")
    assert page.locator(".session .badge--cancelled").all_inner_texts() == [badge]
    looked_at(page, axe_source, f"{name}-cancelled")


def test_a_parent_finds_a_wednesday_activity_in_french_registers_and_cancels(
    open_browser, viewport, axe_source, activities, live_server, settings
):
    # The mail's links lead to this server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    name = f"journey1-{viewport}"
    page = open_browser("fr-BE")

    finds_the_activity(page, axe_source, name)
    registers_a_child(page, axe_source, name)
    registration = Registration.objects.get()
    assert registration.status == "confirmed"
    assert timezone.localtime(registration.session.starts_at) == at(WEDNESDAY, 14)
    assert [person.first_name for person in registration.members.all()] == ["Mila"]
    assert Household.objects.get().language == "fr"

    link = manage_link_from_the_mail()
    assert link.startswith(live_server.url + "/fr/")
    cancels(page, axe_source, link, name)
    registration.refresh_from_db()
    assert registration.status == "cancelled"


# Journey 4: two play days for two children; check-in and check-out on the day.


def books_two_days_for_two_children(page, playground_page):
    """Fills in the booking form up to the submit button; returns the first play day."""
    page.goto(page.base_url + playground_page.url)
    follow(page, f"{playground_page.url}register/")
    for number, (first_name, born) in enumerate([("Amira", "2019-08-12"), ("Yusuf", "2022-02-03")]):
        page.fill(f"#id_child-{number}-first_name", first_name)
        page.fill(f"#id_child-{number}-birth_date", born)
    page.fill("#id_child-0-allergies", "Lactose")
    # The first Monday and Wednesday of the Christmas holiday.
    days = [playground_page.sessions.get(local_date=FIRST_PLAY_DAY + datetime.timedelta(days=d)) for d in (0, 2)]
    for day in days:
        page.check(f"#day-{day.pk}")
    page.fill("#id_first_name", "Hana")
    page.fill("#id_last_name", "Haddad")
    page.fill("#id_phone", "0470 55 66 77")
    page.fill("#id_email", "hana@example.be")
    page.fill("#id_pickup_name", "Rita Haddad")
    page.fill("#id_pickup_relationship", "oma")
    page.fill("#id_pickup_phone", "0470 99 88 77")
    page.check("#id_consent")
    return days[0]


def test_a_parent_books_two_play_days_and_the_coordinator_checks_a_child_in_and_out(
    open_browser,
    viewport,
    axe_source,
    playground,  # noqa: F811
    time_machine,
):
    name = f"journey4-{viewport}"
    may_edit(UserFactory(username="els", roles=["coordinators"]), playground)

    parent = open_browser("nl-BE")
    first_day = books_two_days_for_two_children(parent, playground)
    looked_at(parent, axe_source, f"{name}-form")
    submit(parent, "form.form")
    assert "registered=1" in parent.url
    bookings = Booking.objects.filter(status="confirmed")
    assert sorted((b.child.first_name, b.play_day.local_date.day) for b in bookings) == [
        ("Amira", 21),
        ("Amira", 23),
        ("Yusuf", 21),
        ("Yusuf", 23),
    ]
    assert parent.locator("#play-days-title").locator("..").locator("li").count() == 4
    looked_at(parent, axe_source, f"{name}-booked")

    # The first play day, ten to nine: Amira arrives.
    time_machine.move_to(datetime.datetime(2026, 12, 21, 8, 50, tzinfo=BRUSSELS))
    coordinator = open_browser("nl-BE")
    sign_in(coordinator, coordinator.base_url, "els")
    looked_at(coordinator, axe_source, f"{name}-desk")
    follow(coordinator, f"/desk/play-days/{first_day.pk}/")
    amira = bookings.get(child__first_name="Amira", play_day=first_day)
    row = coordinator.locator(f"#child-{amira.pk}")
    assert "Lactose" in row.inner_text()
    looked_at(coordinator, axe_source, f"{name}-day-list")
    with coordinator.expect_navigation():
        row.locator(f"form[action$='/bookings/{amira.pk}/check-in/'] button").click()
    attendance = Attendance.objects.get(session=first_day, person=amira.child)
    assert at(FIRST_PLAY_DAY, 8).replace(minute=50) <= attendance.checked_in_at < at(FIRST_PLAY_DAY, 9)
    assert attendance.checked_out_at is None
    looked_at(coordinator, axe_source, f"{name}-checked-in")

    # Half past four: her grandmother, on the family's list, takes her home.
    time_machine.move_to(datetime.datetime(2026, 12, 21, 16, 30, tzinfo=BRUSSELS))
    coordinator.reload()
    row = coordinator.locator(f"#child-{amira.pk}")
    row.locator("summary").click()
    grandmother = amira.child.child_profile.contacts.get(name="Rita Haddad")
    row.locator(f"#pickup-{amira.pk}-{grandmother.pk}").check()
    looked_at(coordinator, axe_source, f"{name}-check-out")
    with coordinator.expect_navigation():
        row.locator(f"form[action$='/bookings/{amira.pk}/check-out/'] button[type=submit]").click()
    attendance.refresh_from_db()
    amira.refresh_from_db()
    assert at(FIRST_PLAY_DAY, 16).replace(minute=30) <= attendance.checked_out_at < at(FIRST_PLAY_DAY, 17)
    assert amira.picked_up_by == "Rita Haddad (oma)"
    assert "Rita Haddad (oma)" in coordinator.locator(f"#child-{amira.pk}").inner_text()
    looked_at(coordinator, axe_source, f"{name}-checked-out")
