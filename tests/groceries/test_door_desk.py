"""The door on the desk: who may open it and when (the volunteer's shift,
half an hour either side), every verdict on screen, recording a visit, the
name search, and bad input."""

import datetime
import re
import uuid

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, ngettext

from groceries import codes
from groceries.models import CheckAttempt, Visit
from groceries.permissions import door_groceries
from groceries.services import door
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.factories import BRUSSELS
from tests.programmes.volunteer_factories import ShiftAssignmentFactory, ShiftFactory, VolunteerFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db

DURING = datetime.datetime(2026, 12, 3, 14, 0, tzinfo=BRUSSELS)


@pytest.fixture(autouse=True)
def during_the_opening(time_machine):
    time_machine.move_to(DURING, tick=False)


@pytest.fixture
def grocery(home):
    team = Group.objects.create(name="Deur 't Schap")
    return GroceryPageFactory(door_team=team)


@pytest.fixture
def opening(grocery):
    return OpeningFactory(programme=grocery)


@pytest.fixture
def badge(grocery):
    return BadgeFactory(
        grocery=grocery,
        household__contact_name="Fatima El Amrani",
        household__postcode="2800",
        notes="Schulden bij de energieleverancier",
        referrer="caw",
    )


@pytest.fixture
def volunteer(grocery, opening):
    """In the door team, with a door shift at the opening (its times)."""
    user = UserFactory(roles=["grocery_volunteers"])
    user.groups.add(grocery.door_team)
    on_shift(user, opening)
    return user


def on_shift(user, opening, status="signed_up", **shift):
    """`user` signed up for a shift at `opening`; `shift` sets its own times."""
    volunteer = VolunteerFactory(user=user) if not hasattr(user, "volunteer") else user.volunteer
    return ShiftAssignmentFactory(shift=ShiftFactory(session=opening, **shift), volunteer=volunteer, status=status)


@pytest.fixture
def door_client(client, volunteer):
    client.force_login(volunteer)
    return client


def door_url(opening, name="door", *args, language="nl"):
    with translation.override(language):
        return reverse(f"desk:{name}", args=[opening.pk, *args])


def door_url_home():
    with translation.override("nl"):
        return reverse("desk:home")


def english(opening, name="door"):
    return door_url(opening, name, language="en")


def check(client, opening, code):
    return client.post(door_url(opening), {"code": code})


def visit_data(badge, persons=4, nonce=None):
    return {"badge": badge.pk, "persons": persons, "nonce": nonce or uuid.uuid4()}


# Who may open the door


def test_anonymous_goes_to_the_login(client, opening):
    response = client.get(door_url(opening))
    assert response.status_code == 302
    assert reverse("desk:login") in response.url


def test_a_user_without_the_desk_is_refused(client, opening):
    client.force_login(UserFactory(roles=["editors"]))
    assert client.get(door_url(opening)).status_code == 403


def test_a_grocery_volunteer_of_another_team_does_not_find_this_door(client, opening):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    assert client.get(door_url(opening)).status_code == 404
    assert check(client, opening, "ABCDE-FGHJK").status_code == 404
    assert not CheckAttempt.objects.exists()


def test_the_door_of_another_grocery_is_not_found(door_client, home):
    elsewhere = OpeningFactory(programme=GroceryPageFactory())
    assert door_client.get(door_url(elsewhere)).status_code == 404


def test_an_opening_of_another_programme_is_not_a_door(door_client, volunteer, home):
    from tests.programmes.factories import SessionFactory

    breakfast = SessionFactory(starts_at=DURING)
    may_edit(volunteer, breakfast.programme)
    assert door_client.get(door_url(breakfast)).status_code == 404


def test_a_volunteer_cannot_check_outside_their_shift(door_client, opening, badge, time_machine):
    time_machine.move_to(DURING - datetime.timedelta(hours=3), tick=False)
    response = check(door_client, opening, badge.code)
    assert response.status_code == 403
    # The shift is the opening's 13:30–16:30; the door is theirs half an hour either side.
    assert "13:00" in response.text
    assert "17:00" in response.text
    assert not CheckAttempt.objects.exists()
    time_machine.move_to(DURING + datetime.timedelta(hours=3, minutes=31), tick=False)
    assert door_client.get(door_url(opening)).status_code == 403


