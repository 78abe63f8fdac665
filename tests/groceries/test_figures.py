"""The grocery's figures equal what a person counts by hand on a small year."""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from groceries.figures import groceries_figures, grocery_figures
from groceries.models import Renewal, Visit
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.factories import BRUSSELS
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)
YEAR = (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def opening(grocery, day, **fields):
    return OpeningFactory(
        programme=grocery, starts_at=datetime.datetime.combine(day, datetime.time(13, 30), BRUSSELS), **fields
    )


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def year(home):
    grocery = GroceryPageFactory()
    jan8, jan22 = opening(grocery, datetime.date(2026, 1, 8)), opening(grocery, datetime.date(2026, 1, 22))
    opening(grocery, datetime.date(2026, 2, 5), status="cancelled", cancel_reason="Storm")
    opening(grocery, datetime.date(2026, 12, 3))  # not held yet
    a = BadgeFactory(
        grocery=grocery,
        adults=2,
        children=2,
        referrer="social_service",
        issued_at=at(datetime.date(2026, 1, 2)),
        valid_from=datetime.date(2026, 1, 2),
        valid_until=datetime.date(2027, 1, 1),
    )
    Renewal.objects.create(badge=a, renewed_at=at(datetime.date(2026, 6, 25)), valid_until=datetime.date(2027, 1, 1))
    b = BadgeFactory(
        grocery=grocery,
        adults=1,
        children=0,
        referrer="caw",
        issued_at=at(datetime.date(2025, 12, 1)),
        valid_from=datetime.date(2025, 12, 1),
        valid_until=datetime.date(2026, 1, 31),
    )
    lost = BadgeFactory(
        grocery=grocery,
        adults=1,
        children=1,
        referrer="social_service",
        status="replaced",
        status_reason="Kaart verloren",
        issued_at=at(datetime.date(2025, 6, 1)),
        valid_from=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2026, 6, 1),
    )
    c = BadgeFactory(
        grocery=grocery,
        household=lost.household,
        adults=1,
        children=1,
        referrer="social_service",
        replaces=lost,
        issued_at=at(datetime.date(2026, 1, 10)),
        valid_from=datetime.date(2025, 6, 1),
        valid_until=datetime.date(2026, 12, 31),
    )
    for badge, day, persons, expiring in (
        (a, jan8, 4, False),
        (b, jan8, 1, False),
        (a, jan22, 4, False),
        (b, jan22, 1, True),
        (c, jan22, 2, False),
    ):
        Visit.objects.create(badge=badge, opening=day, persons=persons, badge_expiring=expiring)
    # Another grocery's visits never count here.
    elsewhere = BadgeFactory(grocery=GroceryPageFactory())
    Visit.objects.create(badge=elsewhere, opening=opening(elsewhere.grocery, datetime.date(2026, 1, 8)), persons=3)
    return grocery


def test_the_figures_of_a_year(year):
    figures = grocery_figures(year, *YEAR, today=TODAY)
    assert (figures.openings_held, figures.openings_cancelled) == (2, 1)
    assert (figures.visits, figures.persons_served) == (5, 12)
    assert (figures.households, figures.persons_reached) == (3, 7)
    assert (figures.average_visits, figures.median_visits) == (2.5, 2.5)
    assert (figures.visits_expiring, figures.expiring_percent) == (1, 20.0)
    assert (figures.badges_issued, figures.cards_replaced, figures.badges_renewed, figures.badges_expired) == (
        1,
        1,
        1,
        1,
    )
    referrers = {label: (households, visits) for label, households, visits in figures.by_referrer}
    assert referrers["Sociaal Huis (OCMW)"] == (2, 3)
    assert referrers["CAW"] == (1, 2)
    assert referrers["CLB"] == (0, 0)
    january, february = figures.by_month[:2]
    assert (january.openings, january.visits, january.households, january.persons) == (2, 5, 3, 7)
    assert (february.openings, february.visits, february.households) == (0, 0, 0)
    assert len(figures.by_month) == 12


def test_badges_and_renewals_count_on_the_local_day_they_happened(home):
    """Brussels is an hour ahead of UTC in winter: at 23:30 on 31 December
    it is still the old year here and at 00:10 on 1 January the new one,
    whatever the UTC date says."""
    grocery = GroceryPageFactory()

    def local(*moment):
        return datetime.datetime(*moment, tzinfo=BRUSSELS)

    late = BadgeFactory(grocery=grocery, issued_at=local(2025, 12, 31, 23, 30))
    BadgeFactory(grocery=grocery, issued_at=local(2026, 1, 1, 0, 10))
    BadgeFactory(grocery=grocery, issued_at=local(2026, 12, 31, 23, 59))
    BadgeFactory(grocery=grocery, issued_at=local(2027, 1, 1, 0, 0))
    Renewal.objects.create(badge=late, renewed_at=local(2026, 1, 1, 0, 30), valid_until=datetime.date(2027, 1, 1))
    Renewal.objects.create(badge=late, renewed_at=local(2025, 12, 31, 23, 50), valid_until=datetime.date(2026, 7, 1))
    figures = grocery_figures(grocery, *YEAR, today=TODAY)
    assert (figures.badges_issued, figures.badges_renewed) == (2, 1)
    # One day: 1 January alone.
    day = grocery_figures(grocery, datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), today=TODAY)
    assert (day.badges_issued, day.badges_renewed) == (1, 1)


