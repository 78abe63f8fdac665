"""Attendance figures and the annual report: the numbers (hand-computed on a
small fixture), the exports with "< 5" suppression, who may see them, bad
input, and a query count that does not grow with the data."""

import csv
import datetime
import io
from types import SimpleNamespace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse

from programmes import figures
from programmes.models import Attendance, Membership, Person, Registration, RollCall, Session
from tests.groceries.factories import GroceryPageFactory
from tests.holiday_play.factories import PlaygroundPageFactory
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory, may_edit

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = datetime.date(2026, 11, 20)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 15, 0, tzinfo=BRUSSELS), tick=False)


def on(day, hour=9):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def session(programme, day, **fields):
    return SessionFactory(programme=programme, starts_at=on(day), **fields)


@pytest.fixture
def world(home):
    """Three programmes one coordinator runs, and one she does not.

    Babbelonie (per session): sessions on 4 March, 1 April and 3 June held
    (3 June without any record), 6 May cancelled, 2 December still to come;
    one session in October 2025, the year before.
    Oudergroep (membership): held on 11 February, 11 March, 9 September,
    14 October and 11 November; 10 June cancelled after a mark.
    Ouderontbijt (walk in): head counts only, on 7 January, 4 February and
    4 March.
    """
    w = SimpleNamespace()
    w.babbelonie = ProgrammePageFactory(title="Babbelonie", registration_mode="per_session")
    w.groep = ProgrammePageFactory(title="Oudergroep Bulgaars", kind="group", registration_mode="membership")
    w.ontbijt = ProgrammePageFactory(title="Ouderontbijt", registration_mode="walk_in")
    w.other = ProgrammePageFactory(title="Huiswerkklas", registration_mode="per_session")

    h = {n: HouseholdFactory(contact_name=f"Gezin {n}") for n in range(1, 7)}
    w.households = h
    p1, p2, p3, p4, p5, p6 = (h[n].members.get() for n in range(1, 7))
    c1 = ChildFactory(household=h[1], first_name="Mila")
    c4 = ChildFactory(household=h[4], first_name="Daria")
    w.people = SimpleNamespace(p1=p1, p2=p2, p3=p3, p4=p4, p5=p5, p6=p6, c1=c1, c4=c4)

    # Babbelonie
    a0 = session(w.babbelonie, datetime.date(2025, 10, 1))
    a1 = session(w.babbelonie, datetime.date(2026, 3, 4))
    a2 = session(w.babbelonie, datetime.date(2026, 4, 1))
    session(w.babbelonie, datetime.date(2026, 5, 6), status="cancelled", cancel_reason="Ziek")
    session(w.babbelonie, datetime.date(2026, 6, 3))
    a5 = session(w.babbelonie, datetime.date(2026, 12, 2))
    RegistrationFactory(session=a0, household=h[2], members=[p2])
    Attendance.objects.create(session=a0, person=p2, status="present")
    RegistrationFactory(session=a1, household=h[1], members=[p1, c1], places=2)
    RegistrationFactory(session=a1, household=h[2], members=[p2])
    RegistrationFactory(session=a1, household=h[3], members=[p3])
    Attendance.objects.bulk_create(
        [
            Attendance(session=a1, person=p1, status="present"),
            Attendance(session=a1, person=c1, status="present"),
            Attendance(session=a1, person=p2, status="absent"),
            Attendance(session=a1, person=p3, status="excused"),
            Attendance(session=a1, person=p4, status="present"),  # a walk-in, not registered
        ]
    )
    RegistrationFactory(session=a2, household=h[1], members=[p1, c1], places=2)
    RegistrationFactory(session=a2, household=h[2], members=[p2])
    RegistrationFactory(session=a2, household=h[3], members=[p3], status="cancelled")
    Attendance.objects.bulk_create(
        [
            Attendance(session=a2, person=p1, status="present"),
            Attendance(session=a2, person=c1, status="absent"),
            Attendance(session=a2, person=p2, status="present"),
            Attendance(session=a2, person=p3, status="present"),  # came after cancelling
        ]
    )
    RollCall.objects.create(session=a2, walk_in_adults=2, walk_in_children=3)
    RegistrationFactory(session=a5, household=h[5], members=[p5])

    # Oudergroep
    MembershipFactory(programme=w.groep, household=h[4], members=[p4, c4])
    MembershipFactory(
        programme=w.groep,
        household=h[5],
        members=[p5],
        status="ended",
        ended_at=datetime.datetime(2026, 6, 1, tzinfo=BRUSSELS),
    )
    MembershipFactory(programme=w.groep, household=h[1], members=[p1], status="applied")
    g = [
        session(w.groep, datetime.date(2026, 2, 11)),
        session(w.groep, datetime.date(2026, 3, 11)),
        session(w.groep, datetime.date(2026, 9, 9)),
        session(w.groep, datetime.date(2026, 10, 14)),
        session(w.groep, datetime.date(2026, 11, 11)),
    ]
    statuses = [
        {p4: "present", c4: "present", p5: "present"},
        {p4: "absent", c4: "present", p5: "excused"},
        {p4: "excused", c4: "present", p5: "present"},  # p5 no longer a member
        {p4: "absent", c4: "present"},
        {c4: "absent", p1: "present"},  # p1 applied, not a member
    ]
    Attendance.objects.bulk_create(
        Attendance(session=s, person=person, status=status)
        for s, marks in zip(g, statuses, strict=True)
        for person, status in marks.items()
    )
    cancelled = session(w.groep, datetime.date(2026, 6, 10))
    Attendance.objects.create(session=cancelled, person=p4, status="present")
    Session.objects.filter(pk=cancelled.pk).update(status="cancelled", cancel_reason="Staking")

    # Ouderontbijt
    for day, adults, children in [((1, 7), 6, 4), ((2, 4), 3, 1), ((3, 4), 0, 0)]:
        s = session(w.ontbijt, datetime.date(2026, *day))
        RollCall.objects.create(session=s, walk_in_adults=adults, walk_in_children=children, note="Thema: slapen")

    # Huiswerkklas: not hers, must not count anywhere.
    x = session(w.other, datetime.date(2026, 3, 4))
    Attendance.objects.bulk_create(
        [Attendance(session=x, person=p6, status="present"), Attendance(session=x, person=p1, status="present")]
    )
    RollCall.objects.create(session=x, walk_in_adults=50, walk_in_children=50)

    w.coordinator = may_edit(UserFactory(roles=["coordinators"]), w.babbelonie, w.groep, w.ontbijt)
    return w


