"""School holidays: importing an .ics file (preview, then save, and again
changes nothing), and programmes that skip school holidays."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from holiday_play.holidays import school_holidays
from holiday_play.models import HolidayPeriod
from holiday_play.models.periods import school_year_of
from holiday_play.services import holiday_import
from holiday_play.services.holiday_import import HolidayImportError
from programmes.models import ScheduleRule, Session
from programmes.services.scheduling import regenerate_sessions
from tests.programmes.factories import ProgrammePageFactory
from tests.website.factories import UserFactory

FILE = Path(__file__).parent / "files" / "vlaanderen-2026-2027.ics"
D = datetime.date


def ics():
    return FILE.read_bytes()


@pytest.mark.parametrize(
    ("day", "year"),
    [(D(2026, 9, 1), "2026-2027"), (D(2027, 8, 31), "2026-2027"), (D(2026, 8, 31), "2025-2026")],
)
def test_the_school_year_starts_on_the_first_of_september(day, year):
    assert school_year_of(day) == year


def test_reading_the_file_gives_the_holidays_with_their_last_day():
    periods, skipped = holiday_import.read_ics(ics())
    assert [(p.name, p.first_day, p.last_day) for p in periods] == [
        ("Herfstvakantie", D(2026, 11, 2), D(2026, 11, 8)),
        ("Kerstvakantie", D(2026, 12, 21), D(2027, 1, 3)),
        ("Krokusvakantie", D(2027, 2, 8), D(2027, 2, 14)),
        ("Paasvakantie", D(2027, 3, 29), D(2027, 4, 11)),
        ("Zomervakantie", D(2027, 7, 1), D(2027, 8, 31)),
    ]
    assert skipped == ["Sportdag (elke week)"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty"),
        (b"hallo", "not_ics"),
        (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", "no_events"),
        (b"x" * 1_000_001, "too_big"),
    ],
)
def test_a_file_that_is_no_holiday_calendar_is_refused(content, code):
    with pytest.raises(HolidayImportError) as error:
        holiday_import.read_ics(content)
    assert error.value.code == code


@pytest.mark.django_db
def test_importing_twice_changes_nothing_and_moved_dates_update():
    periods, _ = holiday_import.read_ics(ics())
    assert {change.action for change in holiday_import.changes(periods)} == {"new"}
    assert len(holiday_import.apply(periods)) == 5
    assert HolidayPeriod.objects.get(name="Kerstvakantie").school_year == "2026-2027"
    assert {change.action for change in holiday_import.changes(periods)} == {"unchanged"}
    assert holiday_import.apply(periods) == []
    assert HolidayPeriod.objects.count() == 5
    moved = ics().replace(b"DTEND;VALUE=DATE:20261109", b"DTEND;VALUE=DATE:20261110")
    periods, _ = holiday_import.read_ics(moved)
    actions = {change.period.name: change.action for change in holiday_import.changes(periods)}
    assert actions["Herfstvakantie"] == "changed"
    holiday_import.apply(periods)
    assert HolidayPeriod.objects.get(name="Herfstvakantie").last_day == D(2026, 11, 9)
    assert HolidayPeriod.objects.count() == 5


@pytest.mark.django_db
def test_the_holidays_are_what_programmes_skip():
    HolidayPeriod.objects.create(name="Herfstvakantie", first_day=D(2026, 11, 2), last_day=D(2026, 11, 8))
    assert school_holidays(D(2026, 11, 6), D(2026, 11, 30)) == {D(2026, 11, 6), D(2026, 11, 7), D(2026, 11, 8)}


@pytest.mark.django_db
def test_a_new_holiday_drops_the_sessions_of_programmes_that_skip_holidays(
    home, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 10, 1, 12, 0), tick=False)
    homework = ProgrammePageFactory(title="Huiswerkklas")
    breakfast = ProgrammePageFactory(title="Ouderontbijt")
    for programme, skips in ((homework, True), (breakfast, False)):
        ScheduleRule.objects.create(
            programme=programme,
            preset="weekly",
            weekdays="MO",
            start_time=datetime.time(16),
            end_time=datetime.time(17, 30),
            first_date=D(2026, 10, 5),
            skip_school_holidays=skips,
        )
        regenerate_sessions(programme)
    autumn = D(2026, 11, 2)
    assert Session.objects.filter(programme=homework, local_date=autumn).exists()
    with django_capture_on_commit_callbacks(execute=True):
        HolidayPeriod.objects.create(name="Herfstvakantie", first_day=autumn, last_day=D(2026, 11, 8))
    assert not Session.objects.filter(programme=homework, local_date=autumn).exists()
    assert Session.objects.filter(programme=homework, local_date=D(2026, 11, 9)).exists()
    assert Session.objects.filter(programme=breakfast, local_date=autumn).exists()


# The admin import


@pytest.fixture
def editor_client(client, db):
    client.force_login(UserFactory(roles=["editors"]))
    return client


def upload(content, name="vakanties.ics"):
    return SimpleUploadedFile(name, content, content_type="text/calendar")


def test_the_import_shows_what_will_change_before_saving(editor_client):
    url = reverse("holiday_import")
    assert editor_client.get(url).status_code == 200
    preview = editor_client.post(url, {"file": upload(ics())})
    assert preview.status_code == 200
    assert "Kerstvakantie" in preview.text
    assert not HolidayPeriod.objects.exists()
    signed = preview.context["confirm_form"]["periods"].value()
    response = editor_client.post(url, {"periods": signed})
    assert response.status_code == 302
    assert HolidayPeriod.objects.count() == 5
    # Confirming the same preview again changes nothing.
    editor_client.post(url, {"periods": signed})
    assert HolidayPeriod.objects.count() == 5


def test_a_tampered_preview_saves_nothing(editor_client):
    response = editor_client.post(reverse("holiday_import"), {"periods": "eyJ1aWQiOiJ4In0:forged"})
    assert response.status_code == 302
    assert not HolidayPeriod.objects.exists()


@pytest.mark.parametrize("content", [b"", b"no calendar", b"x" * 1_000_001])
def test_a_bad_file_is_a_message_next_to_the_field(editor_client, content):
    response = editor_client.post(reverse("holiday_import"), {"file": upload(content)})
    assert response.status_code == 200
    assert response.context["form"].errors["file"]
    assert not HolidayPeriod.objects.exists()


@pytest.mark.parametrize("role", ["social_workers", "grocery_volunteers", "animators"])
def test_only_editors_and_coordinators_import(client, db, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.post(reverse("holiday_import"), {"file": upload(ics())})
    assert response.status_code in (302, 403)
    assert not HolidayPeriod.objects.exists()


def test_editors_list_the_holidays(editor_client):
    HolidayPeriod.objects.create(name="Kerstvakantie", first_day=D(2026, 12, 21), last_day=D(2027, 1, 3))
    response = editor_client.get(reverse("wagtailsnippets_holiday_play_holidayperiod:list"))
    assert "Kerstvakantie" in response.text
    assert reverse("holiday_import") in response.text
