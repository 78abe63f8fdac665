import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from programmes import holidays
from programmes.models import ScheduleRule, Session
from programmes.recurrence import build_rrule, parse_dates
from programmes.services.scheduling import regenerate_sessions
from tests.programmes.factories import ProgrammePageFactory, ScheduleRuleFactory

D = datetime.date
NINE = datetime.time(9, 0)
SCHOOL_YEAR = (D(2026, 9, 1), D(2027, 6, 30))
# Flemish autumn holiday 2026: Monday 26 October up to and including Sunday 8 November.
AUTUMN_HOLIDAY_2026 = {D(2026, 10, 26) + datetime.timedelta(days=n) for n in range(14)}


def rule(**fields):
    """An unsaved rule: the recurrence is pure and needs no database."""
    return ScheduleRuleFactory.build(programme=None, **fields)


def wednesdays(*days, month=10, year=2026):
    return [D(year, month, day) for day in days]


# Presets


def test_weekly_rule_meets_on_each_chosen_weekday():
    weekly = rule(weekdays="MO,WE", first_date=D(2026, 9, 7))
    assert weekly.occurrence_dates(D(2026, 9, 1), D(2026, 9, 20)) == [
        D(2026, 9, 7),
        D(2026, 9, 9),
        D(2026, 9, 14),
        D(2026, 9, 16),
    ]


def test_weekly_rule_starts_on_its_first_date_not_before():
    weekly = rule(weekdays="MO,WE", first_date=D(2026, 9, 9))
    assert weekly.occurrence_dates(D(2026, 9, 1), D(2026, 9, 14)) == [D(2026, 9, 9), D(2026, 9, 14)]


def test_weekly_rule_only_gives_dates_inside_the_window():
    weekly = rule(weekdays="WE", first_date=D(2026, 9, 2))
    assert weekly.occurrence_dates(D(2026, 9, 10), D(2026, 9, 23)) == [D(2026, 9, 16), D(2026, 9, 23)]


def test_every_first_wednesday_of_the_month():
    monthly = rule(preset="monthly", weekdays="WE", nths="1", first_date=D(2026, 9, 1))
    assert monthly.occurrence_dates(D(2026, 9, 1), D(2026, 12, 31)) == [
        D(2026, 9, 2),
        D(2026, 10, 7),
        D(2026, 11, 4),
        D(2026, 12, 2),
    ]


def test_first_and_third_thursday_of_the_month():
    monthly = rule(preset="monthly", weekdays="TH", nths="1,3", first_date=D(2026, 9, 1))
    assert monthly.occurrence_dates(D(2026, 9, 1), D(2026, 11, 30)) == [
        D(2026, 9, 3),
        D(2026, 9, 17),
        D(2026, 10, 1),
        D(2026, 10, 15),
        D(2026, 11, 5),
        D(2026, 11, 19),
    ]


def test_last_friday_of_the_month():
    monthly = rule(preset="monthly", weekdays="FR", nths="-1", first_date=D(2026, 9, 1))
    assert monthly.occurrence_dates(D(2026, 9, 1), D(2026, 11, 30)) == [
        D(2026, 9, 25),
        D(2026, 10, 30),
        D(2026, 11, 27),
    ]


def test_monthly_rule_skips_the_month_when_its_day_is_before_the_first_date():
    monthly = rule(preset="monthly", weekdays="WE", nths="1", first_date=D(2026, 9, 10))
    assert monthly.occurrence_dates(*SCHOOL_YEAR)[:2] == [D(2026, 10, 7), D(2026, 11, 4)]


def test_every_weekday_between_two_dates():
    summer = rule(preset="weekdays_between", weekdays="", first_date=D(2026, 7, 1), last_date=D(2026, 7, 10))
    assert summer.occurrence_dates(D(2026, 6, 1), D(2026, 8, 31)) == [
        D(2026, 7, 1),
        D(2026, 7, 2),
        D(2026, 7, 3),
        D(2026, 7, 6),
        D(2026, 7, 7),
        D(2026, 7, 8),
        D(2026, 7, 9),
        D(2026, 7, 10),
    ]


