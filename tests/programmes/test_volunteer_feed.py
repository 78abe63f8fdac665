"""A volunteer's shifts as a personal calendar feed (programmes/volunteer_feed.py,
views/feeds.py `shift_events`), the desk buttons that make and stop its link,
and the volunteer's own hours on "My shifts".

Time stands still at NOW, Sunday 22 November 2026 10:00.
"""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import formats, translation
from django.utils.html import escape
from icalendar import Calendar

from programmes.models import FeedToken, Session
from programmes.services import feed_tokens
from tests.programmes.factories import ProgrammePageFactory, SessionFactory, VenueFactory
from tests.programmes.volunteer_factories import (
    RoleFactory,
    ShiftAssignmentFactory,
    ShiftFactory,
    VolunteerFactory,
)
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)


def days(n, hour=13, minute=0):
    day = NOW.date() + datetime.timedelta(days=n)
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=BRUSSELS)


def t(text):
    with translation.override(settings.LANGUAGE_CODE):
        return translation.gettext(text)


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def schap(home):
    return ProgrammePageFactory(
        title="'t Schap", slug="t-schap", venue=VenueFactory(name="Buurthuis Den Bunt", city="Mechelen")
    )


@pytest.fixture
def door(db):
    return RoleFactory(name="Onthaal")


@pytest.fixture
def volunteer(db):
    return VolunteerFactory(user=UserFactory(roles=["animators"]))


@pytest.fixture
def client_in(client, volunteer):
    client.force_login(volunteer.user)
    return client


@pytest.fixture
def early_shift(schap, door):
    """The door opens half an hour before the grocery does."""
    session = SessionFactory(programme=schap, starts_at=days(4))
    return ShiftFactory(session=session, role=door, starts_at=days(4, 12, 30), ends_at=days(4, 15, 30))


def feed_url(owner):
    return reverse("personal_calendar", kwargs={"token": feed_tokens.issue_token(owner)})


def events_of(response):
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


# The feed


def test_the_feed_shows_the_volunteers_shifts_with_the_shifts_own_times(client, volunteer, early_shift):
    assignment = ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    response = client.get(feed_url(volunteer))
    events = events_of(response)
    event = events[f"shift-{assignment.pk}@kansen"]
    assert event.decoded("dtstart") == days(4, 12, 30)
    assert event.decoded("dtend") == days(4, 15, 30)
    assert str(event["summary"]) == "Onthaal – 't Schap"
    assert str(event["location"]).startswith("Buurthuis Den Bunt, ")
    assert "'t Schap" in str(event["description"])
    assert reverse("desk:my_shifts") in str(event["description"])
    assert str(event["status"]) == "CONFIRMED"
    assert response["Cache-Control"] == "private, no-store"


def test_a_shift_without_own_times_has_the_sessions(client, volunteer, schap, door):
    shift = ShiftFactory(session=SessionFactory(programme=schap, starts_at=days(6, 9)), role=door)
    assignment = ShiftAssignmentFactory(shift=shift, volunteer=volunteer)
    event = events_of(client.get(feed_url(volunteer)))[f"shift-{assignment.pk}@kansen"]
    assert event.decoded("dtstart") == days(6, 9)
    assert event.decoded("dtend") == days(6, 11)


def test_the_uid_stays_the_same_from_one_request_to_the_next(client, volunteer, early_shift):
    ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    url = feed_url(volunteer)
    assert client.get(url).content == client.get(url).content


def test_someone_elses_and_cancelled_sign_ups_are_not_in_the_feed(client, volunteer, early_shift, schap, door):
    mine = ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    theirs = ShiftAssignmentFactory(shift=early_shift)
    other_shift = ShiftFactory(session=SessionFactory(programme=schap, starts_at=days(8)), role=door)
    cancelled = ShiftAssignmentFactory(shift=other_shift, volunteer=volunteer, status="cancelled")
    events = events_of(client.get(feed_url(volunteer)))
    assert list(events) == [f"shift-{mine.pk}@kansen"]
    assert f"shift-{theirs.pk}@kansen" not in events
    assert f"shift-{cancelled.pk}@kansen" not in events


