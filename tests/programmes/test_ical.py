import datetime
import re
import uuid
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.core.cache import cache
from django.utils import timezone
from icalendar import Calendar

from programmes import ical
from programmes.services import scheduling
from tests.conftest import translate
from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
from tests.programmes.test_finder import at

BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def index(home):
    return ProgrammeIndexPageFactory(parent=home)


@pytest.fixture
def breakfast(index):
    page = ProgrammePageFactory(
        parent=index, title="Ouderontbijt De Living", slug="de-living", intro="Ontbijt, koffie en een babbel."
    )
    for days in (-40, -20, 1, 8, 400):
        SessionFactory(programme=page, starts_at=at(days))
    return page


@pytest.fixture
def kids(index):
    page = ProgrammePageFactory(
        parent=index,
        title="Kindergroep",
        slug="kindergroep",
        for_children=True,
        for_parents=False,
        min_age_months=72,
        max_age_months=155,
    )
    SessionFactory(programme=page, starts_at=at(2, hour=14))
    return page


def fetch(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response


def parse(response):
    return Calendar.from_ical(response.content)


# The pure module


def event(**overrides):
    values = {
        "uid": f"{uuid.uuid4()}@kansen",
        "starts_at": datetime.datetime(2027, 3, 31, 9, 0, tzinfo=BRUSSELS),
        "ends_at": datetime.datetime(2027, 3, 31, 11, 0, tzinfo=BRUSSELS),
        "modified_at": datetime.datetime(2027, 1, 5, 8, 30, tzinfo=datetime.UTC),
        "sequence": 3,
        "summary": "Ouderontbijt De Living",
        "description": "Ontbijt voor ouders van jonge kinderen, met een medewerker van Kind en Gezin; iedereen welkom.",
        "location": "Buurthuis De Kring, Nekkerspoelstraat 214, 2800 Mechelen",
        "url": "https://kansen.example/aanbod/de-living/",
        "category": "Ontmoeting",
        "latitude": 51.030514,
        "longitude": 4.49018,
    }
    return ical.FeedEvent(**(values | overrides))


def test_calendar_has_the_headers_clients_need_and_no_method():
    text = ical.serialise(ical.build_calendar([event()], name="Aanbod")).decode()
    assert "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n" in text
    assert "\r\nX-PUBLISHED-TTL:PT12H\r\n" in text
    assert "\r\nX-WR-TIMEZONE:Europe/Brussels\r\n" in text
    assert "\r\nX-WR-CALNAME:Aanbod\r\n" in text
    assert "METHOD" not in text


def test_events_use_local_times_with_a_timezone_and_the_stored_identity():
    text = ical.serialise(ical.build_calendar([event(uid="vast@kansen")], name="Aanbod")).decode()
    assert "DTSTART;TZID=Europe/Brussels:20270331T090000" in text
    assert "UID:vast@kansen" in text
    assert "SEQUENCE:3" in text
    assert "DTSTAMP:20270105T083000Z" in text
    assert "LAST-MODIFIED:20270105T083000Z" in text
    assert "GEO:51.030514;4.49018" in text
    assert "STATUS:CONFIRMED" in text


def test_a_cancelled_session_is_marked_cancelled():
    text = ical.serialise(ical.build_calendar([event(cancelled=True)], name="Aanbod")).decode()
    assert "STATUS:CANCELLED" in text


def test_output_is_byte_stable():
    same = event()
    assert ical.serialise(ical.build_calendar([same], name="A")) == ical.serialise(
        ical.build_calendar([same], name="A")
    )


def test_lines_are_folded_at_75_octets_and_end_in_crlf():
    body = ical.serialise(ical.build_calendar([event(description="é" * 300)], name="Aanbod"))
    assert body.endswith(b"\r\n")
    lines = body.split(b"\r\n")
    assert all(len(line) <= 75 for line in lines)
    assert b"\n" not in body.replace(b"\r\n", b"")


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_the_timezone_rules_give_the_right_offsets_around_both_changes(year):
    tz = ical.brussels_timezone().to_tz()
    last_sunday = {
        month: max(d for d in (datetime.date(year, month, day) for day in range(25, 32)) if d.weekday() == 6)
        for month in (3, 10)
    }
    for month, (before, after) in {3: (1, 2), 10: (2, 1)}.items():
        change = last_sunday[month]
        assert datetime.datetime.combine(
            change - datetime.timedelta(days=1), datetime.time(12), tz
        ).utcoffset() == datetime.timedelta(hours=before)
        assert datetime.datetime.combine(
            change + datetime.timedelta(days=1), datetime.time(12), tz
        ).utcoffset() == datetime.timedelta(hours=after)


def test_the_timezone_uses_yearly_rules_not_a_list_of_dates():
    text = ical.brussels_timezone().to_ical().decode()
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in text
    assert "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10" in text
    assert "RDATE" not in text


# The feeds over HTTP


def test_programme_feed_expands_to_exactly_the_stored_sessions_in_the_window(client, breakfast):
    calendar = parse(fetch(client, "/aanbod/de-living/calendar.ics"))
    events = recurring_ical_events.of(calendar).between(at(-60), at(500))
    starts = sorted(e["DTSTART"].dt for e in events)
    expected = sorted(
        timezone.localtime(s.starts_at) for s in breakfast.sessions.all() if at(-30) <= s.starts_at <= at(365)
    )
    assert starts == expected
    assert all(start.tzinfo.key == "Europe/Brussels" if hasattr(start.tzinfo, "key") else True for start in starts)
    assert {str(e["UID"]) for e in events} == {
        f"{s.uid}@kansen" for s in breakfast.sessions.all() if at(-30) <= s.starts_at <= at(365)
    }


def test_sessions_across_the_dst_changes_keep_their_local_time(client, index):
    page = ProgrammePageFactory(parent=index, slug="dst")
    for day in (
        datetime.date(2027, 3, 27),
        datetime.date(2027, 3, 29),
        datetime.date(2027, 10, 30),
        datetime.date(2027, 11, 1),
    ):
        SessionFactory(programme=page, starts_at=datetime.datetime.combine(day, datetime.time(9), BRUSSELS))
    import time_machine

    with time_machine.travel(datetime.datetime(2027, 3, 1, tzinfo=BRUSSELS)):
        calendar = parse(fetch(client, "/aanbod/dst/calendar.ics"))
    events = recurring_ical_events.of(calendar).between(datetime.date(2027, 1, 1), datetime.date(2028, 1, 1))
    assert [
        (e["DTSTART"].dt.hour, e["DTSTART"].dt.utcoffset()) for e in sorted(events, key=lambda e: e["DTSTART"].dt)
    ] == [
        (9, datetime.timedelta(hours=1)),
        (9, datetime.timedelta(hours=2)),
        (9, datetime.timedelta(hours=2)),
        (9, datetime.timedelta(hours=1)),
    ]


def test_feeds_follow_the_structural_rules(client, breakfast, kids):
    body = fetch(client, "/aanbod/calendar.ics").content
    text = body.decode()
    uids = re.findall(r"^UID:(.*)\r$", text, re.MULTILINE)
    assert len(uids) == len(set(uids)) > 0
    tzids = set(re.findall(r"TZID=([^:;]+)", text))
    assert tzids == {"Europe/Brussels"}
    assert "TZID:Europe/Brussels" in text
    for vevent in parse_events(body):
        assert vevent["DTEND"].dt > vevent["DTSTART"].dt


def parse_events(body):
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_an_independent_parser_reads_the_feed(client, breakfast):
    from ical.calendar_stream import IcsCalendarStream

    calendar = IcsCalendarStream.calendar_from_ics(fetch(client, "/aanbod/de-living/calendar.ics").content.decode())
    assert len(calendar.events) == 3
    assert {event.summary for event in calendar.events} == {"Ouderontbijt De Living"}
    assert all(event.dtstart.tzinfo is not None for event in calendar.events)


def test_a_cancelled_session_reaches_the_feed_with_a_higher_sequence(client, breakfast):
    session = breakfast.sessions.order_by("starts_at").filter(starts_at__gte=timezone.now()).first()
    etag = fetch(client, "/aanbod/de-living/calendar.ics")["ETag"]
    scheduling.cancel_session(session, reason="Zieke begeleider", by=None)
    response = fetch(client, "/aanbod/de-living/calendar.ics")
    assert response["ETag"] != etag
    cancelled = [e for e in parse_events(response.content) if str(e["UID"]) == f"{session.uid}@kansen"]
    assert str(cancelled[0]["STATUS"]) == "CANCELLED"
    assert int(cancelled[0]["SEQUENCE"]) == 1
    assert "Zieke begeleider" in str(cancelled[0]["DESCRIPTION"])


def test_unchanged_feed_answers_304_to_etag_and_to_date(client, breakfast):
    first = fetch(client, "/aanbod/de-living/calendar.ics")
    assert client.get("/aanbod/de-living/calendar.ics", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert (
        client.get("/aanbod/de-living/calendar.ics", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    )


def test_repeat_requests_are_served_from_the_cache_without_queries(client, breakfast, django_assert_num_queries):
    fetch(client, "/aanbod/de-living/calendar.ics")
    with django_assert_num_queries(0):
        fetch(client, "/aanbod/de-living/calendar.ics")


def test_a_programme_made_private_leaves_the_cached_feed_at_once(client, breakfast):
    from wagtail.models import PageViewRestriction

    fetch(client, "/aanbod/de-living/calendar.ics")
    PageViewRestriction.objects.create(page=breakfast, restriction_type=PageViewRestriction.LOGIN)
    assert client.get("/aanbod/de-living/calendar.ics").status_code == 404


def test_a_programme_moved_elsewhere_leaves_the_cached_finder_feed_at_once(client, home, breakfast, kids):
    fetch(client, "/aanbod/calendar.ics")
    elsewhere = ProgrammeIndexPageFactory(parent=home, slug="elders")
    breakfast.move(elsewhere, pos="last-child")
    events = parse_events(fetch(client, "/aanbod/calendar.ics").content)
    assert {str(e["SUMMARY"]) for e in events} == {"Kindergroep"}


def test_rendering_again_gives_the_same_bytes(client, breakfast):
    first = fetch(client, "/aanbod/de-living/calendar.ics").content
    cache.clear()
    assert fetch(client, "/aanbod/de-living/calendar.ics").content == first


def test_finder_feed_takes_the_finders_query_string(client, breakfast, kids):
    events = parse_events(fetch(client, "/aanbod/calendar.ics?age=7").content)
    assert {str(e["SUMMARY"]) for e in events} == {"Kindergroep"}


@pytest.mark.parametrize("query", ["age=zeven", "date_from=morgen", "venue=999999", "page=abc", "weekday=9&weekday=x"])
def test_finder_feed_survives_bad_values(client, breakfast, kids, query):
    assert len(parse_events(fetch(client, f"/aanbod/calendar.ics?{query}").content)) == 4


def test_feed_text_follows_the_pages_language(client, home, index, breakfast):
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(breakfast, french_index, "fr", title="Petit-déjeuner des parents", slug="petit-dejeuner", intro="Café.")
    events = parse_events(fetch(client, "/fr/activites/petit-dejeuner/calendar.ics").content)
    assert {str(e["SUMMARY"]) for e in events} == {"Petit-déjeuner des parents"}
    assert all("/fr/activites/petit-dejeuner/" in str(e["URL"]) for e in events)


def test_one_session_downloads_as_an_attachment(client, breakfast):
    session = breakfast.sessions.filter(starts_at__gte=timezone.now()).first()
    response = fetch(client, f"/aanbod/de-living/sessions/{session.uid}.ics")
    assert response["Content-Disposition"].startswith('attachment; filename="de-living-')
    assert [str(e["UID"]) for e in parse_events(response.content)] == [f"{session.uid}@kansen"]


def test_a_session_of_another_programme_or_an_unknown_one_is_not_found(client, breakfast, kids):
    other = kids.sessions.get()
    assert client.get(f"/aanbod/de-living/sessions/{other.uid}.ics").status_code == 404
    assert client.get(f"/aanbod/de-living/sessions/{uuid.uuid4()}.ics").status_code == 404


def test_pages_without_a_calendar_and_unpublished_programmes_have_no_feed(client, breakfast, info_page):
    assert client.get("/sociale-dienst/calendar.ics").status_code == 404
    breakfast.unpublish()
    assert client.get("/aanbod/de-living/calendar.ics").status_code == 404


def test_feeds_only_answer_get(client, breakfast):
    assert client.post("/aanbod/de-living/calendar.ics").status_code == 405


def test_pages_show_the_subscription_links(client, breakfast):
    html = client.get("/aanbod/de-living/").content.decode()
    assert 'href="webcal://testserver/aanbod/de-living/calendar.ics"' in html
    assert 'href="http://testserver/aanbod/de-living/calendar.ics"' in html
    assert "calendar.google.com/calendar/r?cid=webcal%3A%2F%2Ftestserver%2Faanbod%2Fde-living%2Fcalendar.ics" in html


def test_a_moved_session_reaches_the_feed_at_its_new_time(client, breakfast):
    session = breakfast.sessions.filter(starts_at__gte=timezone.now()).order_by("starts_at").first()
    fetch(client, "/aanbod/de-living/calendar.ics")
    scheduling.move_session(
        session,
        starts_at=session.starts_at + datetime.timedelta(hours=1),
        ends_at=session.ends_at + datetime.timedelta(hours=1),
        by=None,
    )
    moved = [
        e
        for e in parse_events(fetch(client, "/aanbod/de-living/calendar.ics").content)
        if str(e["UID"]) == f"{session.uid}@kansen"
    ]
    assert moved[0]["DTSTART"].dt == timezone.localtime(session.starts_at + datetime.timedelta(hours=1))
    assert int(moved[0]["SEQUENCE"]) == 1


def test_categories_follow_the_language_of_the_feed(client, home, index, breakfast):
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(breakfast, french_index, "fr", title="Petit-déjeuner des parents", slug="petit-dejeuner", intro="Café.")
    dutch = {
        str(c)
        for e in parse_events(fetch(client, "/aanbod/de-living/calendar.ics").content)
        for c in e["CATEGORIES"].cats
    }
    french = {
        str(c)
        for e in parse_events(fetch(client, "/fr/activites/petit-dejeuner/calendar.ics").content)
        for c in e["CATEGORIES"].cats
    }
    assert dutch != french
    assert len(french) == 1