def by_title(report):
    return {item.title: item for item in report.programmes}


def test_figures_of_a_programme_with_registrations(world):
    (item,) = figures.programme_figures([world.babbelonie], *YEAR).programmes
    assert (item.sessions_held, item.sessions_cancelled, item.sessions_without_record) == (3, 1, 1)
    assert item.attendances == 6
    assert (item.persons, item.households) == (5, 4)
    assert (item.walk_in_adults, item.walk_in_children, item.walk_ins) == (2, 3, 5)
    # Present per held session, walk-ins included: 3, 8 and 0.
    assert (item.average_present, item.median_present) == (3.7, 3)
    assert item.registered == figures.Rate(marks=7, present=4, people=4)
    assert item.registered.percent == 57.1
    assert item.members == figures.Rate()
    assert item.new_households == 3  # Gezin 2 came in 2025
    assert item.present_by_month[datetime.date(2026, 3, 1)] == 3
    assert item.present_by_month[datetime.date(2026, 4, 1)] == 8
    assert sum(item.present_by_month.values()) == 11


def test_figures_of_a_group(world):
    (item,) = figures.programme_figures([world.groep], *YEAR).programmes
    assert (item.sessions_held, item.sessions_cancelled, item.sessions_without_record) == (5, 1, 0)
    assert item.attendances == 8
    assert (item.persons, item.households) == (4, 3)
    assert (item.average_present, item.median_present) == (1.6, 1)
    # Members while the membership lasted: Gezin 4 (2 people) all year, Gezin 5 until June.
    assert item.members == figures.Rate(marks=11, present=6, people=3)
    assert item.members.percent == 54.5
    assert item.registered == figures.Rate()
    assert item.new_households == 3


def test_figures_of_a_walk_in_meetup_are_head_counts(world):
    (item,) = figures.programme_figures([world.ontbijt], *YEAR).programmes
    assert (item.sessions_held, item.sessions_without_record, item.attendances) == (3, 0, 0)
    assert (item.walk_in_adults, item.walk_in_children) == (9, 5)
    assert (item.average_present, item.median_present) == (4.7, 4)


