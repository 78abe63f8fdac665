"""Volunteer hours per year: the numbers (hand-computed on a small fixture),
each coordinator's scope, who may open the report, bad input, the exports
(named per volunteer and audited; suppressed per programme) and a query
count that does not grow with the number of volunteers."""

import csv
import datetime
import io
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.urls import reverse
from wagtail.models import PageLogEntry

from programmes import volunteer_hours
from programmes.figures import SUPPRESSED
from programmes.models import ShiftAssignment
from programmes.views.volunteer_hours import EXPORTED
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.programmes.volunteer_factories import RoleFactory, ShiftAssignmentFactory, ShiftFactory, VolunteerFactory
from tests.website.factories import UserFactory, may_edit

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 20, 15, 0, tzinfo=BRUSSELS), tick=False)


def on(day, hour=13):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=BRUSSELS)


def shift(programme, day, role):
    return ShiftFactory(session=SessionFactory(programme=programme, starts_at=on(day)), role=role)


def assign(shift, volunteer, status, hours=None):
    return ShiftAssignmentFactory(shift=shift, volunteer=volunteer, status=status, hours=hours)


@pytest.fixture
def world(home):
    """Two programmes one coordinator runs (the grocery, the playground), one
    she does not (homework class).

    Anna: grocery 5 March came 3.5 h, 19 March came 4 h, 2 April did not
    come, 7 May cancelled (with hours, still ignored), 18 December 2025 came
    3 h (the year before); playground 19 March came 2.25 h (the same day as
    the grocery: one day).
    Bram: grocery 5 March came 3 h; playground 1 July came 6 h, 2 July did
    not come; homework class 3 July came 8 h (not hers).
    Chris: playground 1 July signed up and never recorded; 6 January 2027
    came 5 h (next year).
    """
    w = SimpleNamespace()
    w.grocery = ProgrammePageFactory(title="Sociale kruidenier De Korf")
    w.playground = ProgrammePageFactory(title="Speelplein Zonnebloem")
    w.homework = ProgrammePageFactory(title="Huiswerkklas")
    door = RoleFactory(name="Onthaal")
    w.anna = VolunteerFactory(user=UserFactory(first_name="Anna", last_name="Peeters"))
    w.bram = VolunteerFactory(user=UserFactory(first_name="Bram", last_name="Janssens"))
    w.chris = VolunteerFactory(user=UserFactory(first_name="Chris", last_name="Maes"))

    g_0305 = shift(w.grocery, datetime.date(2026, 3, 5), door)
    assign(g_0305, w.anna, "came", Decimal("3.5"))
    assign(g_0305, w.bram, "came", Decimal("3"))
    assign(shift(w.grocery, datetime.date(2026, 3, 19), door), w.anna, "came", Decimal("4"))
    assign(shift(w.grocery, datetime.date(2026, 4, 2), door), w.anna, "no_show")
    assign(shift(w.grocery, datetime.date(2026, 5, 7), door), w.anna, "cancelled", Decimal("3"))
    assign(shift(w.grocery, datetime.date(2025, 12, 18), door), w.anna, "came", Decimal("3"))

    assign(shift(w.playground, datetime.date(2026, 3, 19), door), w.anna, "came", Decimal("2.25"))
    p_0701 = shift(w.playground, datetime.date(2026, 7, 1), door)
    assign(p_0701, w.bram, "came", Decimal("6"))
    assign(p_0701, w.chris, "signed_up")
    assign(shift(w.playground, datetime.date(2026, 7, 2), door), w.bram, "no_show")
    assign(shift(w.playground, datetime.date(2027, 1, 6), door), w.chris, "came", Decimal("5"))

    assign(shift(w.homework, datetime.date(2026, 7, 3), door), w.bram, "came", Decimal("8"))

    w.coordinator = may_edit(UserFactory(roles=["coordinators"]), w.grocery, w.playground)
    return w


def as_tuple(row):
    return (row.name, row.shifts_came, row.no_shows, row.hours, row.days)


# The numbers.


def test_hours_per_volunteer_count_came_and_no_show_in_the_year(world):
    rows = volunteer_hours.volunteer_rows([world.grocery.pk, world.playground.pk], 2026)
    assert [as_tuple(row) for row in rows] == [
        ("Anna Peeters", 3, 1, Decimal("9.75"), 2),  # 19 March twice: one day
        ("Bram Janssens", 2, 1, Decimal("9.00"), 2),
    ]