def test_shifts_outside_the_window_are_not_in_the_feed(client, volunteer, schap, door):
    for start in (days(-60), days(400)):
        ShiftAssignmentFactory(
            shift=ShiftFactory(session=SessionFactory(programme=schap, starts_at=start), role=door),
            volunteer=volunteer,
        )
    recent = ShiftAssignmentFactory(
        shift=ShiftFactory(session=SessionFactory(programme=schap, starts_at=days(-3)), role=door),
        volunteer=volunteer,
        status="came",
    )
    assert list(events_of(client.get(feed_url(volunteer)))) == [f"shift-{recent.pk}@kansen"]


def test_a_cancelled_session_shows_as_cancelled(client, volunteer, early_shift):
    assignment = ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    Session.objects.filter(pk=early_shift.session_id).update(status="cancelled", cancel_reason="Stroompanne")
    event = events_of(client.get(feed_url(volunteer)))[f"shift-{assignment.pk}@kansen"]
    assert str(event["status"]) == "CANCELLED"
    assert "Stroompanne" in str(event["description"])


def test_a_revoked_link_is_404(client, volunteer, early_shift):
    ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    url = feed_url(volunteer)
    feed_tokens.revoke_token(volunteer)
    assert client.get(url).status_code == 404


def test_a_deleted_volunteers_link_is_404(client, volunteer):
    url = feed_url(volunteer)
    volunteer.delete()
    assert client.get(url).status_code == 404


def test_the_feed_answers_304_when_nothing_changed(client, volunteer, early_shift):
    ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    url = feed_url(volunteer)
    etag = client.get(url)["ETag"]
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304


def test_the_feed_takes_a_bounded_number_of_queries(client, volunteer, schap, door, django_assert_max_num_queries):
    for n in range(12):
        ShiftAssignmentFactory(
            shift=ShiftFactory(session=SessionFactory(programme=schap, starts_at=days(n + 1)), role=door),
            volunteer=volunteer,
        )
    url = feed_url(volunteer)
    with django_assert_max_num_queries(8):
        assert len(events_of(client.get(url))) == 12


# Making and stopping the link on the desk


def subscribe(client):
    return client.post(reverse("desk:subscribe_shift_calendar"))


def test_making_a_link_shows_it_once_and_it_works(client_in, client, volunteer, early_shift):
    ShiftAssignmentFactory(shift=early_shift, volunteer=volunteer)
    response = subscribe(client_in)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    feed = response.context["feed"]
    assert feed["webcal"].startswith("webcal://")
    content = response.content.decode()
    assert escape(feed["webcal"]) in content
    assert escape(feed["google"]) in content
    https_path = feed["https"].split("testserver", 1)[1]
    assert len(events_of(client.get(https_path))) == 1
    # The next visit does not show it again: only its hash is stored.
    again = client_in.get(reverse("desk:my_shifts"))
    assert again.context["feed"] is None
    assert https_path not in again.content.decode()
    assert again.context["has_feed"] is True


def test_making_a_link_twice_stops_the_first(client_in, client, volunteer):
    first = subscribe(client_in).context["feed"]["https"].split("testserver", 1)[1]
    second = subscribe(client_in).context["feed"]["https"].split("testserver", 1)[1]
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
    assert FeedToken.objects.filter(owner_id=volunteer.pk, revoked_at__isnull=True).count() == 1


def test_stopping_the_link_ends_access(client_in, client, volunteer):
    path = subscribe(client_in).context["feed"]["https"].split("testserver", 1)[1]
    response = client_in.post(reverse("desk:revoke_shift_calendar"), follow=True)
    assert response.redirect_chain == [(reverse("desk:my_shifts"), 302)]
    assert client.get(path).status_code == 404
    assert response.context["has_feed"] is False
    # Stopping again says there was nothing to stop, and changes nothing.
    again = client_in.post(reverse("desk:revoke_shift_calendar"), follow=True)
    assert again.status_code == 200
    assert [str(m) for m in again.context["messages"]] == [t("You have no calendar link: there was nothing to stop.")]


def test_the_link_buttons_are_post_only(client_in):
    assert client_in.get(reverse("desk:subscribe_shift_calendar")).status_code == 405
    assert client_in.get(reverse("desk:revoke_shift_calendar")).status_code == 405
    assert not FeedToken.objects.exists()