def test_one_off_rule_meets_on_its_dates_in_order():
    one_off = rule(preset="one_off", weekdays="", first_date=None, dates="2026-12-16\n2026-10-21\n2026-11-18")
    assert one_off.occurrence_dates(*SCHOOL_YEAR) == [D(2026, 10, 21), D(2026, 11, 18), D(2026, 12, 16)]


def test_one_off_rule_only_gives_dates_inside_the_window():
    one_off = rule(preset="one_off", weekdays="", first_date=None, dates="2026-10-21\n2026-11-18\n2026-12-16")
    assert one_off.occurrence_dates(D(2026, 11, 1), D(2026, 11, 30)) == [D(2026, 11, 18)]


def test_dates_may_be_separated_by_commas_and_repeated():
    assert parse_dates("2026-12-16, 2026-10-21\n2026-12-16") == [D(2026, 10, 21), D(2026, 12, 16)]


# Exceptions


def test_excluded_dates_have_no_session():
    weekly = rule(weekdays="WE", first_date=D(2026, 10, 7), excluded_dates="2026-10-14\n2026-10-28")
    assert weekly.occurrence_dates(D(2026, 10, 1), D(2026, 10, 31)) == wednesdays(7, 21)


def test_excluded_dates_apply_to_every_weekday_between_two_dates():
    summer = rule(
        preset="weekdays_between",
        weekdays="",
        first_date=D(2026, 7, 13),
        last_date=D(2026, 7, 24),
        excluded_dates="2026-07-21",  # Belgian national holiday
    )
    assert D(2026, 7, 21) not in summer.occurrence_dates(D(2026, 7, 1), D(2026, 7, 31))
    assert len(summer.occurrence_dates(D(2026, 7, 1), D(2026, 7, 31))) == 9


def test_not_in_july_and_august():
    weekly = rule(weekdays="WE", first_date=D(2026, 6, 1), excluded_months="7,8")
    assert weekly.occurrence_dates(D(2026, 6, 1), D(2026, 9, 30)) == [
        D(2026, 6, 3),
        D(2026, 6, 10),
        D(2026, 6, 17),
        D(2026, 6, 24),
        D(2026, 9, 2),
        D(2026, 9, 9),
        D(2026, 9, 16),
        D(2026, 9, 23),
        D(2026, 9, 30),
    ]


def test_first_wednesday_not_in_july_and_august():
    monthly = rule(preset="monthly", weekdays="WE", nths="1", first_date=D(2026, 5, 1), excluded_months="7,8")
    assert monthly.occurrence_dates(D(2026, 5, 1), D(2026, 10, 31)) == [
        D(2026, 5, 6),
        D(2026, 6, 3),
        D(2026, 9, 2),
        D(2026, 10, 7),
    ]


def test_last_date_is_the_last_session():
    weekly = rule(weekdays="WE", first_date=D(2026, 9, 2), last_date=D(2026, 9, 23))
    assert weekly.occurrence_dates(*SCHOOL_YEAR) == [D(2026, 9, 2), D(2026, 9, 9), D(2026, 9, 16), D(2026, 9, 23)]


def test_monthly_rule_stops_at_its_last_date():
    monthly = rule(preset="monthly", weekdays="TH", nths="1,3", first_date=D(2026, 9, 1), last_date=D(2026, 10, 14))
    assert monthly.occurrence_dates(*SCHOOL_YEAR) == [D(2026, 9, 3), D(2026, 9, 17), D(2026, 10, 1)]


@pytest.fixture
def no_holiday_providers(monkeypatch):
    """Whatever other apps registered, there is no source of school holidays."""
    monkeypatch.setattr(holidays, "_providers", [])


@pytest.fixture
def autumn_holiday(no_holiday_providers):
    def provider(start, end):
        return {day for day in AUTUMN_HOLIDAY_2026 if start <= day <= end}

    holidays.register_provider(provider)
    yield provider
    holidays.unregister_provider(provider)