def test_totals_count_people_once_across_programmes(world):
    report = figures.figures_for_user(world.coordinator, *YEAR)
    assert [item.title for item in report.programmes] == ["Babbelonie", "Oudergroep Bulgaars", "Ouderontbijt"]
    total = report.totals
    assert (total.sessions_held, total.sessions_cancelled, total.sessions_without_record) == (11, 2, 1)
    assert total.attendances == 14
    assert (total.persons, total.households) == (7, 5)
    assert (total.walk_in_adults, total.walk_in_children) == (11, 8)
    # 33 present over 11 sessions; sorted 0 0 1 1 1 2 3 3 4 8 10.
    assert (total.average_present, total.median_present) == (3.0, 2)
    assert total.registered == figures.Rate(marks=7, present=4, people=4)
    assert total.members == figures.Rate(marks=11, present=6, people=3)
    # New to the coordinator's programmes: Gezin 1, 3, 4 and 5 (Gezin 2 came in 2025).
    assert total.new_households == 4


def test_a_shorter_period_counts_only_its_sessions(world):
    (item,) = figures.programme_figures(
        [world.babbelonie], datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)
    ).programmes
    assert (item.sessions_held, item.attendances, item.persons) == (1, 3, 3)
    assert item.new_households == 1  # Gezin 3; Gezin 1 and 2 came before
    assert list(item.present_by_month) == [datetime.date(2026, 4, 1)]


def test_sessions_to_come_are_not_held(world):
    (item,) = figures.programme_figures([world.babbelonie], *YEAR, today=datetime.date(2026, 3, 31)).programmes
    assert (item.sessions_held, item.attendances) == (1, 3)


def test_people_in_a_group(world):
    rows = figures.person_figures(world.groep, *YEAR)
    p = world.people
    assert [(row.person_id, row.marks, row.present, row.consecutive_absences, row.last_visit) for row in rows] == [
        (p.p4.pk, 4, 1, 3, datetime.date(2026, 2, 11)),  # the cancelled June session does not count
        (p.c4.pk, 5, 4, 1, datetime.date(2026, 10, 14)),
        (p.p1.pk, 1, 1, 0, datetime.date(2026, 11, 11)),
        (p.p5.pk, 3, 2, 0, datetime.date(2026, 9, 9)),
    ]
    assert [row.is_member for row in rows] == [True, True, False, False]
    assert rows[0].percent == 25.0
    assert rows[3].percent == 66.7


def test_absences_in_a_row_and_the_last_visit_look_back_past_the_period(world):
    rows = figures.person_figures(world.groep, datetime.date(2026, 3, 1), datetime.date(2026, 12, 31))
    p4 = next(row for row in rows if row.person_id == world.people.p4.pk)
    assert (p4.marks, p4.present, p4.consecutive_absences, p4.last_visit) == (3, 0, 3, datetime.date(2026, 2, 11))


def test_a_member_never_marked_is_listed(world):
    newcomer = HouseholdFactory(contact_name="Gezin 7")
    MembershipFactory(programme=world.groep, household=newcomer)
    rows = figures.person_figures(world.groep, *YEAR)
    row = next(row for row in rows if row.household == "Gezin 7")
    assert (row.is_member, row.marks, row.rate, row.last_visit) == (True, 0, None, None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [(0, 0), (1, "< 5"), (4, "< 5"), (4.9, "< 5"), (5, 5), (12, 12), (None, None)],
)
def test_suppress_hides_one_to_four_people(value, shown):
    assert figures.suppress(value) == shown


# The admin screens and their exports.

SUPPRESSED = figures.SUPPRESSED
# Babbelonie's export row, from the hand-computed figures above: sessions held
# and cancelled as they are, every count of 1 to 4 people as "< 5", no member
# rate, and the rate of registered people resting on 4 people.
BABBELONIE_ROW = ["Babbelonie", "3", "1", "6", "5", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED]
BABBELONIE_ROW += [SUPPRESSED, SUPPRESSED, "5", "", SUPPRESSED]


def attendance_url(**params):
    return reverse("programmes_reports:attendance") + "?" + urlencode(params)


def annual_url(name="annual", **params):
    return reverse(f"programmes_reports:{name}") + "?" + urlencode(params)


def whole_year(programme, **extra):
    return {"programme": programme.pk, "first": "2026-01-01", "last": "2026-12-31", **extra}


@pytest.fixture
def admin(client, world):
    client.force_login(world.coordinator)
    return client


def read_csv(response):
    assert response["Content-Type"] == "text/csv"
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_the_figures_screen_shows_exact_numbers_and_every_person(admin, world):
    response = admin.get(attendance_url(**whole_year(world.groep)))
    assert response.status_code == 200
    item = response.context["item"]
    assert (item.attendances, item.persons, item.members.percent) == (8, 4, 54.5)
    assert [person.name for person in response.context["people"]][:1] == [str(world.people.p4)]
    content = response.content.decode()
    assert "54,5 %" in content or "54.5 %" in content
    assert str(world.people.c4) in content


