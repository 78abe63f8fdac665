"""The coordinator's desk: a session's registrations, registering a household
on its behalf, the waiting list, and the members of a group.

Time stands still at NOW, ten days before the session. The coordinator's team
may edit Babbelonie's page and nothing else; Huiswerkklas is someone else's.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import ModelLogEntry

from programmes.models import Consent, Household, Membership, Person, Registration, Session
from tests.programmes.factories import (
    ChildFactory,
    HouseholdFactory,
    MembershipFactory,
    ProgrammePageFactory,
    RegistrationFactory,
    SessionFactory,
)
from tests.website.factories import UserFactory, may_edit

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 11, 22, 10, 0, tzinfo=BRUSSELS)
SESSION_START = datetime.datetime(2026, 12, 2, 9, 0, tzinfo=BRUSSELS)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture(autouse=True)
def now(time_machine):
    time_machine.move_to(NOW, tick=False)
    return NOW


@pytest.fixture
def babbelonie(home):
    return ProgrammePageFactory(
        title="Babbelonie", registration_mode="per_session", for_parents=True, for_children=True
    )


@pytest.fixture
def huiswerkklas(home):
    return ProgrammePageFactory(title="Huiswerkklas", registration_mode="per_session")


@pytest.fixture
def oudergroep(home):
    return ProgrammePageFactory(title="Oudergroep Bulgaars", kind="group", registration_mode="membership")


@pytest.fixture
def coordinator(babbelonie, oudergroep):
    return may_edit(UserFactory(username="els", roles=["coordinators"]), babbelonie, oudergroep)


@pytest.fixture
def desk(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def session(babbelonie):
    return SessionFactory(programme=babbelonie, starts_at=SESSION_START, capacity=4)


@pytest.fixture
def other_session(huiswerkklas):
    return SessionFactory(programme=huiswerkklas, starts_at=SESSION_START, capacity=4)


def family(size=1, **fields):
    """The contact person and `size - 1` children."""
    household = HouseholdFactory(**fields)
    for _ in range(size - 1):
        ChildFactory(household=household)
    return household


def waiting(session, household, minutes):
    """On the waiting list since `minutes` after NOW."""
    return RegistrationFactory(
        session=session,
        household=household,
        status="waiting",
        waiting_since=NOW + datetime.timedelta(minutes=minutes),
    )


def url(name, *args):
    return reverse(f"desk:{name}", args=args)


def page_text(response):
    return response.content.decode()


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def status_of(registration):
    registration.refresh_from_db()
    return registration.status


# Who may come in


def desk_urls(session, registration, household, membership):
    programme = membership.programme
    return [
        url("session_registrations", session.pk),
        url("cancel_registration", session.pk, registration.pk),
        url("promote_registration", session.pk, registration.pk),
        url("find_household", session.pk),
        url("new_household", session.pk),
        url("choose_members", session.pk, household.pk),
        url("group_members", programme.pk),
        url("accept_membership", programme.pk, membership.pk),
        url("decline_membership", programme.pk, membership.pk),
        url("end_membership", programme.pk, membership.pk),
    ]


def get_status(client, address):
    """A GET answers 404 for what the user may not see; the POST-only
    addresses answer any GET with 405 (Method Not Allowed) first."""
    status = client.get(address).status_code
    if address.endswith(("/move-up/", "/accept/")) and status == 405:
        return 404
    return status


@pytest.fixture
def every_url(session, oudergroep):
    registration = RegistrationFactory(session=session)
    membership = MembershipFactory(programme=oudergroep, status="applied")
    return desk_urls(session, registration, registration.household, membership)


def test_anonymous_visitor_is_sent_to_the_desk_login(client, every_url):
    for address in every_url:
        for method in (client.get, client.post):
            response = method(address)
            assert response.status_code == 302, address
            assert response["Location"].startswith("/desk/login/?next="), address


@pytest.mark.parametrize("role", ["social_workers", "editors"])
def test_a_user_without_the_desk_permission_is_refused(client, every_url, role):
    client.force_login(UserFactory(roles=[role]))
    for address in every_url:
        assert client.get(address).status_code == 403, address
        assert client.post(address).status_code == 403, address
    assert Registration.objects.get().status == "confirmed"
    assert Membership.objects.get().status == "applied"


def test_a_desk_user_who_coordinates_nothing_finds_nothing(client, every_url):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    for address in every_url:
        assert get_status(client, address) == 404, address
        assert client.post(address).status_code == 404, address
    assert Registration.objects.get().status == "confirmed"


def test_the_coordinator_of_another_programme_gets_a_404(client, huiswerkklas, every_url):
    client.force_login(may_edit(UserFactory(roles=["coordinators"]), huiswerkklas))
    for address in every_url:
        assert get_status(client, address) == 404, address
        assert client.post(address, {"reason": "Weg"}).status_code == 404, address
    assert Registration.objects.get().status == "confirmed"
    assert Membership.objects.get().status == "applied"


def test_a_registration_of_another_session_is_a_404(desk, session, other_session):
    theirs = RegistrationFactory(session=other_session, status="waiting")
    for name in ("cancel_registration", "promote_registration"):
        assert get_status(desk, url(name, session.pk, theirs.pk)) == 404
        assert desk.post(url(name, session.pk, theirs.pk)).status_code == 404
    assert status_of(theirs) == "waiting"


def test_a_membership_of_another_group_is_a_404(desk, oudergroep, huiswerkklas):
    theirs = MembershipFactory(programme=huiswerkklas, status="applied")
    for name in ("accept_membership", "decline_membership", "end_membership"):
        assert desk.post(url(name, oudergroep.pk, theirs.pk), {"reason": "Nee"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "applied"


@pytest.mark.parametrize(
    "address",
    [
        "/desk/sessions/999999/registrations/",
        "/desk/sessions/{session}/registrations/999999/cancel/",
        "/desk/sessions/{session}/register/999999/",
        "/desk/programmes/999999/members/",
        "/desk/programmes/{group}/members/999999/end/",
    ],
)
def test_unknown_ids_are_a_404(desk, session, oudergroep, address):
    assert desk.get(address.format(session=session.pk, group=oudergroep.pk)).status_code == 404


def test_ids_that_are_not_numbers_are_a_404(desk):
    assert desk.get("/desk/sessions/abc/registrations/").status_code == 404
    assert desk.get("/desk/sessions/1e3/registrations/").status_code == 404


def test_changes_need_a_post(desk, session):
    registration = waiting(session, family(), 0)
    assert desk.get(url("promote_registration", session.pk, registration.pk)).status_code == 405
    response = desk.get(url("cancel_registration", session.pk, registration.pk))
    assert response.status_code == 200
    assert status_of(registration) == "waiting"


def test_a_post_without_the_csrf_token_is_refused(coordinator, session):
    registration = RegistrationFactory(session=session)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(coordinator)
    response = strict.post(url("cancel_registration", session.pk, registration.pk))
    assert response.status_code == 403
    assert status_of(registration) == "confirmed"


# The session's registrations


def test_the_page_lists_who_comes_and_the_waiting_list_in_order_with_the_counts(desk, session):
    session.reserved_places = 1
    session.save()
    first = RegistrationFactory(session=session, household=family(contact_name="Ayşe Yılmaz"))
    family_of_two = family(2, contact_name="Daria Novak")
    RegistrationFactory(session=session, household=family_of_two, places=2, members=family_of_two.members.all())
    later = waiting(session, family(contact_name="Youssef Amrani"), 30)
    earlier = waiting(session, family(contact_name="Elif Demir"), 10)
    RegistrationFactory(session=session, household=family(contact_name="Lucas Peeters"), status="cancelled")

    response = desk.get(url("session_registrations", session.pk))

    assert response.status_code == 200
    assert [r.household.contact_name for r in response.context["confirmed"]] == ["Ayşe Yılmaz", "Daria Novak"]
    assert [r.household.contact_name for r in response.context["waiting"]] == ["Elif Demir", "Youssef Amrani"]
    counts = response.context["counts"]
    assert (counts["taken"], counts["capacity"], counts["reserved"], counts["waiting"]) == (3, 4, 1, 2)
    assert counts["free"] == 0
    text = page_text(response)
    assert "Lucas Peeters" not in text
    assert text.index("Elif Demir") < text.index("Youssef Amrani")
    assert f'href="{url("cancel_registration", session.pk, first.pk)}"' in text
    assert f'action="{url("promote_registration", session.pk, earlier.pk)}"' in text
    assert f'action="{url("promote_registration", session.pk, later.pk)}"' in text
    assert f'action="{url("promote_registration", session.pk, first.pk)}"' not in text


def test_the_phone_number_is_a_link_to_call(desk, session):
    RegistrationFactory(session=session, household=family(phone="0470 12 34 56"))
    text = page_text(desk.get(url("session_registrations", session.pk)))
    assert '<a href="tel:0470123456">0470 12 34 56</a>' in text


def test_the_page_shows_the_source_and_who_comes(desk, session):
    household = family(2, contact_name="Noor Janssens")
    RegistrationFactory(session=session, household=household, source="desk", members=household.members.all())
    text = page_text(desk.get(url("session_registrations", session.pk)))
    assert "Aan de balie" in text or "At the desk" in text
    for person in household.members.all():
        assert person.first_name in text


def test_names_are_escaped_on_the_desk(desk, session):
    household = family(contact_name=SCRIPT)
    RegistrationFactory(session=session, household=household)
    waiting(session, family(contact_name=f"{SCRIPT} 2"), 0)
    for address in (url("session_registrations", session.pk), url("find_household", session.pk) + "?q=script"):
        text = page_text(desk.get(address))
        assert SCRIPT not in text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


def test_the_desk_home_links_each_session_to_its_registrations_or_its_group(desk, babbelonie, oudergroep, session):
    today = SessionFactory(programme=babbelonie, starts_at=NOW + datetime.timedelta(hours=3))
    meeting = SessionFactory(programme=oudergroep, starts_at=NOW + datetime.timedelta(days=3))
    RegistrationFactory(session=session)
    text = page_text(desk.get("/desk/"))
    assert url("session_registrations", today.pk) in text
    assert url("session_registrations", session.pk) in text
    assert url("group_members", meeting.programme_id) in text
    assert "1 van 4 plaatsen" in text or "1 of 4 places" in text


def test_the_desk_home_does_not_link_sessions_of_other_programmes(desk, other_session):
    assert url("session_registrations", other_session.pk) not in page_text(desk.get("/desk/"))


def add_registrations(session, count):
    for number in range(count):
        household = family(2)
        if number % 3:
            RegistrationFactory(session=session, household=household, members=household.members.all())
        else:
            waiting(session, household, number)


@pytest.mark.parametrize("count", [5, 40])
def test_the_registrations_page_takes_the_same_few_queries_for_5_and_for_40(
    desk, session, count, django_assert_max_num_queries
):
    Session.objects.filter(pk=session.pk).update(capacity=200)
    add_registrations(session, count)
    desk.get(url("session_registrations", session.pk))  # warm the user's permission caches
    with django_assert_max_num_queries(12):
        response = desk.get(url("session_registrations", session.pk))
    assert len(response.context["confirmed"]) + len(response.context["waiting"]) == count


def test_the_registrations_page_query_count_does_not_grow_with_the_registrations(desk, session):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    Session.objects.filter(pk=session.pk).update(capacity=200)
    desk.get(url("session_registrations", session.pk))  # warm the caches that live per process
    counts = []
    for count in (5, 35):
        add_registrations(session, count)
        with CaptureQueriesContext(connection) as queries:
            desk.get(url("session_registrations", session.pk))
        counts.append(len(queries))
    assert counts[0] == counts[1]


# Cancelling and moving up


def test_cancelling_asks_first_then_gives_the_place_to_the_first_waiting_household(desk, coordinator, session):
    Session.objects.filter(pk=session.pk).update(capacity=1)
    registration = RegistrationFactory(session=session, household=family(contact_name="Ayşe Yılmaz"))
    second = waiting(session, family(contact_name="Elif Demir"), 20)
    first = waiting(session, family(contact_name="Daria Novak"), 10)

    question = desk.get(url("cancel_registration", session.pk, registration.pk))
    assert "Ayşe Yılmaz" in page_text(question)
    assert status_of(registration) == "confirmed"

    response = desk.post(url("cancel_registration", session.pk, registration.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("session_registrations", session.pk)
    assert (status_of(registration), status_of(first), status_of(second)) == ("cancelled", "confirmed", "waiting")
    assert any("Daria Novak" in message for message in messages_of(response))
    entry = ModelLogEntry.objects.get(action="programmes.registration.cancelled")
    assert (entry.object_id, entry.user) == (str(registration.pk), coordinator)


def test_cancelling_twice_is_harmless(desk, session):
    registration = RegistrationFactory(session=session)
    desk.post(url("cancel_registration", session.pk, registration.pk))
    response = desk.post(url("cancel_registration", session.pk, registration.pk), follow=True)
    assert response.status_code == 200
    assert status_of(registration) == "cancelled"
    assert ModelLogEntry.objects.filter(action="programmes.registration.cancelled").count() == 1


def test_a_registration_for_a_session_that_is_over_cannot_be_cancelled(desk, session, time_machine):
    registration = RegistrationFactory(session=session)
    time_machine.move_to(session.ends_at + datetime.timedelta(minutes=1), tick=False)
    response = desk.post(url("cancel_registration", session.pk, registration.pk), follow=True)
    assert response.status_code == 200
    assert status_of(registration) == "confirmed"
    assert messages_of(response)


def test_moving_up_gives_that_household_a_free_place(desk, coordinator, session):
    RegistrationFactory(session=session)
    first = waiting(session, family(), 0)
    chosen = waiting(session, family(contact_name="Elif Demir", email=""), 5)
    response = desk.post(url("promote_registration", session.pk, chosen.pk), follow=True)
    assert (status_of(chosen), status_of(first)) == ("confirmed", "waiting")
    assert any("Elif Demir" in message and "0470" in message for message in messages_of(response))
    entry = ModelLogEntry.objects.get(action="programmes.registration.promoted")
    assert entry.user == coordinator


def test_moving_up_when_there_is_no_place_says_so_and_changes_nothing(desk, session):
    household = family(4)
    RegistrationFactory(session=session, household=household, places=4, members=household.members.all())
    registration = waiting(session, family(), 0)
    response = desk.post(url("promote_registration", session.pk, registration.pk), follow=True)
    assert status_of(registration) == "waiting"
    assert any("plaats" in message or "place" in message for message in messages_of(response))
    assert not ModelLogEntry.objects.filter(action="programmes.registration.promoted").exists()


def test_moving_up_twice_is_harmless(desk, session):
    registration = waiting(session, family(), 0)
    desk.post(url("promote_registration", session.pk, registration.pk))
    response = desk.post(url("promote_registration", session.pk, registration.pk), follow=True)
    assert response.status_code == 200
    assert status_of(registration) == "confirmed"
    assert ModelLogEntry.objects.filter(action="programmes.registration.promoted").count() == 1


def test_moving_up_a_cancelled_registration_changes_nothing(desk, session):
    registration = RegistrationFactory(session=session, status="cancelled")
    response = desk.post(url("promote_registration", session.pk, registration.pk), follow=True)
    assert response.status_code == 200
    assert status_of(registration) == "cancelled"
    assert messages_of(response)


# Finding a household


def test_search_finds_households_by_name_phone_and_postcode(desk, session):
    ayse = family(contact_name="Ayşe Yılmaz", phone="0470 12 34 56", postcode="2800")
    other = family(contact_name="Daria Novak", phone="0499 99 88 77", postcode="2801")
    for text, expected in [("yılmaz", [ayse]), ("0470123456", [ayse]), ("12 34 56", [ayse]), ("2801", [other])]:
        response = desk.get(url("find_household", session.pk), {"q": text})
        assert response.status_code == 200
        assert response.context["results"] == expected, text


def test_search_shows_only_hints_of_the_phone_and_email(desk, session):
    family(contact_name="Ayşe Yılmaz", phone="0470 12 34 56", email="ayse@example.be")
    text = page_text(desk.get(url("find_household", session.pk), {"q": "Ayşe"}))
    assert "0470 12 34 56" not in text
    assert "ayse@example.be" not in text
    assert "•••• 34 56" in text
    assert "a•••@example.be" in text


def test_search_shows_the_members_with_the_age_of_the_children(desk, session):
    household = family(contact_name="Ayşe Yılmaz")
    ChildFactory(household=household, first_name="Mila", birth_date=datetime.date(2019, 5, 14))
    text = page_text(desk.get(url("find_household", session.pk), {"q": "Ayşe"}))
    assert "Mila" in text
    assert "7 jaar" in text or "7 years" in text


def test_search_shows_at_most_20_households_and_says_there_are_more(desk, session):
    for number in range(25):
        family(contact_name=f"Familie Peeters {number}")
    response = desk.get(url("find_household", session.pk), {"q": "Peeters"})
    assert len(response.context["results"]) == 20
    assert response.context["more"] is True


def test_a_household_already_registered_cannot_be_chosen_again(desk, session):
    household = family(contact_name="Ayşe Yılmaz")
    RegistrationFactory(session=session, household=household)
    text = page_text(desk.get(url("find_household", session.pk), {"q": "Ayşe"}))
    assert url("choose_members", session.pk, household.pk) not in text


@pytest.mark.parametrize("text", ["", " ", "a", "x" * 10_000, "😀🎉", "%", "' OR 1=1 --", SCRIPT])
def test_odd_searches_get_an_answer_not_an_error(desk, session, text):
    family(contact_name="Ayşe Yılmaz")
    response = desk.get(url("find_household", session.pk), {"q": text})
    assert response.status_code == 200
    assert SCRIPT not in page_text(response)
    assert not response.context["results"]


def test_the_search_page_without_a_search_shows_only_the_form(desk, session):
    response = desk.get(url("find_household", session.pk))
    assert response.status_code == 200
    assert response.context["results"] is None
    assert not response.context["form"].errors


# Registering a household


def test_registering_a_household_at_the_desk(desk, coordinator, session):
    household = family(2, contact_name="Ayşe Yılmaz")
    form = desk.get(url("choose_members", session.pk, household.pk)).context["form"]
    members = [person.pk for person in household.members.all()]
    response = desk.post(
        url("choose_members", session.pk, household.pk),
        {"members": members, "idempotency_key": form["idempotency_key"].initial},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == url("session_registrations", session.pk)
    registration = Registration.objects.get(session=session, household=household)
    assert (registration.status, registration.source, registration.places) == ("confirmed", "desk", 2)
    assert any("Ayşe Yılmaz" in message for message in messages_of(response))
    entry = ModelLogEntry.objects.get(action="programmes.registration.created")
    assert entry.user == coordinator


def test_the_members_step_ticks_who_the_activity_is_for(desk, session, babbelonie):
    babbelonie.for_parents, babbelonie.min_age_months, babbelonie.max_age_months = False, 24, 60
    babbelonie.save()
    household = family(contact_name="Ayşe Yılmaz")
    toddler = ChildFactory(household=household, birth_date=datetime.date(2023, 5, 1))
    ChildFactory(household=household, birth_date=datetime.date(2012, 5, 1))
    form = desk.get(url("choose_members", session.pk, household.pk)).context["form"]
    assert form["members"].initial == [toddler.pk]


def test_a_full_session_puts_the_household_on_the_waiting_list(desk, session):
    Session.objects.filter(pk=session.pk).update(capacity=1)
    RegistrationFactory(session=session)
    household = family(contact_name="Elif Demir")
    response = desk.post(
        url("choose_members", session.pk, household.pk),
        {"members": [household.members.get().pk], "idempotency_key": "abc123"},
        follow=True,
    )
    assert Registration.objects.get(household=household).status == "waiting"
    assert any("Elif Demir" in message and "1" in message for message in messages_of(response))


def test_a_double_submit_registers_once(desk, session):
    household = family()
    data = {"members": [household.members.get().pk], "idempotency_key": "a1b2c3d4e5f6"}
    first = desk.post(url("choose_members", session.pk, household.pk), data)
    second = desk.post(url("choose_members", session.pk, household.pk), data)
    assert first.status_code == second.status_code == 302
    assert Registration.objects.filter(household=household).count() == 1


def test_registering_again_without_the_key_says_the_household_is_registered(desk, session):
    household = family()
    RegistrationFactory(session=session, household=household)
    response = desk.post(url("choose_members", session.pk, household.pk), {"members": [household.members.get().pk]})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert Registration.objects.filter(household=household).count() == 1


def test_choosing_nobody_is_a_form_error(desk, session):
    household = family()
    response = desk.post(url("choose_members", session.pk, household.pk), {"idempotency_key": "k1"})
    assert response.status_code == 200
    assert "members" in response.context["form"].errors
    assert not Registration.objects.exists()


# A 40-digit id overflowed SQLite's integers in Django's own lookup.
@pytest.mark.parametrize("member", ["999999", "abc", "😀", "x" * 10_000, "9" * 40, "²"])
def test_a_member_of_another_household_or_no_one_is_a_form_error(desk, session, member):
    household = family()
    stranger = family().members.get()
    for value in (stranger.pk, member):
        response = desk.post(url("choose_members", session.pk, household.pk), {"members": [value]})
        assert response.status_code == 200
        assert "members" in response.context["form"].errors
    assert not Registration.objects.exists()


def test_a_child_outside_the_age_range_is_a_form_error(desk, session, babbelonie):
    babbelonie.min_age_months, babbelonie.max_age_months = 24, 60
    babbelonie.save()
    household = family()
    teenager = ChildFactory(household=household, first_name="Lucas", birth_date=datetime.date(2012, 5, 1))
    response = desk.post(url("choose_members", session.pk, household.pk), {"members": [teenager.pk]})
    assert response.status_code == 200
    assert "Lucas" in str(response.context["form"].errors["members"])
    assert not Registration.objects.exists()


def test_a_session_that_has_started_takes_no_registration_at_the_desk(desk, session, time_machine):
    household = family()
    time_machine.move_to(SESSION_START + datetime.timedelta(minutes=5), tick=False)
    for address in (url("find_household", session.pk), url("choose_members", session.pk, household.pk)):
        response = desk.get(address)
        assert response.status_code == 302
    response = desk.post(
        url("choose_members", session.pk, household.pk), {"members": [household.members.get().pk]}, follow=True
    )
    assert messages_of(response)
    assert not Registration.objects.exists()


def test_a_walk_in_session_takes_no_registration_at_the_desk(desk, session, babbelonie):
    babbelonie.registration_mode = "walk_in"
    babbelonie.save()
    household = family()
    response = desk.post(
        url("choose_members", session.pk, household.pk), {"members": [household.members.get().pk]}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("session_registrations", session.pk)
    assert not Registration.objects.exists()
    assert url("find_household", session.pk) not in page_text(response)


# A new household


def new_household(**changes):
    data = {
        "first_name": "Ayşe",
        "last_name": "Yılmaz",
        "phone": "0470 12 34 56",
        "email": "",
        "postcode": "2800",
        "language": "nl",
        "consent": "on",
        "child_1_first_name": "Mila",
        "child_1_birth_date": "2019-05-14",
        "idempotency_key": "f00dcafe",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_new_household_is_made_at_the_desk_and_then_chooses_who_comes(desk, coordinator, session):
    response = desk.post(url("new_household", session.pk), new_household(referred="on"))
    household = Household.objects.get()
    assert response["Location"] == url("choose_members", session.pk, household.pk)
    assert (household.contact_name, household.source, household.referred) == ("Ayşe Yılmaz", "desk", True)
    assert household.possible_duplicate_of is None
    people = {(p.first_name, p.role, p.is_contact) for p in household.members.all()}
    assert people == {("Ayşe", "adult", True), ("Mila", "child", False)}
    assert Consent.objects.filter(household=household).count() == 1
    assert ModelLogEntry.objects.get(action="programmes.household.created").user == coordinator


def test_a_new_household_with_a_known_phone_is_flagged_as_a_possible_duplicate(desk, session):
    known = family(contact_name="Ayşe Demir", phone="0470123456")
    response = desk.post(url("new_household", session.pk), new_household(), follow=True)
    new = Household.objects.exclude(pk=known.pk).get()
    assert new.possible_duplicate_of == known
    warning = [m for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warning) == 1
    assert "Ayşe Demir" in str(warning[0])
    assert url("choose_members", session.pk, known.pk) in page_text(response)


def test_a_double_submit_makes_one_household(desk, session):
    first = desk.post(url("new_household", session.pk), new_household())
    second = desk.post(url("new_household", session.pk), new_household())
    assert first["Location"] == second["Location"]
    assert Household.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"first_name": ""}, "first_name"),
        ({"first_name": "x" * 10_000}, "first_name"),
        ({"last_name": "y" * 79}, "last_name"),
        ({"phone": "", "email": ""}, None),
        ({"phone": "bel me"}, "phone"),
        ({"phone": "", "email": "geen-adres"}, "email"),
        ({"postcode": "28000"}, "postcode"),
        ({"language": "xx"}, "language"),
        ({"consent": None}, "consent"),
        ({"child_1_birth_date": "2027-01-01"}, "child_1_birth_date"),
        ({"child_1_birth_date": "31/02/2020"}, "child_1_birth_date"),
        ({"child_1_birth_date": "1850-01-01"}, "child_1_birth_date"),
        ({"child_1_birth_date": ""}, "child_1_birth_date"),
        ({"child_1_first_name": ""}, "child_1_first_name"),
        ({"child_2_first_name": "Noor"}, "child_2_birth_date"),
    ],
)
def test_bad_input_for_a_new_household_is_explained_and_saves_nothing(desk, session, changes, field):
    response = desk.post(url("new_household", session.pk), new_household(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors if field else errors.get("__all__")
    assert 'role="alert"' in page_text(response)
    assert not Household.objects.exists()
    assert not Person.objects.exists()


def test_a_birth_date_in_the_future_says_so(desk, session):
    response = desk.post(url("new_household", session.pk), new_household(child_1_birth_date="2026-11-23"))
    assert response.context["form"].errors["child_1_birth_date"][0] in (
        "A birth date cannot be in the future.",
        "Een geboortedatum kan niet in de toekomst liggen.",
    )


def test_names_with_emoji_are_kept_as_typed(desk, session):
    desk.post(url("new_household", session.pk), new_household(first_name="Ayşe 🌻", child_1_first_name="Mila 🐝"))
    household = Household.objects.get()
    assert household.contact_name == "Ayşe 🌻 Yılmaz"
    assert household.members.filter(first_name="Mila 🐝").exists()


def test_names_with_html_are_escaped_after_creation(desk, session):
    response = desk.post(
        url("new_household", session.pk), new_household(first_name=SCRIPT, last_name="", child_1_first_name=SCRIPT)
    )
    household = Household.objects.get()
    assert household.contact_name == SCRIPT
    text = page_text(desk.get(response["Location"]))
    assert SCRIPT not in text
    assert "&lt;script&gt;" in text
    RegistrationFactory(session=session, household=household)
    assert SCRIPT not in page_text(desk.get(url("session_registrations", session.pk)))


def test_the_new_household_form_works_under_french(desk, session):
    response = desk.get("/fr" + url("new_household", session.pk))
    assert response.status_code == 200
    assert '<html lang="fr">' in page_text(response)


# Groups


@pytest.fixture
def applied(oudergroep):
    return MembershipFactory(programme=oudergroep, status="applied", household=family(contact_name="Daria Novak"))


@pytest.fixture
def member(oudergroep):
    return MembershipFactory(programme=oudergroep, status="active", household=family(contact_name="Elif Demir"))


def test_the_group_page_lists_applications_and_members(desk, oudergroep, applied, member):
    MembershipFactory(programme=oudergroep, status="ended", household=family(contact_name="Lucas Peeters"))
    response = desk.get(url("group_members", oudergroep.pk))
    assert response.status_code == 200
    assert response.context["applications"] == [applied]
    assert response.context["members"] == [member]
    text = page_text(response)
    assert "Lucas Peeters" not in text
    assert url("accept_membership", oudergroep.pk, applied.pk) in text
    assert url("end_membership", oudergroep.pk, member.pk) in text


def test_accepting_an_application_makes_a_member_and_twice_is_harmless(desk, coordinator, oudergroep, applied):
    desk.post(url("accept_membership", oudergroep.pk, applied.pk))
    response = desk.post(url("accept_membership", oudergroep.pk, applied.pk), follow=True)
    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.status == "active"
    assert ModelLogEntry.objects.filter(action="programmes.membership.accepted", user=coordinator).count() == 1


def test_declining_asks_a_reason_first(desk, oudergroep, applied):
    form = desk.get(url("decline_membership", oudergroep.pk, applied.pk))
    assert form.status_code == 200
    empty = desk.post(url("decline_membership", oudergroep.pk, applied.pk), {"reason": "  "})
    assert "reason" in empty.context["form"].errors
    too_long = desk.post(url("decline_membership", oudergroep.pk, applied.pk), {"reason": "x" * 10_000})
    assert "reason" in too_long.context["form"].errors
    applied.refresh_from_db()
    assert applied.status == "applied"
    response = desk.post(url("decline_membership", oudergroep.pk, applied.pk), {"reason": "De groep is vol."})
    assert response["Location"] == url("group_members", oudergroep.pk)
    applied.refresh_from_db()
    assert (applied.status, applied.reason) == ("declined", "De groep is vol.")


def test_declining_twice_is_harmless(desk, oudergroep, applied):
    desk.post(url("decline_membership", oudergroep.pk, applied.pk), {"reason": "Vol"})
    response = desk.post(url("decline_membership", oudergroep.pk, applied.pk), {"reason": "Nog eens"}, follow=True)
    assert response.status_code == 200
    applied.refresh_from_db()
    assert applied.reason == "Vol"


def test_ending_a_membership_with_a_reason(desk, coordinator, oudergroep, member):
    response = desk.post(url("end_membership", oudergroep.pk, member.pk), {"reason": "Verhuisd"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.status, member.reason) == ("ended", "Verhuisd")
    assert ModelLogEntry.objects.get(action="programmes.membership.ended").user == coordinator
    again = desk.post(url("end_membership", oudergroep.pk, member.pk), {"reason": "Opnieuw"}, follow=True)
    assert again.status_code == 200
    member.refresh_from_db()
    assert member.reason == "Verhuisd"


def test_group_names_are_escaped(desk, oudergroep):
    MembershipFactory(programme=oudergroep, status="applied", household=family(contact_name=SCRIPT))
    text = page_text(desk.get(url("group_members", oudergroep.pk)))
    assert SCRIPT not in text
    assert "&lt;script&gt;" in text


def test_the_hidden_links_say_whose_row_they_act_on(desk, session):
    RegistrationFactory(session=session, household=family(contact_name="Ayşe Yılmaz"))
    text = page_text(desk.get(url("session_registrations", session.pk)))
    assert re.search(r'class="visually-hidden"> \(Ayşe Yılmaz\)', text)