def test_hours_per_programme_and_totals_count_a_volunteer_once(world):
    report = volunteer_hours.hours_report([world.grocery, world.playground], 2026, total_title="Totaal")
    assert [(p.title, p.volunteers, p.shifts_came, p.no_shows, p.hours) for p in report.programmes] == [
        ("Sociale kruidenier De Korf", 2, 3, 1, Decimal("10.50")),
        ("Speelplein Zonnebloem", 2, 2, 1, Decimal("8.25")),
    ]
    totals = report.totals
    assert (totals.title, totals.volunteers, totals.shifts_came, totals.no_shows, totals.hours) == (
        "Totaal",
        2,
        5,
        2,
        Decimal("18.75"),
    )


def test_another_year_has_its_own_hours(world):
    (anna,) = volunteer_hours.volunteer_rows([world.grocery.pk], 2025)
    assert as_tuple(anna) == ("Anna Peeters", 1, 0, Decimal("3.00"), 1)
    (chris,) = volunteer_hours.volunteer_rows([world.playground.pk], 2027)
    assert as_tuple(chris) == ("Chris Maes", 1, 0, Decimal("5.00"), 1)


def test_a_volunteer_who_only_missed_shifts_has_a_row_but_does_not_count_as_came(world):
    ShiftAssignment.objects.filter(volunteer=world.anna, shift__session__programme=world.playground).update(
        status="no_show", hours=None
    )
    report = volunteer_hours.hours_report([world.playground], 2026)
    assert [as_tuple(row) for row in report.volunteers] == [
        ("Anna Peeters", 0, 1, Decimal("0.00"), 0),
        ("Bram Janssens", 1, 1, Decimal("6.00"), 1),
    ]
    assert (report.programmes[0].volunteers, report.totals.volunteers) == (1, 1)


def test_a_volunteer_without_a_name_shows_the_username(world):
    world.bram.user.first_name = world.bram.user.last_name = ""
    world.bram.user.save()
    rows = volunteer_hours.volunteer_rows([world.grocery.pk], 2026)
    assert [row.name for row in rows] == [world.bram.user.username, "Anna Peeters"]


# The admin screen.


def index_url(name="index", **params):
    return reverse(f"programmes_volunteer_hours:{name}") + "?" + urlencode(params)


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


def test_the_screen_shows_both_tables_with_exact_numbers(admin, world):
    response = admin.get(index_url(year=2026))
    assert response.status_code == 200
    report = response.context["report"]
    assert [row.name for row in report.volunteers] == ["Anna Peeters", "Bram Janssens"]
    assert [item.title for item in report.programmes] == ["Sociale kruidenier De Korf", "Speelplein Zonnebloem"]
    content = response.content.decode()
    assert 'id="volunteers-table"' in content
    assert 'id="programmes-table"' in content
    assert "Anna Peeters" in content
    assert "Huiswerkklas" not in content


def test_without_a_year_it_is_this_year(admin, world):
    response = admin.get(reverse("programmes_volunteer_hours:index"))
    assert response.status_code == 200
    assert response.context["year"] == 2026


@pytest.mark.parametrize("year", [2000, 2100])
def test_the_first_and_last_years_are_fine(admin, world, year):
    response = admin.get(index_url(year=year))
    assert response.status_code == 200
    assert response.context["report"].volunteers == []


def test_a_programme_filter_shows_only_that_programme(admin, world):
    response = admin.get(index_url(year=2026, programme=world.playground.pk))
    report = response.context["report"]
    assert [as_tuple(row) for row in report.volunteers] == [
        ("Anna Peeters", 1, 0, Decimal("2.25"), 1),
        ("Bram Janssens", 1, 1, Decimal("6.00"), 1),
    ]
    assert [item.title for item in report.programmes] == ["Speelplein Zonnebloem"]


def test_a_coordinator_of_one_programme_sees_only_its_hours_even_in_the_totals(client, world):
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), world.grocery))
    response = client.get(index_url(year=2026))
    report = response.context["report"]
    assert [as_tuple(row) for row in report.volunteers] == [
        ("Anna Peeters", 2, 1, Decimal("7.50"), 2),
        ("Bram Janssens", 1, 0, Decimal("3.00"), 1),
    ]
    assert [item.title for item in report.programmes] == ["Sociale kruidenier De Korf"]
    assert (report.totals.shifts_came, report.totals.no_shows, report.totals.hours) == (3, 1, Decimal("10.50"))
    assert "Speelplein Zonnebloem" not in response.content.decode()
    _header, *rows = read_csv(client.get(index_url(year=2026, export="csv")))
    assert rows == [["Anna Peeters", "2", "1", "7.50", "2"], ["Bram Janssens", "1", "0", "3.00", "1"]]


