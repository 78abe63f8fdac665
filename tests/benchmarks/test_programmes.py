"""Finder and programme page at scale: the seeded Dutch finder with its towns
(`--bench-scale`), else 500 programmes and 20 000 sessions built here."""

import datetime

import pytest
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from programmes.models import Language, ProgrammeIndexPage, ProgrammePage, Session, Venue
from tests.benchmarks.conftest import get_ok, scale_of, seeded_finder, thousands

PROGRAMMES = 500
SESSIONS_PER_PROGRAMME = 40


@pytest.fixture
def programmes_at_scale(request, site_home):
    """The finder to measure and its benchmark's name."""
    if scale_of(request.config):
        finder = seeded_finder()
        programmes = ProgrammePage.objects.descendant_of(finder)
        sessions = Session.objects.filter(programme__in=programmes)
        return (
            finder,
            f"finder, two filters ({thousands(programmes.count())} programmes, {thousands(sessions.count())} sessions)",
        )
    home = site_home
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
    return index, "finder, two filters (500 programmes, 20 000 sessions)"


def test_finder_with_two_filters_against_b1(bench, b1, programmes_at_scale):
    finder, name = programmes_at_scale
    result = bench.measure(name, get_ok(Client(), f"{finder.url}?age=7&weekday=3"))
    row = bench.compare(result, b1, target=2.0)
    assert row.passed, row


def test_programme_page_against_b1(request, bench, b1, programmes_at_scale):
    finder, _name = programmes_at_scale
    programmes = ProgrammePage.objects.exact_type(ProgrammePage).live().descendant_of(finder)
    if scale_of(request.config):
        # The seeded programme with the most sessions.
        programme = programmes.annotate(session_count=Count("sessions")).order_by("-session_count", "path").first()
    else:
        programme = programmes.get(slug="activiteit-7")
    result = bench.measure("programme page", get_ok(Client(), programme.url))
    row = bench.compare(result, b1, target=1.5)
    assert row.passed, row