def test_rule_that_skips_school_holidays_has_no_session_during_the_autumn_holiday(autumn_holiday):
    weekly = rule(weekdays="WE", first_date=D(2026, 10, 14), skip_school_holidays=True)
    assert weekly.occurrence_dates(D(2026, 10, 1), D(2026, 11, 18)) == [
        D(2026, 10, 14),
        D(2026, 10, 21),
        D(2026, 11, 11),
        D(2026, 11, 18),
    ]


def test_rule_that_does_not_skip_school_holidays_meets_during_them(autumn_holiday):
    weekly = rule(weekdays="WE", first_date=D(2026, 10, 14), skip_school_holidays=False)
    assert D(2026, 10, 28) in weekly.occurrence_dates(D(2026, 10, 1), D(2026, 11, 18))


def test_without_a_holiday_provider_skipping_school_holidays_skips_nothing(no_holiday_providers):
    weekly = rule(weekdays="WE", first_date=D(2026, 10, 14), skip_school_holidays=True)
    assert weekly.occurrence_dates(D(2026, 10, 1), D(2026, 11, 18)) == wednesdays(14, 21, 28) + [
        D(2026, 11, 4),
        D(2026, 11, 11),
        D(2026, 11, 18),
    ]


def test_unregistering_the_provider_brings_the_holiday_sessions_back(no_holiday_providers):
    def provider(start, end):
        return AUTUMN_HOLIDAY_2026

    holidays.register_provider(provider)
    holidays.unregister_provider(provider)
    assert holidays.school_holidays(D(2026, 10, 1), D(2026, 11, 30)) == set()


# Summer and winter time


@pytest.mark.parametrize(
    ("weekday", "first_date", "before", "after"),
    [
        ("MO", D(2026, 10, 19), 2, 1),  # last Sunday of October 2026: 25 October
        ("SU", D(2027, 3, 21), 1, 2),  # last Sunday of March 2027: 28 March, the switch day itself
        ("SU", D(2027, 10, 24), 2, 1),  # last Sunday of October 2027: 31 October
    ],
)
def test_sessions_keep_their_local_start_time_across_the_change_of_clocks(home, weekday, first_date, before, after):
    programme = ProgrammePageFactory()
    ScheduleRuleFactory(
        programme=programme,
        weekdays=weekday,
        first_date=first_date,
        last_date=first_date + datetime.timedelta(days=14),
    )
    regenerate_sessions(programme, today=first_date)
    sessions = list(Session.objects.filter(programme=programme).order_by("starts_at"))
    assert [timezone.localtime(s.starts_at).time() for s in sessions] == [NINE] * 3
    assert [timezone.localtime(s.ends_at).time() for s in sessions] == [datetime.time(11, 0)] * 3
    assert [timezone.localtime(s.starts_at).utcoffset() for s in sessions] == [
        datetime.timedelta(hours=before),
        datetime.timedelta(hours=after),
        datetime.timedelta(hours=after),
    ]


# The stored RFC 5545 rule


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"weekdays": "MO,WE"}, "FREQ=WEEKLY;BYDAY=MO,WE"),
        ({"preset": "monthly", "weekdays": "WE", "nths": "1"}, "FREQ=MONTHLY;BYDAY=1WE"),
        (
            {"preset": "monthly", "weekdays": "TH", "nths": "1,3", "last_date": D(2027, 6, 30)},
            "FREQ=MONTHLY;BYDAY=1TH,3TH;UNTIL=20270630T235959",
        ),
        ({"preset": "monthly", "weekdays": "FR", "nths": "-1"}, "FREQ=MONTHLY;BYDAY=-1FR"),
        (
            {"preset": "weekdays_between", "weekdays": "", "first_date": D(2026, 7, 1), "last_date": D(2026, 8, 31)},
            "FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR;UNTIL=20260831T235959",
        ),
        ({"weekdays": "WE", "excluded_months": "7,8"}, "FREQ=WEEKLY;BYDAY=WE;BYMONTH=1,2,3,4,5,6,9,10,11,12"),
        ({"preset": "one_off", "weekdays": "", "dates": "2026-12-16"}, ""),
    ],
)
def test_build_rrule_writes_the_preset_as_rfc_5545(fields, expected):
    assert build_rrule(rule(**fields)) == expected