def test_a_superuser_sees_every_programme(client, world):
    client.force_login(UserFactory(is_superuser=True))
    report = client.get(index_url(year=2026)).context["report"]
    assert "Huiswerkklas" in [item.title for item in report.programmes]
    bram = next(row for row in report.volunteers if row.name == "Bram Janssens")
    assert (bram.shifts_came, bram.hours, bram.days) == (3, Decimal("17.00"), 3)


# Who may open it.


@pytest.mark.parametrize("name", ["index", "print"])
def test_anonymous_goes_to_the_login(client, world, name):
    response = client.get(index_url(name, year=2026))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("name", ["index", "print"])
@pytest.mark.parametrize("export", ["", "csv"])
def test_an_editor_of_every_page_without_the_permission_is_turned_away(client, world, name, export):
    client.force_login(UserFactory(roles=["editors"]))
    response = client.get(index_url(name, year=2026, export=export))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


def test_a_grocery_volunteer_has_no_admin(client, world):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(index_url(year=2026))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_social_worker_coordinating_nothing_sees_no_hours(client, world):
    client.force_login(UserFactory(roles=["social_workers"]))
    response = client.get(index_url(year=2026))
    assert response.status_code == 200
    assert response.context["report"].volunteers == []
    assert 'id="coordinates-nothing"' in response.content.decode()
    _header, *rows = read_csv(client.get(index_url(year=2026, export="csv")))
    assert rows == []
    assert client.get(index_url(year=2026, programme=world.grocery.pk)).status_code == 404


def test_the_menu_shows_the_report_only_to_who_may_open_it(client, world):
    url = reverse("programmes_volunteer_hours:index")
    client.force_login(world.coordinator)
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(UserFactory(roles=["editors"]))
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()


# Bad input: a message next to the field or a 404, never a server error or a file.


@pytest.mark.parametrize("name", ["index", "print"])
@pytest.mark.parametrize("export", ["", "csv", "xlsx"])
def test_a_programme_she_does_not_coordinate_is_a_404(admin, world, name, export):
    response = admin.get(index_url(name, year=2026, programme=world.homework.pk, export=export))
    assert response.status_code == 404
    assert "Bram Janssens" not in response.content.decode()
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


@pytest.mark.parametrize("programme", ["999999", "abc", "-1", "1.5", "99999999999999999999999"])
def test_a_programme_that_is_not_hers_in_any_form_is_a_404(admin, world, programme):
    assert admin.get(index_url(year=2026, programme=programme)).status_code == 404


@pytest.mark.parametrize("year", ["1999", "2101", "abc", "", "2026.5", "-2026", "99999999999999999999999"])
@pytest.mark.parametrize("name", ["index", "print"])
def test_a_bad_year_is_a_form_error(admin, world, year, name):
    response = admin.get(index_url(name, year=year))
    assert response.status_code == 400
    assert response.context["form"].errors["year"]


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_a_bad_year_exports_nothing_and_logs_nothing(admin, world, export):
    response = admin.get(index_url(year="1999", export=export))
    assert (response.status_code, response["Content-Type"].split(";")[0]) == (400, "text/html")
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


def test_an_unknown_table_downloads_the_volunteers(admin, world):
    _header, *rows = read_csv(admin.get(index_url(year=2026, export="csv", table="<script>")))
    assert [row[0] for row in rows] == ["Anna Peeters", "Bram Janssens"]


# The downloads.


def test_the_csv_per_volunteer_has_names_and_exact_hours(admin, world):
    response = admin.get(index_url(year=2026, export="csv"))
    assert "volunteer-hours-2026.csv" in response["Content-Disposition"]
    header, *rows = read_csv(response)
    assert len(header) == 5
    assert rows == [["Anna Peeters", "3", "1", "9.75", "2"], ["Bram Janssens", "2", "1", "9.00", "2"]]


def test_the_xlsx_per_volunteer_has_the_same_rows(admin, world):
    _header, *rows = read_xlsx(admin.get(index_url(year=2026, export="xlsx", table="volunteers")))
    assert rows == [["Anna Peeters", 3, 1, 9.75, 2], ["Bram Janssens", 2, 1, 9, 2]]


def test_a_name_cannot_become_a_formula_in_the_csv(admin, world):
    world.anna.user.first_name = "=HYPERLINK(1)"
    world.anna.user.save()
    _header, *rows = read_csv(admin.get(index_url(year=2026, export="csv")))
    assert "'=HYPERLINK(1) Peeters" in [row[0] for row in rows]