def test_a_coordinator_may_look_a_badge_up_between_openings(client, opening, badge, time_machine):
    time_machine.move_to(DURING + datetime.timedelta(days=2), tick=False)
    coordinator = may_edit(UserFactory(roles=["coordinators"]), opening.programme)
    client.force_login(coordinator)
    assert "Fatima" in check(client, opening, badge.code).text


def test_a_cancelled_opening_has_a_closed_door(door_client, opening):
    opening.status = "cancelled"
    opening.cancel_reason = "Storm"
    opening.save()
    assert door_client.get(door_url(opening)).status_code == 403


def test_the_desk_home_links_the_door_of_a_shift(door_client, opening):
    response = door_client.get(door_url_home())
    assert door_url(opening) in response.text


def test_the_desk_home_has_no_door_for_others(client, opening):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    assert door_url(opening) not in client.get(door_url_home()).text


# The door follows the shifts

OPENS = datetime.datetime(2026, 12, 3, 13, 30, tzinfo=BRUSSELS)
CLOSES = OPENS + datetime.timedelta(hours=3)
MINUTES = datetime.timedelta(minutes=1)


def team_member(grocery):
    user = UserFactory(roles=["grocery_volunteers"])
    user.groups.add(grocery.door_team)
    return user


def closed_page(response):
    with translation.override("nl-be"):
        return response.status_code == 403 and gettext("The door is closed") in response.text


@pytest.mark.parametrize(
    ("moment", "status"),
    [
        (OPENS - 31 * MINUTES, 403),
        (OPENS - 29 * MINUTES, 200),
        (OPENS + 90 * MINUTES, 200),
        (CLOSES + 29 * MINUTES, 200),
        (CLOSES + 31 * MINUTES, 403),
    ],
    ids=["31-before", "29-before", "during", "29-after", "31-after"],
)
def test_the_door_is_open_from_half_an_hour_before_the_shift_to_half_an_hour_after(
    door_client, opening, badge, time_machine, moment, status
):
    time_machine.move_to(moment, tick=False)
    response = check(door_client, opening, badge.code)
    assert response.status_code == status
    assert ("Fatima" in response.text) == (status == 200)
    assert CheckAttempt.objects.count() == (status == 200)


def test_the_closed_door_shows_the_volunteers_own_hours(door_client, opening, time_machine):
    time_machine.move_to(OPENS - 31 * MINUTES, tick=False)
    response = door_client.get(door_url(opening))
    assert closed_page(response)
    assert "13:00" in response.text
    assert "17:00" in response.text


def test_a_shift_that_starts_before_the_opening_opens_the_door_earlier(client, grocery, opening, time_machine):
    user = team_member(grocery)
    on_shift(user, opening, starts_at=OPENS - 60 * MINUTES)
    client.force_login(user)
    time_machine.move_to(OPENS - 89 * MINUTES, tick=False)
    assert client.get(door_url(opening)).status_code == 200
    time_machine.move_to(OPENS - 91 * MINUTES, tick=False)
    response = client.get(door_url(opening))
    assert closed_page(response)
    assert "12:00" in response.text
    assert "17:00" in response.text


def test_a_shift_that_ends_before_the_opening_closes_the_door_earlier(client, grocery, opening, time_machine):
    user = team_member(grocery)
    on_shift(user, opening, ends_at=OPENS + 90 * MINUTES)
    client.force_login(user)
    time_machine.move_to(OPENS + 121 * MINUTES, tick=False)
    response = client.get(door_url(opening))
    assert closed_page(response)
    assert "15:30" in response.text