def test_the_csv_export_has_the_same_numbers_with_small_counts_suppressed(admin, world):
    response = admin.get(attendance_url(**whole_year(world.babbelonie, export="csv")))
    header, row = read_csv(response)
    assert len(header) == len(row) == 14
    assert row == BABBELONIE_ROW


def test_the_xlsx_export_has_the_same_numbers(admin, world):
    response = admin.get(attendance_url(**whole_year(world.babbelonie, export="xlsx")))
    _header, row = read_xlsx(response)
    assert [None if value is None else str(value) for value in row] == [
        None if value == "" else value for value in BABBELONIE_ROW
    ]


def test_exports_carry_no_names(admin, world):
    response = admin.get(attendance_url(**whole_year(world.groep, export="csv")))
    text = "\n".join(",".join(row) for row in read_csv(response))
    assert all(person.first_name not in text for person in Person.objects.all())


def test_the_annual_report_has_every_programme_and_the_totals(admin, world):
    response = admin.get(annual_url(year=2026))
    assert response.status_code == 200
    assert [item.title for item in response.context["report"].programmes] == [
        "Babbelonie",
        "Oudergroep Bulgaars",
        "Ouderontbijt",
    ]
    assert response.context["report"].totals.persons == 7
    content = response.content.decode()
    assert content.count('<svg class="figures-chart"') == 4  # all programmes, and one chart each
    assert 'id="months-table"' in content
    assert "Huiswerkklas" not in content


def test_the_annual_export_suppresses_totals_and_months(admin, world):
    header, *rows = read_csv(admin.get(annual_url(year=2026, export="csv")))
    assert [row[0] for row in rows[:3]] == ["Babbelonie", "Oudergroep Bulgaars", "Ouderontbijt"]
    assert rows[0][:14] == BABBELONIE_ROW
    total = rows[3]
    assert total[1:12] == ["11", "2", "14", "7", "5", SUPPRESSED, SUPPRESSED, SUPPRESSED, "11", "8", "19"]
    assert total[12:14] == [SUPPRESSED, SUPPRESSED]  # rates resting on 3 and 4 people
    # Present per month, marks and walk-ins: January 10, February 7, March 4, April 8.
    assert total[14:18] == ["10", "7", SUPPRESSED, "8"]
    assert len(header) == 14 + 12


def test_the_printable_page_is_suppressed(admin, world):
    response = admin.get(annual_url("annual_print", year=2026))
    assert response.status_code == 200
    table = dict(response.context["table"])
    assert table["Oudergroep Bulgaars"][3] == SUPPRESSED  # 4 different people
    assert response.context["totals"][3] == "7"
    content = response.content.decode()
    assert SUPPRESSED.replace("<", "&lt;") in content
    assert str(world.people.p4) not in content
    assert "reports_print.css" in content


def test_the_annual_report_without_a_year_is_this_years(admin, world):
    response = admin.get(reverse("programmes_reports:annual"))
    assert response.status_code == 200
    assert response.context["year"] == 2026


# Who may see the figures.


