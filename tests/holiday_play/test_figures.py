"""The playground's figures equal what a person counts by hand on a small year:
a spring holiday of five play days and an autumn holiday with one day
cancelled, five children in three age groups."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from holiday_play.figures import playgrounds_figures, report_sections_for
from holiday_play.models import AgeGroup, Booking, PlaygroundPage
from programmes.models import Attendance
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory
from tests.programmes.factories import BRUSSELS, ChildFactory
from tests.website.factories import UserFactory, may_edit

D = datetime.date
pytestmark = pytest.mark.django_db

TODAY = D(2026, 11, 23)
YEAR = (D(2026, 1, 1), D(2026, 12, 31))
KLEUTER, MIDDEN, TIENER = D(2021, 6, 1), D(2018, 6, 1), D(2015, 6, 1)


def figures_of(playground, first, last, *, today):
    return playgrounds_figures([playground], first, last, today=today)[playground.pk]


def page_with_days(periods):
    page = PlaygroundPageFactory(periods=periods)
    regenerate_sessions(page, today=D(2026, 2, 1), horizon_days=330)
    # As the report reads it: fresh from the database.
    return PlaygroundPage.objects.get(pk=page.pk)


def book(page, day, child, *, status="confirmed", present=None, **fields):
    """A booking as the desk leaves it; `present` True or False marks the child."""
    play_day = page.sessions.get(local_date=day)
    group = page.age_group_for(child.birth_date, day)
    booking = Booking.objects.create(
        play_day=play_day, child=child, age_group=group, status=status, price=fields.pop("price", 6), **fields
    )
    if present is not None:
        checked_in = datetime.datetime.combine(day, datetime.time(8, 45), BRUSSELS) if present else None
        Attendance.objects.create(
            session=play_day, person=child, status="present" if present else "absent", checked_in_at=checked_in
        )
    return booking


@pytest.fixture
def year(home):
    page = page_with_days(
        [
            HolidayPeriodFactory(name="Krokusvakantie", first_day=D(2026, 2, 16), last_day=D(2026, 2, 20)),
            HolidayPeriodFactory(name="Herfstvakantie", first_day=D(2026, 11, 2), last_day=D(2026, 11, 6)),
            HolidayPeriodFactory(name="Kerstvakantie", first_day=D(2026, 12, 21), last_day=D(2026, 12, 24)),
        ]
    )
    page.sessions.filter(local_date=D(2026, 11, 6)).update(status="cancelled", cancel_reason="Storm")
    a, b = ChildFactory(first_name="Amira", birth_date=KLEUTER), ChildFactory(first_name="Bram", birth_date=KLEUTER)
    c, d = ChildFactory(first_name="Cas", birth_date=MIDDEN), ChildFactory(first_name="Dana", birth_date=MIDDEN)
    e = ChildFactory(first_name="Emir", birth_date=TIENER)
    feb16, feb17, feb18, nov2 = D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 11, 2)
    book(page, feb16, a, present=True, tariff="social")
    book(page, feb16, b, present=True)
    book(page, feb16, c, present=True, meal=False)
    book(page, feb16, d, present=False)  # booked, marked absent
    book(page, feb17, a, present=True, tariff="social")
    book(page, feb17, c, present=True)
    book(page, feb17, e, present=True, tariff="social", source="walk_in")
    book(page, feb18, b)  # booked, never marked
    book(page, nov2, a, present=True, tariff="social")
    book(page, nov2, d, present=True, promoted_at=timezone.now())
    book(page, nov2, e, status="waiting", waiting_since=timezone.now())
    book(page, D(2026, 11, 3), c, status="cancelled")
    book(page, D(2026, 11, 6), b, present=True)  # the day was cancelled after all
    book(page, D(2026, 12, 21), a)  # still to come
    # Another playground's children never count here.
    other = page_with_days([HolidayPeriodFactory(first_day=D(2026, 2, 16), last_day=D(2026, 2, 20))])
    book(other, feb16, ChildFactory(birth_date=TIENER), present=True)
    return page


def test_the_figures_of_a_year(year):
    figures = figures_of(year, *YEAR, today=TODAY)
    assert (figures.play_days_held, figures.play_days_cancelled) == (9, 1)
    assert (figures.children, figures.days_attended) == (5, 8)
    assert (figures.average_per_day, figures.highest_per_day) == (0.9, 3)
    assert (figures.booked_days, figures.booked_not_attended) == (10, 2)
    assert (figures.social_days, figures.social_percent, figures.social_children) == (4, 40.0, 2)
    assert (figures.walk_ins, figures.meals) == (1, 7)
    assert (figures.waiting_days, figures.waiting_children, figures.promoted_days) == (1, 1, 1)


def test_the_figures_per_age_group(year):
    groups = {group.name: group for group in figures_of(year, *YEAR, today=TODAY).by_group}
    assert list(groups) == ["Kleuters", "Middengroep", "Tieners"]
    toddlers, middle, big = groups.values()
    # Amira and Bram on 16 February, Amira on 17 February and 2 November.
    assert (toddlers.play_days, toddlers.children, toddlers.days_attended) == (9, 2, 4)
    assert (toddlers.average, toddlers.highest, toddlers.occupancy_percent) == (0.4, 2, 1.9)  # 4 of 9 × 24
    assert (middle.children, middle.days_attended, middle.average, middle.highest) == (2, 3, 0.3, 1)
    assert (big.children, big.days_attended, big.highest, big.occupancy_percent) == (1, 1, 1, 0.3)


def test_the_children_per_play_day_and_age_group(year):
    days = figures_of(year, *YEAR, today=TODAY).per_day
    # Every play day held, in order (also those nobody came to); not the cancelled or coming ones.
    assert [day for day, _counts, _total in days] == [
        *(D(2026, 2, n) for n in range(16, 21)),
        *(D(2026, 11, n) for n in range(2, 6)),
    ]
    assert days[0][1:] == ([2, 1, 0], 3)  # Amira, Bram; Cas (Dana was absent)
    assert days[1][1:] == ([1, 1, 1], 3)
    assert days[2][1:] == ([0, 0, 0], 0)  # Bram booked but never marked
    assert days[5][1:] == ([1, 1, 0], 2)


def test_the_figures_per_school_holiday(year):
    periods = figures_of(year, *YEAR, today=TODAY).by_period
    # Christmas has no play day held yet: no row.
    assert [(p.name, p.play_days, p.children, p.days_attended) for p in periods] == [
        ("Krokusvakantie", 5, 4, 6),
        ("Herfstvakantie", 4, 2, 2),
    ]


def test_play_days_outside_every_school_holiday_have_their_own_row(year):
    # In the database, as the report reads it (periods.set would only change the page in memory).
    PlaygroundPage.periods.through.objects.filter(playgroundpage=year).delete()
    periods = figures_of(year, *YEAR, today=TODAY).by_period
    assert [(p.period_id, p.play_days, p.children, p.days_attended) for p in periods] == [(None, 9, 5, 8)]


def test_an_empty_period_has_no_averages(year):
    figures = figures_of(year, D(2025, 1, 1), D(2025, 12, 31), today=TODAY)
    assert (figures.play_days_held, figures.days_attended, figures.average_per_day, figures.social_percent) == (
        0,
        0,
        None,
        None,
    )
    assert [(g.average, g.highest, g.occupancy_percent) for g in figures.by_group] == [(None, None, None)] * 3
    assert figures.by_period == []


def test_the_tables_suppress_small_numbers_of_children_outside_the_admin(year):
    with translation.override("en"):
        key, groups, periods, days = report_sections_for([year], *YEAR, today=TODAY)[year.pk]
    shown = dict(key.table())
    assert shown["Different children"] == [5]
    assert shown["Share of booked days on the social tariff"] == ["40.0 %"]
    suppressed = dict(key.table(suppressed=True))
    assert suppressed["Meals served"] == [7]
    assert suppressed["Children on the social tariff"] == ["< 5"]
    assert suppressed["Play days cancelled"] == [1]  # days, not children
    assert dict(groups.table(suppressed=True))["Kleuters"] == [9, "< 5", "< 5", "< 5", "< 5", "1.9 %"]
    assert dict(periods.table(suppressed=True))["Krokusvakantie (16/02/2026–20/02/2026)"] == [5, "< 5", 6]
    assert days.headings == ["Play day", "Kleuters", "Middengroep", "Tieners", "Total"]
    assert days.table(suppressed=True)[0] == ("Mon 16/02/2026", ["< 5", "< 5", 0, "< 5"])
    assert len({key.key, groups.key, periods.key, days.key}) == 4


def test_the_figures_take_the_same_queries_for_a_small_or_a_big_year(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(5) as small:
        report_sections_for([year], *YEAR, today=TODAY)
    for day in (D(2026, 2, 19), D(2026, 2, 20), D(2026, 11, 4)):
        for child in ChildFactory.create_batch(6, birth_date=MIDDEN):
            book(year, day, child, present=True, tariff="social")
    with django_assert_max_num_queries(len(small)):
        report_sections_for([year], *YEAR, today=TODAY)


@pytest.fixture
def second(year):
    """Another playground on the same days: its own age group, a holiday of
    its own in the spring one's week and the autumn one shared; a child that
    plays in both."""
    carnival = HolidayPeriodFactory(name="Carnavalsweek", first_day=D(2026, 2, 16), last_day=D(2026, 2, 18))
    page = page_with_days([carnival, year.periods.get(name="Herfstvakantie")])
    page.age_groups.all().delete()
    AgeGroup.objects.create(
        page=page, name="Alle kinderen", min_age_months=30, max_age_months=155, capacity=40, children_per_animator=10
    )
    both, other = ChildFactory(birth_date=KLEUTER), ChildFactory(birth_date=TIENER)
    book(year, D(2026, 2, 16), both, present=True)
    book(page, D(2026, 2, 16), both, present=True)
    book(page, D(2026, 11, 3), both, present=True, tariff="social")
    book(page, D(2026, 2, 17), other, present=True)
    book(page, D(2026, 11, 4), other, status="waiting", waiting_since=timezone.now())
    return page


def test_two_playgrounds_together_have_the_figures_each_has_alone(year, second):
    together = playgrounds_figures([year, second], *YEAR, today=TODAY)
    assert together[year.pk] == playgrounds_figures([year], *YEAR, today=TODAY)[year.pk]
    assert together[second.pk] == playgrounds_figures([second], *YEAR, today=TODAY)[second.pk]
    figures = together[second.pk]
    assert (figures.play_days_held, figures.children, figures.days_attended, figures.waiting_days) == (8, 2, 3, 1)
    assert [(g.name, g.children, g.days_attended, g.highest) for g in figures.by_group] == [("Alle kinderen", 2, 3, 1)]
    # The spring days fall in its own holiday, not in the other playground's.
    assert [(p.name, p.play_days, p.children, p.days_attended) for p in figures.by_period] == [
        ("Carnavalsweek", 3, 2, 2),
        ("Herfstvakantie", 5, 1, 1),
    ]
    assert together[year.pk].by_period[0].children == 5  # the shared child counts in the spring holiday too


def test_the_figures_take_the_same_queries_for_one_playground_or_three(year, second, django_assert_num_queries):
    third = page_with_days([HolidayPeriodFactory(first_day=D(2026, 7, 1), last_day=D(2026, 7, 3))])
    book(third, D(2026, 7, 1), ChildFactory(birth_date=MIDDEN), present=True)
    with django_assert_num_queries(5):
        report_sections_for([year], *YEAR, today=TODAY)
    with django_assert_num_queries(5):
        sections = report_sections_for([year, second, third], *YEAR, today=TODAY)
    assert [len(sections[page.pk]) for page in (year, second, third)] == [4, 4, 4]


def test_the_annual_report_carries_the_playgrounds_tables(client, year, time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0, tzinfo=BRUSSELS), tick=False)
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), year))
    page = client.get(reverse("programmes_reports:annual"), {"year": 2026})
    assert page.status_code == 200
    assert f'id="section-playground-{year.pk}-groups"' in page.text
    assert "Krokusvakantie (16/02/2026–20/02/2026)" in page.text
    assert '<td class="figures-number">40,0 %</td>' in page.text  # share on the social tariff, in Dutch
    printed = client.get(reverse("programmes_reports:annual_print"), {"year": 2026})
    assert printed.status_code == 200
    assert f'id="section-playground-{year.pk}-holidays"' in printed.text
    assert f'id="section-playground-{year.pk}-days"' in printed.text
    assert "&lt; 5" in printed.text
