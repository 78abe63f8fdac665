"""Finder and programme page at scale: 500 programmes, 20 000 sessions."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from programmes.models import Language, ProgrammeIndexPage, ProgrammePage, Session, Venue
from tests.benchmarks.conftest import get_ok

PROGRAMMES = 500
SESSIONS_PER_PROGRAMME = 40


@pytest.fixture
def programmes_at_scale(home):
    index = home.add_child(instance=ProgrammeIndexPage(title="Aanbod", slug="aanbod"))
    venues = Venue.objects.bulk_create(
        Venue(
            name=f"Buurthuis {n}",
            street="Kerkstraat",
            number=str(n),
            postcode="2800",
            city="Mechelen",
            neighbourhood=["Nekkerspoel", "Battel", "Centrum", "Geerdegem"][n % 4],
        )
        for n in range(12)
    )
    languages = list(Language.objects.filter(code__in=["nl", "bg", "sk", "ar"]))
    start = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0) + datetime.timedelta(days=1)
    sessions = []
    for n in range(PROGRAMMES):
        programme = index.add_child(
            instance=ProgrammePage(
                title=f"Activiteit {n}",
                slug=f"activiteit-{n}",
                intro="Samen spelen, leren en praten.",
                kind=["meetup", "group", "other"][n % 3],
                for_children=n % 2 == 0,
                for_parents=n % 2 == 1,
                min_age_months=72 if n % 2 == 0 else None,
                max_age_months=155 if n % 2 == 0 else None,
                venue=venues[n % len(venues)],
                price=0 if n % 4 else 2,
            )
        )
        programme.languages.set([languages[n % len(languages)]])
        for k in range(SESSIONS_PER_PROGRAMME):
            starts_at = start + datetime.timedelta(days=7 * k + n % 7, hours=n % 9)
            sessions.append(
                Session(
                    programme=programme,
                    original_start=starts_at,
                    starts_at=starts_at,
                    ends_at=starts_at + datetime.timedelta(hours=2),
                    venue=programme.venue,
                )
            )
    Session.objects.bulk_create(sessions, batch_size=2000)
    return index


def test_finder_with_two_filters_against_b1(bench, b1, programmes_at_scale):
    result = bench.measure(
        "finder, two filters (500 programmes, 20 000 sessions)", get_ok(Client(), "/aanbod/?age=7&weekday=3")
    )
    row = bench.compare(result, b1, target=2.0)
    assert row.passed, row


def test_programme_page_against_b1(bench, b1, programmes_at_scale):
    programme = ProgrammePage.objects.get(slug="activiteit-7")
    result = bench.measure("programme page", get_ok(Client(), programme.url))
    row = bench.compare(result, b1, target=1.5)
    assert row.passed, row