def test_between_two_shifts_the_closed_door_shows_the_next(client, grocery, opening, time_machine):
    user = team_member(grocery)
    on_shift(user, opening, ends_at=OPENS + 30 * MINUTES)
    on_shift(user, opening, starts_at=OPENS + 120 * MINUTES)
    client.force_login(user)
    time_machine.move_to(OPENS + 70 * MINUTES, tick=False)
    response = client.get(door_url(opening))
    assert closed_page(response)
    assert ("15:00" in response.text, "17:00" in response.text, "14:30" in response.text) == (True, True, False)
    time_machine.move_to(OPENS + 100 * MINUTES, tick=False)
    assert client.get(door_url(opening)).status_code == 200


@pytest.mark.parametrize(("status", "found"), [("confirmed", 200), ("came", 200), ("cancelled", 404), ("no_show", 404)])
def test_only_a_shift_the_volunteer_holds_opens_the_door(client, grocery, opening, status, found):
    user = team_member(grocery)
    on_shift(user, opening, status=status)
    client.force_login(user)
    assert client.get(door_url(opening)).status_code == found


def test_the_door_team_alone_opens_no_door(client, grocery, opening):
    client.force_login(team_member(grocery))
    assert client.get(door_url(opening)).status_code == 404
    assert door_url(opening) not in client.get(door_url_home()).text


def test_a_shift_at_another_opening_opens_only_that_door(client, grocery, opening):
    later = OpeningFactory(programme=grocery, starts_at=OPENS + datetime.timedelta(days=14))
    user = team_member(grocery)
    on_shift(user, later)
    client.force_login(user)
    assert client.get(door_url(opening)).status_code == 404
    # Theirs, but not today: closed, with its hours.
    assert closed_page(client.get(door_url(later)))


def test_a_shift_at_another_grocery_opens_only_that_door(client, opening, home):
    elsewhere = OpeningFactory(programme=GroceryPageFactory())
    user = UserFactory(roles=["grocery_volunteers"])
    on_shift(user, elsewhere)
    client.force_login(user)
    assert client.get(door_url(opening)).status_code == 404
    # A grocery that names no door team needs only the shift.
    assert client.get(door_url(elsewhere)).status_code == 200


def test_a_shift_at_another_programme_opens_no_door(client, home):
    from tests.programmes.factories import SessionFactory

    breakfast = SessionFactory(starts_at=DURING)
    user = UserFactory(roles=["grocery_volunteers"])
    on_shift(user, breakfast)
    client.force_login(user)
    assert client.get(door_url(breakfast)).status_code == 404


def test_the_door_team_narrows_who_a_shift_lets_in(client, grocery, opening):
    user = UserFactory(roles=["grocery_volunteers"])
    on_shift(user, opening)
    client.force_login(user)
    assert client.get(door_url(opening)).status_code == 404
    assert door_url(opening) not in client.get(door_url_home()).text
    user.groups.add(grocery.door_team)
    assert client.get(door_url(opening)).status_code == 200


def test_a_coordinator_needs_no_shift(client, opening, badge):
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), opening.programme))
    assert "Fatima" in check(client, opening, badge.code).text


def test_a_cancelled_opening_is_closed_to_its_coordinator_too(client, opening):
    opening.status = "cancelled"
    opening.cancel_reason = "Storm"
    opening.save()
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), opening.programme))
    assert closed_page(client.get(door_url(opening)))


def test_the_script_gets_a_closed_or_unknown_door_as_a_page(door_client, grocery, opening, badge, time_machine):
    # The script cannot read these; the form then posts as usual and shows the page.
    later = OpeningFactory(programme=grocery, starts_at=OPENS + datetime.timedelta(days=14))
    assert json_post(door_client, door_url(later), {"code": badge.code}).status_code == 404
    time_machine.move_to(CLOSES + 31 * MINUTES, tick=False)
    closed = json_post(door_client, door_url(opening), {"code": badge.code})
    assert closed.status_code == 403
    assert closed["Content-Type"].startswith("text/html")
    visit = json_post(door_client, door_url(opening, "door_visit"), visit_data(badge))
    assert visit.status_code == 403
    assert not CheckAttempt.objects.exists()
    assert not Visit.objects.exists()