@pytest.mark.parametrize("name", ["desk:subscribe_shift_calendar", "desk:revoke_shift_calendar"])
def test_anonymous_visitors_go_to_the_desk_login(client, db, name):
    response = client.post(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("desk:login"))
    assert not FeedToken.objects.exists()


@pytest.mark.parametrize("name", ["desk:subscribe_shift_calendar", "desk:revoke_shift_calendar"])
def test_users_without_desk_permission_get_403(client, db, name):
    client.force_login(VolunteerFactory().user)
    assert client.post(reverse(name)).status_code == 403
    assert not FeedToken.objects.exists()


@pytest.mark.parametrize("name", ["desk:subscribe_shift_calendar", "desk:revoke_shift_calendar"])
def test_desk_users_without_a_volunteer_record_get_404(client, db, name):
    client.force_login(UserFactory(roles=["animators"]))
    assert client.post(reverse(name)).status_code == 404
    assert not FeedToken.objects.exists()


def test_my_shifts_offers_the_link_and_stopping_only_when_there_is_one(client_in, volunteer):
    content = client_in.get(reverse("desk:my_shifts")).content.decode()
    assert reverse("desk:subscribe_shift_calendar") in content
    assert reverse("desk:revoke_shift_calendar") not in content
    feed_tokens.issue_token(volunteer)
    content = client_in.get(reverse("desk:my_shifts")).content.decode()
    assert reverse("desk:revoke_shift_calendar") in content


# Own hours


def came(volunteer, schap, door, start, hours, status="came"):
    return ShiftAssignmentFactory(
        shift=ShiftFactory(session=SessionFactory(programme=schap, starts_at=start), role=door),
        volunteer=volunteer,
        status=status,
        hours=hours,
    )


def test_my_hours_add_up_the_shifts_i_came_to_this_year_and_last_year(client_in, volunteer, schap, door):
    came(volunteer, schap, door, datetime.datetime(2026, 2, 5, 13, tzinfo=BRUSSELS), "3.5")
    came(volunteer, schap, door, days(-7), "2.25")
    came(volunteer, schap, door, datetime.datetime(2025, 12, 31, 18, tzinfo=BRUSSELS), "4")
    came(volunteer, schap, door, datetime.datetime(2025, 3, 1, 9, tzinfo=BRUSSELS), "1")
    came(volunteer, schap, door, datetime.datetime(2024, 6, 1, 9, tzinfo=BRUSSELS), "8")  # two years ago
    came(volunteer, schap, door, days(-14), "5", status="no_show")
    came(volunteer, schap, door, days(-21), "5", status="cancelled")
    came(VolunteerFactory(), schap, door, days(-7, 9), "6")  # someone else's
    response = client_in.get(reverse("desk:my_shifts"))
    hours = response.context["hours"]
    assert hours["this_year"] == Decimal("5.75")
    assert hours["last_year"] == Decimal("5")
    assert hours["year"] == 2026


def test_a_new_volunteer_has_zero_hours(client_in):
    hours = client_in.get(reverse("desk:my_shifts")).context["hours"]
    assert hours["this_year"] == hours["last_year"] == 0
    assert 'id="hours-this-year">0<' in client_in.get(reverse("desk:my_shifts")).content.decode()


def test_past_shifts_show_hours_or_did_not_come(client_in, volunteer, schap, door):
    came(volunteer, schap, door, days(-7), "2.5")
    came(volunteer, schap, door, days(-14), None, status="no_show")
    content = client_in.get(reverse("desk:my_shifts")).content.decode()
    with translation.override(settings.LANGUAGE_CODE):
        assert formats.localize(Decimal("2.5")) in content
        assert escape(t("Did not come")) in content


def test_my_shifts_takes_a_bounded_number_of_queries(client_in, volunteer, schap, door, django_assert_max_num_queries):
    for n in range(8):
        came(volunteer, schap, door, days(-n - 1), "2")
        ShiftAssignmentFactory(
            shift=ShiftFactory(session=SessionFactory(programme=schap, starts_at=days(n + 2)), role=door),
            volunteer=volunteer,
        )
    client_in.get(reverse("desk:my_shifts"))  # warm the content-type and site caches
    with django_assert_max_num_queries(12):
        assert client_in.get(reverse("desk:my_shifts")).status_code == 200