def test_saving_a_rule_stores_its_rrule(home):
    saved = ScheduleRuleFactory(preset="monthly", weekdays="TH", nths="1,3", last_date=D(2027, 6, 30))
    saved.refresh_from_db()
    assert saved.rrule == "FREQ=MONTHLY;BYDAY=1TH,3TH;UNTIL=20270630T235959"


def test_saving_a_changed_rule_rewrites_its_rrule(home):
    saved = ScheduleRuleFactory(weekdays="WE")
    saved.weekdays = "MO,WE"
    saved.save()
    saved.refresh_from_db()
    assert saved.rrule == "FREQ=WEEKLY;BYDAY=MO,WE"


# Validation


def invalid_fields(**fields):
    with pytest.raises(ValidationError) as error:
        rule(**fields).clean()
    return set(error.value.message_dict)


def test_a_valid_rule_passes_clean():
    rule(preset="monthly", weekdays="TH", nths="1,3", last_date=D(2027, 6, 30)).clean()


def test_end_time_before_start_time_is_refused():
    assert invalid_fields(start_time=datetime.time(11, 0), end_time=datetime.time(9, 0)) == {"end_time"}


def test_end_time_equal_to_start_time_is_refused():
    assert invalid_fields(start_time=NINE, end_time=NINE) == {"end_time"}


def test_last_date_before_first_date_is_refused():
    assert invalid_fields(first_date=D(2026, 9, 2), last_date=D(2026, 9, 1)) == {"last_date"}


def test_weekly_rule_without_weekdays_is_refused():
    assert invalid_fields(weekdays="") == {"weekdays"}


def test_monthly_rule_without_weekdays_is_refused():
    assert invalid_fields(preset="monthly", weekdays="", nths="1") == {"weekdays"}


def test_monthly_rule_without_nths_is_refused():
    assert invalid_fields(preset="monthly", weekdays="WE", nths="") == {"nths"}


def test_weekdays_between_without_a_last_date_is_refused():
    assert invalid_fields(preset="weekdays_between", weekdays="", last_date=None) == {"last_date"}


def test_weekdays_between_without_any_dates_is_refused():
    fields = invalid_fields(preset="weekdays_between", weekdays="", first_date=None, last_date=None)
    assert fields == {"first_date", "last_date"}


def test_recurring_rule_without_a_first_date_is_refused():
    assert invalid_fields(first_date=None) == {"first_date"}


def test_one_off_rule_without_dates_is_refused():
    assert invalid_fields(preset="one_off", weekdays="", first_date=None, dates="") == {"dates"}


@pytest.mark.parametrize("text", ["2026-13-45", "morgen"])
def test_a_one_off_date_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValidationError) as error:
        rule(preset="one_off", weekdays="", first_date=None, dates=f"2026-12-16\n{text}").clean()
    assert set(error.value.message_dict) == {"dates"}
    assert text in error.value.message_dict["dates"][0]


@pytest.mark.parametrize("text", ["2026-13-45", "morgen"])
def test_an_excluded_date_that_is_not_a_date_is_refused(text):
    with pytest.raises(ValidationError) as error:
        rule(excluded_dates=text).clean()
    assert set(error.value.message_dict) == {"excluded_dates"}
    assert text in error.value.message_dict["excluded_dates"][0]


@pytest.mark.parametrize("value", [["MO", "WE"], "MO,WE"])
def test_clean_keeps_the_chosen_weekdays_as_codes(value):
    cleaned = rule(weekdays=value)
    cleaned.clean()
    assert cleaned.weekdays == ["MO", "WE"]


def test_chosen_weekdays_are_stored_as_text_and_read_back_as_codes(db, home):
    saved = ScheduleRuleFactory(weekdays=["MO", "WE"])
    assert ScheduleRule.objects.filter(pk=saved.pk, weekdays="MO,WE").exists()
    assert ScheduleRule.objects.get(pk=saved.pk).weekdays == ["MO", "WE"]


def test_clean_stores_the_excluded_months_as_numbers():
    cleaned = rule(excluded_months=["7", "8"])
    cleaned.clean()
    assert cleaned.excluded_months == ["7", "8"]