def test_a_download_with_names_is_logged_on_each_programme_without_values(admin, world):
    admin.get(index_url(year=2026, export="xlsx"))
    entries = PageLogEntry.objects.filter(action=EXPORTED)
    assert {entry.page_id for entry in entries} == {world.grocery.pk, world.playground.pk}
    assert {entry.user_id for entry in entries} == {world.coordinator.pk}
    assert [entry.data for entry in entries] == [{"year": 2026, "format": "xlsx"}] * 2


def test_a_download_for_one_programme_is_logged_on_that_programme(admin, world):
    admin.get(index_url(year=2026, programme=world.grocery.pk, export="csv"))
    assert [entry.page_id for entry in PageLogEntry.objects.filter(action=EXPORTED)] == [world.grocery.pk]


def test_looking_at_the_screen_writes_no_export_entry(admin, world):
    admin.get(index_url(year=2026))
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


@pytest.mark.parametrize("export", ["csv", "xlsx"])
def test_the_download_per_programme_is_suppressed_has_no_names_and_is_not_logged(admin, world, export):
    response = admin.get(index_url(year=2026, export=export, table="programmes"))
    rows = read_csv(response) if export == "csv" else read_xlsx(response)
    assert [[str(value) for value in row] for row in rows[1:]] == [
        ["Sociale kruidenier De Korf", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED],
        ["Speelplein Zonnebloem", SUPPRESSED, SUPPRESSED, SUPPRESSED, SUPPRESSED],
        [rows[-1][0], SUPPRESSED, "5", SUPPRESSED, SUPPRESSED],
    ]
    assert all("Peeters" not in str(value) for row in rows for value in row)
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


def test_the_printable_page_is_suppressed_and_has_no_names(admin, world):
    response = admin.get(index_url("print", year=2026))
    assert response.status_code == 200
    assert response.context["totals"]["shifts_came"] == 5
    assert response.context["totals"]["hours"] == SUPPRESSED
    content = response.content.decode()
    assert SUPPRESSED.replace("<", "&lt;") in content
    assert "Peeters" not in content
    assert "Janssens" not in content
    assert "reports_print.css" in content
    assert not PageLogEntry.objects.filter(action=EXPORTED).exists()


# Queries: a fixed number, whatever the number of volunteers.

# Of these, 4 make the report (the default locale, the programmes, the rows
# per volunteer, the rows per programme), the programme picker on the screen
# 1, and the audit entries of a download 4 per programme (not per volunteer);
# the rest are the session, the user, permissions and Wagtail's admin menu.
QUERIES = {"index": 15, "print": 10, "export": 19}


def grow(home, scale):
    """`scale` × 6 volunteers, each on 10 shifts in each of 2 programmes, most
    came (with hours), some did not come."""
    user = UserFactory(roles=["coordinators"])
    programmes = [ProgrammePageFactory(title=f"Project {n}") for n in range(2)]
    may_edit(user, *programmes)
    role = RoleFactory()
    shifts = [
        shift(programme, datetime.date(2026, 2, 1) + datetime.timedelta(days=n), role)
        for programme in programmes
        for n in range(10)
    ]
    volunteers = [VolunteerFactory() for _ in range(6 * scale)]
    ShiftAssignment.objects.bulk_create(
        ShiftAssignment(
            shift=s,
            volunteer=v,
            status="no_show" if (s.pk + v.pk) % 5 == 0 else "came",
            hours=None if (s.pk + v.pk) % 5 == 0 else Decimal("2.5"),
        )
        for s in shifts
        for v in volunteers
    )
    return user, len(volunteers)


@pytest.mark.parametrize("scale", [1, 5])
@pytest.mark.parametrize("name", ["index", "print", "export"])
def test_the_report_takes_the_same_queries_at_five_times_the_volunteers(
    client, home, scale, name, django_assert_max_num_queries
):
    user, volunteers = grow(home, scale)
    client.force_login(user)
    url = index_url("index", year=2026, export="csv") if name == "export" else index_url(name, year=2026)
    with django_assert_max_num_queries(QUERIES[name]):
        response = client.get(url)
        if name == "export":
            rows = read_csv(response)[1:]
    assert response.status_code == 200
    if name == "export":
        assert len(rows) == volunteers
    elif name == "index":
        assert len(response.context["report"].volunteers) == volunteers
        assert response.context["report"].totals.volunteers == volunteers
    else:
        # Six or more volunteers per programme: nothing to suppress.
        assert response.context["totals"]["volunteers"] == volunteers