@pytest.mark.parametrize("name", ["attendance", "annual", "annual_print"])
def test_anonymous_goes_to_the_login(client, world, name):
    response = client.get(reverse(f"programmes_reports:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", ["attendance", "annual", "annual_print"])
def test_an_editor_of_every_page_without_the_permission_is_turned_away(client, world, name):
    client.force_login(UserFactory(roles=["editors"]))
    response = client.get(reverse(f"programmes_reports:{name}"))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")


def test_a_grocery_volunteer_has_no_admin(client, world):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(annual_url(year=2026))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("export", ["", "csv"])
def test_a_programme_she_does_not_coordinate_is_a_404(admin, world, export):
    assert admin.get(attendance_url(**whole_year(world.other, export=export))).status_code == 404


@pytest.mark.parametrize("programme", ["999999", "abc", "-1"])
def test_a_programme_that_is_not_hers_in_any_form_is_a_404(admin, world, programme):
    params = whole_year(world.babbelonie) | {"programme": programme}
    assert admin.get(attendance_url(**params)).status_code == 404


def test_a_social_worker_coordinating_nothing_sees_no_figures(client, world):
    client.force_login(UserFactory(roles=["social_workers"]))
    assert client.get(reverse("programmes_reports:attendance")).status_code == 200
    assert client.get(attendance_url(**whole_year(world.babbelonie))).status_code == 404
    response = client.get(annual_url(year=2026))
    assert response.status_code == 200
    assert response.context["report"].programmes == []


def test_a_superuser_sees_every_programme(client, world):
    client.force_login(UserFactory(is_superuser=True))
    response = client.get(annual_url(year=2026))
    assert "Huiswerkklas" in [item.title for item in response.context["report"].programmes]


def test_the_menu_shows_the_reports_only_to_who_may_open_them(client, world):
    client.force_login(world.coordinator)
    assert reverse("programmes_reports:annual") in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(UserFactory(roles=["editors"]))
    assert reverse("programmes_reports:annual") not in client.get(reverse("wagtailadmin_home")).content.decode()


# Bad input: a message next to the field, never a server error or a file.


@pytest.mark.parametrize(
    ("first", "last", "field"),
    [
        ("2026-12-31", "2026-01-01", "last"),  # reversed
        ("gisteren", "2026-01-01", "first"),
        ("", "2026-01-01", "first"),
        ("2026-01-01", "", "last"),
        ("2020-01-01", "2023-01-01", "last"),  # more than 3 years
        ("99999-01-01", "2026-01-01", "first"),
        ("2026-02-30", "2026-03-01", "first"),
        # No figures before 2000 (and none a day before 1 January of year 1).
        ("1999-12-31", "2000-06-30", "first"),
        ("0001-01-01", "0001-01-01", "first"),
    ],
)
@pytest.mark.parametrize("export", ["", "xlsx"])
def test_a_bad_period_is_a_form_error(admin, world, first, last, field, export):
    params = whole_year(world.babbelonie) | {"first": first, "last": last, "export": export}
    response = admin.get(attendance_url(**params))
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert field in response.context["form"].errors
    assert response.context["report"] is None


@pytest.mark.parametrize(
    ("first", "last"),
    [
        ("2023-01-02", "2026-01-01"),
        ("2024-02-29", "2027-02-27"),
        ("9999-06-01", "9999-12-31"),
        ("2000-01-01", "2000-12-31"),
    ],
)
def test_a_period_up_to_three_years_is_fine(admin, world, first, last):
    response = admin.get(attendance_url(**whole_year(world.babbelonie) | {"first": first, "last": last}))
    assert response.status_code == 200


@pytest.mark.parametrize("year", ["99999", "abc", "", "1999", "2028", "2026.5", "-2026"])
@pytest.mark.parametrize("name", ["annual", "annual_print"])
def test_a_bad_year_is_a_form_error(admin, world, year, name):
    response = admin.get(annual_url(name, year=year))
    assert response.status_code == 400
    assert response.context["form"].errors["year"]


def test_a_bad_year_exports_nothing(admin, world):
    response = admin.get(annual_url(year="99999", export="csv"))
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (400, "text/html")


# Queries: a fixed number, whatever the size of the year.

# Of these, 8 compute the figures (programmes, sessions, marks per person,
# households seen before the period, members, ended memberships and their
# marks, registered people) and the figures screen adds 1 for its per-person
# table; the rest are the session, the user, permissions and Wagtail's admin
# menu.
# The annual report also asks each kind of programme for its own tables (2 queries: the pages, then their specific types).
# "kinds": what groceries and playgrounds add to the annual report, together.
QUERIES = {"annual": 16, "annual_print": 12, "attendance": 22, "kinds": 10}


def grow(home, scale):
    """`scale` × (2 programmes, 12 sessions each, 10 households of 2), all
    marked, with roll calls and registrations: built with bulk_create."""
    user = UserFactory(roles=["coordinators"])
    programmes = [
        ProgrammePageFactory(title=f"Groep {n}", kind="group", registration_mode=mode)
        for n, mode in enumerate(["membership", "per_session"] * scale)
    ]
    may_edit(user, *programmes)
    households = [HouseholdFactory(contact=False) for _ in range(10 * scale)]
    people = Person.objects.bulk_create(
        Person(household=h, first_name=name, role="adult") for h in households for name in ("Ana", "Ion")
    )
    days = [datetime.date(2026, 1, 7) + datetime.timedelta(days=n * 25 // scale) for n in range(12 * scale)]
    sessions = Session.objects.bulk_create(
        Session(programme=programme, starts_at=on(day), ends_at=on(day, hour=11), original_start=on(day))
        for programme in programmes
        for day in days
    )
    for programme in programmes[::2]:
        # A household in ten left the group in the summer: its marks before then are a member's.
        memberships = Membership.objects.bulk_create(
            Membership(programme=programme, household=h, status="active")
            if n % 10
            else Membership(programme=programme, household=h, status="ended", ended_at=on(datetime.date(2026, 7, 1)))
            for n, h in enumerate(households)
        )
        Membership.members.through.objects.bulk_create(
            Membership.members.through(membership=m, person=p)
            for m in memberships
            for p in people
            if p.household_id == m.household_id
        )
    registered = [s for s in sessions if s.programme in programmes[1::2]]
    registrations = Registration.objects.bulk_create(
        Registration(session=s, household=h, places=2, status="confirmed") for s in registered for h in households
    )
    Registration.members.through.objects.bulk_create(
        Registration.members.through(registration=r, person=p)
        for r in registrations
        for p in people
        if p.household_id == r.household_id
    )
    Attendance.objects.bulk_create(
        Attendance(session=s, person=p, status=["present", "present", "absent", "excused"][(s.pk + p.pk) % 4])
        for s in sessions
        for p in people
    )
    RollCall.objects.bulk_create(RollCall(session=s, walk_in_adults=2, walk_in_children=1) for s in sessions)
    return user, len(sessions) * len(people)


@pytest.mark.parametrize("scale", [1, 5])
@pytest.mark.parametrize("name", ["annual", "annual_print"])
def test_the_annual_report_takes_the_same_queries_at_five_times_the_size(
    client, home, scale, name, django_assert_max_num_queries
):
    user, marks = grow(home, scale)
    client.force_login(user)
    with django_assert_max_num_queries(QUERIES[name]):
        response = client.get(annual_url(name, year=2026))
    assert response.status_code == 200
    assert len(response.context["report"].programmes) == 2 * scale
    assert response.context["report"].totals.sessions_held == 24 * scale * scale
    assert Attendance.objects.count() == marks


@pytest.mark.parametrize("kinds", [1, 4])
def test_the_annual_report_takes_the_same_queries_for_one_grocery_and_playground_or_four(
    client, home, kinds, django_assert_max_num_queries
):
    """Each kind of programme answers for all its pages at once."""
    user, _marks = grow(home, 1)
    for n in range(kinds):
        grocery, playground = GroceryPageFactory(), PlaygroundPageFactory()
        may_edit(user, grocery, playground)
        for page in (grocery, playground):
            day = datetime.date(2026, 7, 1 + n)
            Session.objects.create(programme=page, starts_at=on(day), ends_at=on(day, hour=16), original_start=on(day))
    client.force_login(user)
    with django_assert_max_num_queries(QUERIES["annual"] + QUERIES["kinds"]):
        response = client.get(annual_url(year=2026))
    assert response.status_code == 200
    sections = [section.key for section, _table in response.context["sections"]]
    assert len(sections) == 7 * kinds  # three tables of the grocery's, four of the playground's
    assert len(set(sections)) == len(sections), "every table has its own id"


@pytest.mark.parametrize("scale", [1, 5])
def test_the_figures_screen_takes_the_same_queries_at_five_times_the_size(
    client, home, scale, django_assert_max_num_queries
):
    user, _marks = grow(home, scale)
    client.force_login(user)
    programme = Session.objects.first().programme
    with django_assert_max_num_queries(QUERIES["attendance"]):
        response = client.get(attendance_url(**whole_year(programme)))
    assert response.status_code == 200
    assert len(response.context["people"]) == 20 * scale


@pytest.mark.parametrize(
    ("value", "kind", "shown"),
    [(3.7, "people", "3,7"), (3.0, "people", "3"), (100.0, "rate", "100 %"), (None, "rate", "–"), (12, "count", "12")],
)
def test_values_are_shown_in_the_users_language(value, kind, shown):
    from django.utils import translation

    from programmes.views.reports import Column

    column = Column("value", "", kind)
    item = SimpleNamespace(value=SimpleNamespace(percent=value, marks=1, people=9) if kind == "rate" else value)
    with translation.override("nl"):
        assert column.display(item) == shown


def test_the_charts_escape_every_text():
    from programmes.views.reports import bar_chart

    svg = bar_chart('chart-"1', "<script>alert(1)</script>", [3, 7], ["<b>jan</b>", "feb"], suppressed=True)
    assert all(text not in svg for text in ("<script>", "<b>", 'chart-"1'))
    assert all(text in svg for text in ("&lt;script&gt;", "&lt;b&gt;jan", "chart-&quot;1", "&lt; 5"))
