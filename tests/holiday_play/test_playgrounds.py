"""Playgrounds: play days from the school holidays (weekdays, public holidays
out), sessions from them, age groups at their boundaries, and the page."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from holiday_play.public_holidays import is_play_day, public_holidays
from programmes.models import Session
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory

D = datetime.date
pytestmark = pytest.mark.django_db


def test_belgian_public_holidays_follow_easter():
    holidays = public_holidays(2027)
    # Easter 2027 is on 28 March.
    assert {D(2027, 3, 29), D(2027, 5, 6), D(2027, 5, 17)} <= holidays
    assert {D(2027, 1, 1), D(2027, 5, 1), D(2027, 7, 21), D(2027, 8, 15), D(2027, 11, 1), D(2027, 11, 11)} <= holidays
    assert len(holidays) == 10


def test_a_play_day_is_a_weekday_that_is_no_public_holiday():
    assert is_play_day(D(2027, 7, 20))
    assert not is_play_day(D(2027, 7, 21))  # national holiday, a Wednesday
    assert not is_play_day(D(2027, 7, 24))  # Saturday


@pytest.fixture
def summer(home):
    return PlaygroundPageFactory(periods=[HolidayPeriodFactory()])


def test_the_play_days_are_the_weekdays_of_its_holidays(summer):
    days = summer.play_days(D(2027, 1, 1), D(2027, 12, 31))
    # July and August 2027: 44 weekdays, minus 21 July (15 August is a Sunday).
    assert len(days) == 43
    assert days[0] == D(2027, 7, 1)
    assert D(2027, 7, 21) not in days
    assert days[-1] == D(2027, 8, 31)


def test_its_sessions_are_its_play_days(summer):
    regenerate_sessions(summer, today=D(2027, 6, 1), horizon_days=120)
    sessions = Session.objects.filter(programme=summer).order_by("starts_at")
    assert sessions.count() == 43
    first = sessions.first()
    assert (first.local_date, timezone.localtime(first.starts_at).time()) == (D(2027, 7, 1), datetime.time(9))
    assert first.capacity is None
    # Planning again changes nothing.
    result = regenerate_sessions(summer, today=D(2027, 6, 1), horizon_days=120)
    assert (result.created, result.updated, result.deleted) == ([], [], 0)


def test_a_playground_is_a_playground_booked_per_day(summer):
    assert (summer.kind, summer.registration_mode, summer.for_children) == ("playground", "per_day", True)
    assert not summer.takes_registrations


@pytest.mark.parametrize(
    ("birth_date", "group"),
    [
        (D(2024, 1, 3), "Kleuters"),  # 42 months on 3 July 2027
        (D(2021, 7, 4), "Kleuters"),  # turns 6 tomorrow: still a toddler today
        (D(2021, 7, 3), "Middengroep"),  # turns 6 today
        (D(2018, 7, 4), "Middengroep"),  # 8 years and 11 months
        (D(2018, 7, 3), "Tieners"),  # turns 9 today
        (D(2025, 1, 4), None),  # 2 years and 5 months: too young
        (D(2014, 7, 3), None),  # turns 13: too old
    ],
)
def test_the_age_group_follows_the_birth_date_on_the_play_day(summer, birth_date, group):
    found = summer.age_group_for(birth_date, D(2027, 7, 3))
    assert (found.name if found else None) == group


def test_the_ratio_says_how_many_animators(summer):
    toddlers = summer.age_groups.get(name="Kleuters")
    assert [toddlers.animators_needed(n) for n in (0, 1, 8, 9, 24)] == [0, 1, 1, 2, 3]
    assert toddlers.ages_text == "2½–6"


def test_times_must_be_in_order(summer):
    summer.pick_up_until = datetime.time(15)
    with pytest.raises(ValidationError) as error:
        summer.full_clean()
    assert "pick_up_until" in error.value.message_dict


def test_the_page_shows_the_day_and_the_age_groups(client, summer):
    response = client.get(summer.url)
    assert response.status_code == 200
    for text in ("08:30", "Kleuters", "Zomervakantie", "2½–6"):
        assert text in response.text
    # Booking play days, not the register form of programmes.
    assert 'href="' + summer.url + 'register/"' in response.text
    with translation.override("nl-be"):
        assert translation.gettext("Book play days") in response.text