def test_door_groceries_are_those_coordinated_and_those_of_a_shift(grocery, opening):
    quiet = GroceryPageFactory()
    coordinator = may_edit(UserFactory(roles=["coordinators"]), quiet)
    assert list(door_groceries(coordinator)) == [quiet]
    user = team_member(grocery)
    assert not door_groceries(user).exists()
    on_shift(user, opening)
    assert list(door_groceries(user)) == [grocery]


def test_the_desk_home_lists_only_the_openings_of_a_volunteers_shifts(client, grocery, opening):
    evening = OpeningFactory(programme=grocery, starts_at=OPENS.replace(hour=18))
    other = OpeningFactory(programme=GroceryPageFactory())
    user = team_member(grocery)
    on_shift(user, evening)
    client.force_login(user)
    text = client.get(door_url_home()).text
    assert door_url(evening) in text
    assert door_url(opening) not in text
    assert door_url(other) not in text


def test_the_desk_home_lists_every_opening_of_the_day_for_a_coordinator(client, grocery, opening):
    evening = OpeningFactory(programme=grocery, starts_at=OPENS.replace(hour=18))
    later = OpeningFactory(programme=grocery, starts_at=OPENS + datetime.timedelta(days=14))
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), grocery))
    text = client.get(door_url_home()).text
    assert door_url(opening) in text
    assert door_url(evening) in text
    assert door_url(later) not in text


def test_the_desk_home_costs_the_same_queries_for_one_shift_or_many(client, grocery, opening):
    user = team_member(grocery)
    on_shift(user, opening)
    client.force_login(user)
    client.get(door_url_home())

    def count():
        with CaptureQueriesContext(connection) as captured:
            client.get(door_url_home())
        return len(captured)

    one = count()
    evenings = [OpeningFactory(programme=grocery, starts_at=OPENS.replace(hour=hour)) for hour in (17, 18, 19)]
    for evening in evenings:
        on_shift(user, evening)
    assert count() == one
    text = client.get(door_url_home()).text
    assert all(door_url(evening) in text for evening in evenings)


# Verdicts on screen


def test_a_valid_badge_shows_only_what_the_door_needs(door_client, opening, badge):
    response = check(door_client, opening, codes.printed(badge.code).lower().replace("-", " "))
    assert response.status_code == 200
    text = response.text
    assert "Fatima" in text
    for secret in ("El Amrani", "Schulden", "CAW", "2800", badge.household.phone, badge.household.email):
        assert secret not in text
    assert "Middelgroot pakket" in text
    assert f'action="{door_url(opening, "door_visit")}"' in text
    assert 'class="verdict verdict--ok"' in text


@pytest.mark.parametrize(
    ("fields", "title"),
    [
        ({"valid_until": datetime.date(2026, 12, 10)}, "Valid, but expires soon"),
        ({"valid_until": datetime.date(2026, 12, 1)}, "Expired"),
        ({"valid_from": datetime.date(2026, 12, 10)}, "Not valid yet"),
        ({"status": "suspended", "status_reason": "Misbruik"}, "Suspended"),
        ({"status": "replaced", "status_reason": "Verloren"}, "Replaced by a new card"),
    ],
)
def test_each_verdict_has_words_not_only_a_colour(door_client, opening, grocery, fields, title):
    badge = BadgeFactory(grocery=grocery, **fields)
    response = door_client.post(english(opening), {"code": badge.code})
    assert title in response.text
    assert "Misbruik" not in response.text
    admitted = title.startswith("Valid")
    assert (f'action="{english(opening, "door_visit")}"' in response.text) == admitted


def test_unknown_and_typo_are_told_apart_on_screen(door_client, opening, badge):
    unknown = door_client.post(english(opening), {"code": codes.new_code()})
    assert "Unknown badge number" in unknown.text
    typo = badge.code[:-1] + ("A" if badge.code[-1] != "A" else "B")
    response = door_client.post(english(opening), {"code": typo})
    assert "Check the number" in response.text
    assert CheckAttempt.objects.filter(verdict="typo").count() == 1
    assert CheckAttempt.objects.filter(verdict="unknown").count() == 1


