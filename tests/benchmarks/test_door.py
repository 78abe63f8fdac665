"""The grocery door: a check and the visit it records, one round trip as the
volunteer makes it (POST the number, see the verdict, POST the visit), against
B0, with as many queries for 60 badges as for 60 000."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from groceries import codes
from groceries.models import Badge, GroceryPage, Visit
from programmes.models import Household, ProgrammeIndexPage, Session
from tests.programmes.volunteer_factories import ShiftAssignmentFactory
from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db


def badges_for(grocery, count):
    """`count` households with a badge valid all year, made in bulk."""
    today = timezone.localdate()
    households = Household.objects.bulk_create(
        Household(contact_name=f"Gezin {n}", phone=f"0470 {n // 10000:02d} {n // 100 % 100:02d} {n % 100:02d}")
        for n in range(count)
    )
    drawn = set()
    while len(drawn) < count:
        drawn.add(codes.new_code())
    return Badge.objects.bulk_create(
        Badge(
            grocery=grocery,
            household=household,
            code=code,
            valid_from=today - datetime.timedelta(days=30),
            valid_until=today + datetime.timedelta(days=150),
            referrer="social_service",
            adults=2,
            children=2,
        )
        for household, code in zip(households, drawn, strict=True)
    )


@pytest.fixture
def door(site_home):
    # Its own activities page: with scale data, the seeded finder "aanbod" is its sibling.
    index = site_home.add_child(instance=ProgrammeIndexPage(title="Aanbod", slug="bench-aanbod"))
    team = Group.objects.create(name="Deurploeg")
    grocery = index.add_child(
        instance=GroceryPage(
            title="Sociale kruidenier",
            slug="kruidenier",
            intro="Voeding aan een lage prijs.",
            how_to_get_a_badge="Via je maatschappelijk werker.",
            visit_limit=2,
            door_team=team,
        )
    )
    now = timezone.now()
    opening = Session.objects.create(
        programme=grocery,
        original_start=now,
        starts_at=now - datetime.timedelta(minutes=30),
        ends_at=now + datetime.timedelta(hours=3),
    )
    volunteer = UserFactory(roles=["grocery_volunteers"])
    volunteer.groups.add(team)
    # The door opens for the volunteer on the door shift of this opening.
    ShiftAssignmentFactory(shift__session=opening, volunteer__user=volunteer)
    client = Client()
    client.force_login(volunteer)
    return grocery, opening, client


def round_trip(opening, client, badges, *, script=True):
    """With the door's script (JSON answers, the page stays) or without it
    (the verdict page, then the visit and its redirect)."""
    check_url = reverse("desk:door", args=[opening.pk])
    visit_url = reverse("desk:door_visit", args=[opening.pk])
    headers = {"accept": "application/json"} if script else {}
    queue = iter(badges)

    def check_and_record():
        badge = next(queue)
        response = client.post(check_url, {"code": codes.printed(badge.code)}, headers=headers)
        assert response.status_code == 200
        assert b'"valid"' in response.content if script else b"verdict--ok" in response.content
        response = client.post(visit_url, {"badge": badge.pk, "persons": 4, "nonce": uuid.uuid4()}, headers=headers)
        assert response.status_code == (200 if script else 302)

    return check_and_record


def queries_of(work):
    with CaptureQueriesContext(connection) as captured:
        work()
    return len(captured)


def test_a_door_round_trip_against_b0(bench, b0, door):
    grocery, opening, client = door
    badges = badges_for(grocery, 60 + 2 * bench.rounds + bench.warmup + 10)
    work = round_trip(opening, client, badges)
    result = bench.measure("grocery door: check and record a visit", work)
    assert Visit.objects.filter(opening=opening).count() == bench.rounds + bench.warmup + 1
    row = bench.compare(result, b0, target=5.0)
    assert row.passed, row


def test_a_door_round_trip_without_javascript(bench, b0, door):
    """For the record: the same round trip with full pages, as a phone
    without JavaScript makes it."""
    grocery, opening, client = door
    badges = badges_for(grocery, 60 + 2 * bench.rounds + bench.warmup + 10)
    result = bench.measure("grocery door without JavaScript", round_trip(opening, client, badges, script=False))
    bench.compare(result, b0)


def test_the_door_makes_as_many_queries_for_60_000_badges_as_for_60(door):
    grocery, opening, client = door
    few = badges_for(grocery, 60)
    work = round_trip(opening, client, few)
    work()  # warm the caches
    # and the full pages' (the site's settings row is made on the first one)
    round_trip(opening, client, few[50:], script=False)()
    with_few = queries_of(work)
    many = badges_for(grocery, 60_000 - 60)
    with_many = queries_of(round_trip(opening, client, many))
    assert with_many == with_few
    assert queries_of(round_trip(opening, client, many[100:], script=False)) == queries_of(
        round_trip(opening, client, few[10:], script=False)
    )
