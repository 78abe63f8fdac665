"""`seed_demo --scale N`: the normal demo and N−1 more towns, for benchmarks.

Seeding the normal demo and one more town takes about a minute on SQLite:
the class seeds once and every test rolls back to it."""

import datetime
import os
from unittest.mock import patch

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import timezone
from wagtail.models import Page

from groceries.models import Badge, GroceryPage, Verdict, Visit
from groceries.services.door import check_badge
from holiday_play.models import Booking, ChildProfile, PlaygroundPage
from programmes import demo_scale
from programmes.models import Attendance, Household, Membership, ProgrammePage, Registration, Session
from programmes.services import scheduling
from website.demo import scale
from website.models import HomePage

# What one town adds (issue #11): the test asks for at least 90 % of each.
PER_TOWN = {
    "programmes": 50,
    "sessions": 2000,
    "households": 1000,
    "attendance": 20000,
    "badges": 50,
    "visits": 1250,
    "children": 100,
}
TOWN = demo_scale.copy(1)


def _seed(scale_=2):
    with open(os.devnull, "w") as out:
        call_command("seed_demo", scale=scale_, stdout=out)


def _town_programmes():
    return ProgrammePage.objects.filter(slug__endswith=f"-{TOWN.key}")


def _town_counts():
    programmes = _town_programmes()
    badges = Badge.objects.filter(grocery__in=programmes)
    return {
        "programmes": programmes.count(),
        "sessions": Session.objects.filter(programme__in=programmes).count(),
        "households": Household.objects.filter(postcode=TOWN.postcode).count(),
        "attendance": Attendance.objects.filter(session__programme__in=programmes).count(),
        "badges": badges.count(),
        "visits": Visit.objects.filter(badge__in=badges).count(),
        "children": ChildProfile.objects.filter(child__household__postcode=TOWN.postcode).count(),
    }


def _totals():
    return (
        Page.objects.count(),
        Session.objects.count(),
        Household.objects.count(),
        Attendance.objects.count(),
        Registration.objects.count(),
        Badge.objects.count(),
        Visit.objects.count(),
        Booking.objects.count(),
    )


class TestScaleTwo(TestCase):
    @classmethod
    def setUpTestData(cls):
        _seed()

    def test_the_second_town_has_what_a_realistic_municipality_has(self):
        counts = _town_counts()
        for name, target in PER_TOWN.items():
            assert counts[name] >= 0.9 * target, (name, counts[name], target)
        # Within reason: a town, not a country.
        assert counts["sessions"] <= 1.5 * PER_TOWN["sessions"]
        assert counts["households"] <= 1.1 * PER_TOWN["households"]

    def test_the_normal_demo_is_left_as_it_is(self):
        # Its households live in Mechelen's postcodes, its programmes have no town suffix.
        assert Household.objects.filter(postcode__in=["2800", "2801", "2811", "2812"]).count() < 200
        assert ProgrammePage.objects.filter(slug="oudergroep-bulgaars").exists()

    def test_the_town_is_found_in_the_finder_and_its_pages_render(self):
        programme = _town_programmes().filter(registration_mode="membership").order_by("path").first()
        response = self.client.get("/aanbod/", {"q": programme.title})
        assert response.status_code == 200
        assert programme.title in response.text
        for page in (programme, GroceryPage.objects.get(slug__endswith=f"-{TOWN.key}")):
            response = self.client.get(page.url)
            assert response.status_code == 200, page.url
            assert page.title in response.text
        assert self.client.get(PlaygroundPage.objects.get(slug__endswith=f"-{TOWN.key}").url).status_code == 200

    def test_the_pages_are_live_and_the_tree_is_sound(self):
        pages = _town_programmes()
        assert not pages.filter(live=False).exists()
        assert not pages.filter(first_published_at__isnull=True).exists()
        # The tree knows where they are (the normal demo's home pages have a
        # numchild problem of their own, not this test's business).
        finder = pages.first().get_parent()
        assert finder.numchild == finder.get_children().count()
        mine = {finder.pk, *pages.values_list("pk", flat=True)}
        assert not mine & {pk for problems in Page.find_problems() for pk in problems}

    def test_regeneration_finds_every_session_already_there(self):
        for programme in _town_programmes().specific():
            result = scheduling.regenerate_sessions(programme)
            assert (result.created, result.updated, result.flagged, result.deleted) == ([], [], [], 0), programme

    def test_a_town_badge_is_valid_at_the_door_of_the_next_opening(self):
        grocery = GroceryPage.objects.get(slug__endswith=f"-{TOWN.key}")
        today = timezone.localdate()
        opening = Session.objects.filter(programme=grocery, local_date__gt=today).scheduled().earliest("starts_at")
        badge = (
            Badge.objects.filter(grocery=grocery, status=Badge.Status.ACTIVE, valid_from__lte=today)
            .filter(valid_until__gt=opening.local_date + datetime.timedelta(weeks=2))
            .order_by("pk")
            .first()
        )
        volunteer = get_user_model().objects.get(username="marc")
        check = check_badge(badge.printed_code, opening, by=volunteer)
        assert check.verdict == Verdict.VALID
        assert check.badge == badge

    def test_a_town_has_group_members_registrations_and_a_playground_season(self):
        programmes = _town_programmes()
        registrations = Registration.objects.filter(session__programme__in=programmes)
        assert registrations.filter(status="confirmed").count() >= 1000
        assert Membership.objects.filter(programme__in=programmes, status="active").count() >= 100
        assert Membership.objects.filter(programme__in=programmes, status="applied").exists()
        playground = PlaygroundPage.objects.get(slug__endswith=f"-{TOWN.key}")
        bookings = Booking.objects.filter(play_day__programme=playground)
        assert bookings.filter(status="confirmed", play_day__local_date__lt=timezone.localdate()).count() >= 1000
        assert bookings.filter(play_day__local_date__gt=timezone.localdate()).exists()

    def test_running_it_again_adds_nothing(self):
        before = _totals()
        _seed()
        assert _totals() == before

    def test_a_larger_scale_builds_only_the_towns_that_are_missing(self):
        built = []

        def build(place, finder):
            built.append(place.number)
            return dict.fromkeys(PER_TOWN, 0) | {"marks": 0}

        with patch.object(scale, "build_copy", side_effect=build):
            scale.seed_scale(4, log=lambda line: None)
        assert built == [2, 3]


@pytest.mark.parametrize("value", [0, -3])
def test_a_scale_below_one_is_refused(value, db):
    with pytest.raises(CommandError, match="--scale must be 1 or more"):
        call_command("seed_demo", scale=value)
    assert not HomePage.objects.exists()


def test_towns_past_the_list_are_parts_of_towns():
    first, later = demo_scale.copy(1), demo_scale.copy(len(demo_scale.PLACES) + 1)
    assert later.town == first.town
    assert later.key != first.key
    assert len({demo_scale.copy(n).key for n in range(1, 400)}) == 399