@pytest.mark.parametrize("code", ["", "   ", "X" * 41])
def test_an_empty_or_overlong_code_is_a_message(door_client, opening, code):
    response = check(door_client, opening, code)
    assert response.status_code == 400
    assert 'class="field field--error"' in response.text
    assert not CheckAttempt.objects.exists()


def test_script_in_the_code_is_escaped(door_client, opening):
    response = check(door_client, opening, "<script>alert(1)</script>")
    assert "<script>alert(1)" not in response.text


# Recording the visit


def test_one_tap_records_the_visit_and_the_door_is_ready_again(door_client, opening, badge):
    response = door_client.post(door_url(opening, "door_visit"), visit_data(badge, persons=3))
    assert response.status_code == 302
    assert response.url == door_url(opening)
    visit = Visit.objects.get()
    assert (visit.badge, visit.opening, visit.persons) == (badge, opening, 3)
    page = door_client.get(response.url)
    assert "Fatima, 3" in page.text
    assert "autofocus" in page.text


def test_a_double_submit_records_one_visit(door_client, opening, badge):
    data = visit_data(badge)
    door_client.post(door_url(opening, "door_visit"), data)
    door_client.post(door_url(opening, "door_visit"), data)
    assert Visit.objects.count() == 1


def test_a_second_visit_at_the_same_opening_is_refused_with_a_message(door_client, opening, badge):
    door_client.post(door_url(opening, "door_visit"), visit_data(badge))
    response = door_client.post(door_url(opening, "door_visit"), visit_data(badge), follow=True)
    assert Visit.objects.count() == 1
    assert 'class="message message--error"' in response.text
    again = door_client.post(english(opening), {"code": badge.code})
    assert "Already visited this opening" in again.text


@pytest.mark.parametrize(
    "data",
    [
        {"persons": "abc"},
        {"persons": "0"},
        {"persons": "31"},
        {"persons": ""},
        {"nonce": "not-a-uuid"},
        {"badge": "x"},
    ],
)
def test_bad_visit_input_changes_nothing(door_client, opening, badge, data):
    response = door_client.post(door_url(opening, "door_visit"), {**visit_data(badge), **data}, follow=True)
    assert response.status_code == 200
    assert 'class="message message--error"' in response.text
    assert not Visit.objects.exists()


def test_a_badge_of_another_grocery_cannot_be_recorded_here(door_client, opening, home):
    elsewhere = BadgeFactory(grocery=GroceryPageFactory())
    response = door_client.post(door_url(opening, "door_visit"), visit_data(elsewhere))
    assert response.status_code == 404
    assert not Visit.objects.exists()


def test_a_dead_badge_cannot_be_recorded_by_a_forged_post(door_client, opening, grocery):
    suspended = BadgeFactory(grocery=grocery, status="suspended", status_reason="Misbruik")
    door_client.post(door_url(opening, "door_visit"), visit_data(suspended))
    assert not Visit.objects.exists()


# Guessing


def test_the_eleventh_unknown_code_is_refused_with_429(door_client, opening, badge, grocery, client):
    for _ in range(door.GUESSES_ALLOWED):
        assert check(door_client, opening, codes.new_code()).status_code == 200
    response = check(door_client, opening, badge.code)
    assert response.status_code == 429
    assert "Fatima" not in response.text
    # The coordinator sees who was paused.
    coordinator = may_edit(UserFactory(roles=["coordinators"]), grocery)
    client.force_login(coordinator)
    assert "Paused for too many unknown numbers" in client.get(english(opening)).text


# Forgot the card


def test_search_by_name_shows_first_name_initial_and_postcode(door_client, opening, badge, grocery):
    BadgeFactory(grocery=grocery, household__contact_name="Fatma Yildiz", status="replaced", status_reason="x")
    response = door_client.get(door_url(opening, "door_search"), {"name": "fati"})
    assert response.status_code == 200
    assert "Fatima E. · 2800" in response.text
    assert "El Amrani" not in response.text
    assert "Yildiz" not in response.text
    choose = door_url(opening, "door_choose", badge.pk)
    assert choose in response.text
    verdict = door_client.post(choose)
    assert "verdict--ok" in verdict.text
    assert CheckAttempt.objects.get().badge == badge