def test_an_empty_period_has_no_averages(year):
    figures = grocery_figures(year, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31), today=TODAY)
    assert (figures.openings_held, figures.visits, figures.average_visits, figures.expiring_percent) == (
        0,
        0,
        None,
        None,
    )


def test_the_figures_take_the_same_queries_for_a_small_or_a_big_year(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as small:
        grocery_figures(year, *YEAR, today=TODAY)
    for day in range(1, 28, 7):
        held = opening(year, datetime.date(2026, 3, day))
        for badge in BadgeFactory.create_batch(5, grocery=year):
            Visit.objects.create(badge=badge, opening=held, persons=3)
    with django_assert_max_num_queries(len(small)):
        grocery_figures(year, *YEAR, today=TODAY)


def test_several_groceries_at_once_give_each_its_own_figures_for_the_same_queries(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as one:
        alone = grocery_figures(year, *YEAR, today=TODAY)
    other = GroceryPageFactory()
    held = opening(other, datetime.date(2026, 3, 5))
    opening(other, datetime.date(2026, 3, 19), status="cancelled", cancel_reason="Ziek")
    # The same family has a badge at both groceries.
    badge_a = year.badges.order_by("pk").first()
    for badge in (BadgeFactory(grocery=other, household=badge_a.household), BadgeFactory(grocery=other)):
        Visit.objects.create(badge=badge, opening=held, persons=2)
    other_alone = grocery_figures(other, *YEAR, today=TODAY)
    with django_assert_max_num_queries(len(one)):
        both = groceries_figures([year, other], *YEAR, today=TODAY)
    assert both == {year.pk: alone, other.pk: other_alone}
    assert (other_alone.visits, other_alone.households, other_alone.openings_cancelled) == (2, 2, 1)


# The admin report


@pytest.fixture
def social_worker(year):
    year.social_work_team = Group.objects.create(name="Sociale dienst")
    year.save()
    user = UserFactory(roles=["social_workers"])
    user.groups.add(year.social_work_team)
    return user


def report_url(grocery, name="figures", **extra):
    query = {"programme": grocery.pk, "first": "2026-01-01", "last": "2026-12-31", **extra}
    return reverse(f"groceries_reports:{name}") + "?" + urlencode(query)


def test_the_report_shows_exact_numbers_and_exports_suppress_them(client, year, social_worker, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
    client.force_login(social_worker)
    page = client.get(report_url(year))
    assert page.status_code == 200
    assert '<td class="figures-number">3</td>' in page.text  # households reached: exact on screen
    csv = b"".join(client.get(report_url(year, export="csv")).streaming_content).decode()
    lines = csv.strip().splitlines()
    assert lines[1].startswith("2026-01,2,5,< 5,7")
    assert lines[-1].endswith(",2,5,< 5,7")
    printed = client.get(report_url(year, "print"))
    assert printed.status_code == 200
    assert "&lt; 5" in printed.text
    assert client.get(report_url(year, export="xlsx")).status_code == 200


def test_the_report_is_closed_to_others(client, year, home):
    client.force_login(UserFactory(roles=["social_workers"]))  # not in this grocery's team
    assert client.get(report_url(year)).status_code == 404
    assert 'name="programme"' not in client.get(reverse("groceries_reports:figures")).text
    client.force_login(UserFactory(roles=["coordinators"]))  # of nothing
    assert client.get(report_url(year, "print")).status_code == 404
    client.force_login(UserFactory(roles=["grocery_volunteers", "editors"]))
    assert client.get(report_url(year)).status_code == 302


def test_another_grocerys_id_is_not_found(client, year, social_worker):
    client.force_login(social_worker)
    other = GroceryPageFactory()
    assert client.get(report_url(other)).status_code == 404


@pytest.mark.parametrize(
    "extra",
    [
        {"first": "2026-12-31", "last": "2026-01-01"},
        {"first": "31-31-2026"},
        {"last": ""},
        # Counted up to the day before the period's end: 1 January of year 1 has none.
        {"first": "0001-01-01", "last": "0001-01-01"},
    ],
)
def test_bad_periods_are_messages(client, year, social_worker, extra):
    client.force_login(social_worker)
    assert client.get(report_url(year, **extra)).status_code == 400
    assert client.get(report_url(year, "print", **extra)).status_code == 400
    download = client.get(report_url(year, export="csv", **extra))
    assert (download.status_code, download["Content-Type"].split(";")[0]) == (400, "text/html")


def test_the_annual_report_carries_the_grocerys_tables(client, year, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0), tick=False)
    coordinator = may_edit(UserFactory(roles=["coordinators"]), year)
    client.force_login(coordinator)
    page = client.get(reverse("programmes_reports:annual"), {"year": 2026})
    assert page.status_code == 200
    assert f"section-grocery-{year.pk}-months" in page.text
    assert '<td class="figures-number">3</td>' in page.text  # households reached, exact in the admin
    printed = client.get(reverse("programmes_reports:annual_print"), {"year": 2026})
    assert f"section-grocery-{year.pk}-referrers" in printed.text
    assert "&lt; 5" in printed.text
