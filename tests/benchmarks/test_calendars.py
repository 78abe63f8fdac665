"""A one-year feed of 50 programmes (1 200 sessions) against icalendar alone
serialising the same events, and the cached or 304 answer against B0."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone

from programmes import ical
from programmes.models import ProgrammeIndexPage, ProgrammePage, Session, Venue
from programmes.views.feeds import feed_events, in_window
from programmes.views.finder import finder_programmes, sessions_of
from tests.benchmarks.conftest import Bench, get_ok

PROGRAMMES = 50
SESSIONS_PER_PROGRAMME = 24
# Its own activities page: with scale data, the seeded finder "aanbod" is its sibling.
FEED = "/bench-aanbod/calendar.ics"


@pytest.fixture
def year_of_sessions(site_home):
    index = site_home.add_child(instance=ProgrammeIndexPage(title="Aanbod", slug="bench-aanbod"))
    venue = Venue.objects.create(
        name="Buurthuis De Kring",
        street="Nekkerspoelstraat",
        number="214",
        postcode="2800",
        city="Mechelen",
        latitude="51.030514",
        longitude="4.490180",
    )
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    sessions = []
    for n in range(PROGRAMMES):
        programme = index.add_child(
            instance=ProgrammePage(
                title=f"Oudergroep {n}", slug=f"groep-{n}", intro="Samen praten over opvoeden.", venue=venue
            )
        )
        for k in range(SESSIONS_PER_PROGRAMME):
            starts_at = start + datetime.timedelta(days=15 * k + n % 14)
            sessions.append(
                Session(
                    programme=programme,
                    original_start=starts_at,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    venue=venue,
                )
            )
    Session.objects.bulk_create(sessions)
    return index


@pytest.fixture
def icalendar_only(bench, year_of_sessions):
    """Baseline: icalendar building and serialising the same events, nothing else."""
    request = RequestFactory().get(FEED)
    events = feed_events(in_window(sessions_of(finder_programmes(year_of_sessions))), request)
    assert len(events) == PROGRAMMES * SESSIONS_PER_PROGRAMME
    return bench.measure(
        "icalendar only, same 1 200 events", lambda: ical.serialise(ical.build_calendar(events, name="Aanbod"))
    )


def test_uncached_feed_against_icalendar_alone(bench, icalendar_only):
    # Each round renders 1 200 events: fewer rounds still give a stable median.
    bench = Bench(max(20, bench.rounds // 10))
    client = Client()

    def uncached():
        cache.clear()
        get_ok(client, FEED)()

    result = bench.measure("feed, 50 programmes, 1 200 sessions, uncached", uncached)
    row = bench.compare(result, icalendar_only, target=1.3)
    assert row.passed, row


def test_cached_feed_against_b0(bench, b0, year_of_sessions):
    result = bench.measure("feed, cached", get_ok(Client(), FEED))
    row = bench.compare(result, b0, target=2.0)
    assert row.passed, row


def test_not_modified_feed_against_b0(bench, b0, year_of_sessions):
    client = Client()
    etag = client.get(FEED)["ETag"]

    def not_modified():
        assert client.get(FEED, HTTP_IF_NONE_MATCH=etag).status_code == 304

    row = bench.compare(bench.measure("feed, 304 Not Modified", not_modified), b0, target=2.0)
    assert row.passed, row