def test_search_by_a_member_name(door_client, opening, badge):
    badge.household.members.create(first_name="Yasmine", last_name="El Amrani", role="adult")
    assert "Fatima E." in door_client.get(door_url(opening, "door_search"), {"name": "yasm"}).text


@pytest.mark.parametrize("name", ["a", "x" * 61])
def test_a_too_short_or_long_name_is_a_message(door_client, opening, name):
    response = door_client.get(door_url(opening, "door_search"), {"name": name})
    assert response.status_code == 400


def test_choosing_needs_a_post_and_a_badge_of_this_grocery(door_client, opening, badge, home):
    assert door_client.get(door_url(opening, "door_choose", badge.pk)).status_code == 405
    elsewhere = BadgeFactory(grocery=GroceryPageFactory())
    assert door_client.post(door_url(opening, "door_choose", elsewhere.pk)).status_code == 404


# Queries


def test_a_check_costs_the_same_queries_for_few_or_many_badges(
    door_client, opening, badge, grocery, django_assert_max_num_queries
):
    door_client.get(door_url(opening))

    def count():
        with django_assert_max_num_queries(17) as captured:
            check(door_client, opening, badge.code)
        return len(captured)

    few = count()
    BadgeFactory.create_batch(60, grocery=grocery)
    assert count() == few


def test_the_door_page_is_in_dutch_first(door_client, opening):
    text = door_client.get(door_url(opening)).text
    assert re.search(r'<html[^>]*lang="nl', text)


# The door's script: the same forms, answered with JSON


def json_post(client, url, data):
    return client.post(url, data, headers={"accept": "application/json"})


def test_a_check_answers_json_for_the_script(door_client, opening, badge):
    response = json_post(door_client, door_url(opening), {"code": badge.code})
    data = response.json()
    assert response.status_code == 200
    assert (data["verdict"], data["admitted"], data["first_name"], data["badge"], data["persons"]) == (
        "valid",
        True,
        "Fatima",
        badge.pk,
        4,
    )
    assert ["Pakket", "Middelgroot pakket"] in data["facts"]
    assert "El Amrani" not in response.text
    assert "Schulden" not in response.text


def test_a_visit_answers_json_and_a_retry_records_it_once(door_client, opening, badge):
    data = visit_data(badge)
    first = json_post(door_client, door_url(opening, "door_visit"), data)
    again = json_post(door_client, door_url(opening, "door_visit"), data)
    assert first.json()["ok"]
    assert again.json()["ok"]
    assert Visit.objects.count() == 1
    # The script puts the new count at the top of the page.
    with translation.override("nl-be"):
        assert first.json()["served"] == ngettext(
            "%(households)s household served (%(persons)s persons)",
            "%(households)s households served (%(persons)s persons)",
            1,
        ) % {"households": 1, "persons": data["persons"]}
    refused = json_post(door_client, door_url(opening, "door_visit"), visit_data(badge))
    assert (refused.status_code, refused.json()["ok"]) == (409, False)


def test_bad_input_answers_json_errors(door_client, opening, badge):
    assert json_post(door_client, door_url(opening), {"code": ""}).status_code == 400
    bad = json_post(door_client, door_url(opening, "door_visit"), {**visit_data(badge), "persons": "x"})
    assert (bad.status_code, bad.json()["ok"]) == (400, False)
    assert not Visit.objects.exists()


def test_paused_answers_json_429(door_client, opening, badge):
    for _ in range(door.GUESSES_ALLOWED):
        check(door_client, opening, codes.new_code())
    response = json_post(door_client, door_url(opening), {"code": badge.code})
    assert response.status_code == 429
    assert "Fatima" not in response.text


def test_behind_our_proxy_each_check_counts_for_the_client_not_the_proxy(door_client, opening, badge, settings):
    settings.KANSEN_TRUSTED_PROXIES = 1
    door_client.post(door_url(opening), {"code": "nonsense"}, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")
    assert CheckAttempt.objects.get().ip == "203.0.113.9"
