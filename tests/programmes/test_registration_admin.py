"""Registrations, memberships and households in the Wagtail admin: lists,
filters, exports and inspect pages, scoped to what each user may see, and no
way to add or edit a registration past the rules of the desk."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from programmes.models import Household, Membership, Registration
from programmes.viewsets import RegistrationViewSet
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


@pytest.fixture
def babbelonie(home):
    return ProgrammePageFactory(title="Babbelonie", registration_mode="per_session")


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
def admin(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def session_a(babbelonie):
    return SessionFactory(programme=babbelonie, starts_at=SESSION_START, capacity=4)


@pytest.fixture
def session_b(huiswerkklas):
    return SessionFactory(programme=huiswerkklas, starts_at=SESSION_START, capacity=4)


@pytest.fixture
def mine(session_a):
    return RegistrationFactory(session=session_a, household=HouseholdFactory(contact_name="Ayşe Yılmaz"))


@pytest.fixture
def theirs(session_b):
    return RegistrationFactory(session=session_b, household=HouseholdFactory(contact_name="Lucas Peeters"))


def listed(response):
    return list(response.context["object_list"])


def exported(response):
    return b"".join(response.streaming_content).decode()


# Registrations


def test_registration_views_are_named_after_the_model():
    assert reverse("registration:index") == "/admin/registration/"
    assert reverse("registration:inspect", args=[1]) == "/admin/registration/inspect/1/"


def test_coordinator_sees_only_the_registrations_of_their_programmes(admin, mine, theirs):
    response = admin.get(reverse("registration:index"))
    assert response.status_code == 200
    assert listed(response) == [mine]
    text = response.content.decode()
    assert "Ayşe Yılmaz" in text
    assert "Lucas Peeters" not in text
    assert reverse("registration:inspect", args=[mine.pk]) in text


def test_the_list_shows_confirmed_then_the_waiting_list_in_order_then_cancelled(admin, session_a):
    def registration(name, status, minutes=None):
        since = NOW + datetime.timedelta(minutes=minutes) if minutes is not None else None
        household = HouseholdFactory(contact_name=name)
        return RegistrationFactory(session=session_a, household=household, status=status, waiting_since=since)

    cancelled = registration("Geannuleerd", "cancelled")
    later = registration("Later", "waiting", 30)
    confirmed = registration("Bevestigd", "confirmed")
    earlier = registration("Eerder", "waiting", 10)
    assert listed(admin.get(reverse("registration:index"))) == [confirmed, earlier, later, cancelled]


def test_registrations_filter_by_status_source_and_programme(admin, session_a, mine):
    waiting = RegistrationFactory(session=session_a, status="waiting", source="desk")
    index = reverse("registration:index")
    assert listed(admin.get(index, {"status": "waiting"})) == [waiting]
    assert listed(admin.get(index, {"source": "online"})) == [mine]
    assert set(listed(admin.get(index, {"programme": session_a.programme_id}))) == {mine, waiting}


def test_the_programme_filter_offers_only_the_coordinators_programmes(admin, babbelonie, huiswerkklas, oudergroep):
    response = admin.get(reverse("registration:index"))
    offered = set(response.context["filters"].form.fields["programme"].queryset)
    assert offered == {babbelonie, oudergroep}


def test_filtering_on_another_coordinators_programme_shows_nothing(admin, theirs, session_b):
    response = admin.get(reverse("registration:index"), {"programme": session_b.programme_id})
    assert response.status_code == 200
    assert theirs not in listed(response)


def test_registrations_are_found_by_household_name(admin, mine, session_a):
    RegistrationFactory(session=session_a, household=HouseholdFactory(contact_name="Daria Novak"))
    assert listed(admin.get(reverse("registration:index"), {"q": "yılmaz"})) == [mine]


@pytest.mark.parametrize("text", ["x" * 10_000, "😀", "%", SCRIPT])
def test_odd_searches_in_the_admin_get_an_answer(admin, mine, text):
    response = admin.get(reverse("registration:index"), {"q": text})
    assert response.status_code == 200
    assert SCRIPT not in response.content.decode()


def test_csv_export_contains_only_the_coordinators_registrations(admin, mine, theirs):
    response = admin.get(reverse("registration:index"), {"export": "csv"})
    assert response.status_code == 200
    content = exported(response)
    assert "Ayşe Yılmaz" in content
    assert "Lucas Peeters" not in content
    assert len(content.strip().splitlines()) == 2


def test_xlsx_export_works(admin, mine):
    response = admin.get(reverse("registration:index"), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_name_that_looks_like_a_formula_stays_text_in_the_csv(admin, session_a):
    RegistrationFactory(session=session_a, household=HouseholdFactory(contact_name='=HYPERLINK("http://x")'))
    content = exported(admin.get(reverse("registration:index"), {"export": "csv"}))
    assert "'=HYPERLINK" in content


def test_no_one_adds_a_registration_in_the_admin(client, admin, session_a, mine):
    index = admin.get(reverse("registration:index"))
    assert reverse("registration:add") not in index.content.decode()
    response = admin.post(reverse("registration:add"), {"household": mine.household_id, "session": session_a.pk})
    assert response.status_code in (302, 403)
    assert Registration.objects.count() == 1
    superuser = UserFactory(username="admin", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    assert client.get(reverse("registration:add")).status_code in (302, 403)


def test_no_one_edits_or_deletes_a_registration_in_the_admin(client, admin, mine):
    """Editing could put a household over capacity or past the waiting list:
    the admin only inspects (the desk applies the rules)."""
    for name in ("edit", "delete"):
        response = admin.post(reverse(f"registration:{name}", args=[mine.pk]), {"places": 40, "status": "confirmed"})
        assert response.status_code in (302, 403), name
    mine.refresh_from_db()
    assert (mine.places, mine.status) == (1, "confirmed")
    client.force_login(UserFactory(username="admin", is_superuser=True, is_staff=True))
    assert client.get(reverse("registration:edit", args=[mine.pk])).status_code in (302, 403)
    assert Registration.objects.filter(pk=mine.pk).exists()


def test_coordinator_inspects_their_registration(admin, mine):
    response = admin.get(reverse("registration:inspect", args=[mine.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Ayşe Yılmaz" in text
    assert reverse("household:inspect", args=[mine.household_id]) in text
    assert reverse("desk:session_registrations", args=[mine.session_id]) in text


def test_inspecting_a_waiting_registration_shows_its_place_on_the_list(admin, session_a):
    RegistrationFactory(session=session_a, status="waiting", waiting_since=NOW)
    second = RegistrationFactory(session=session_a, status="waiting", waiting_since=NOW + datetime.timedelta(1))
    response = admin.get(reverse("registration:inspect", args=[second.pk]))
    fields = dict(zip(RegistrationViewSet.inspect_view_fields, response.context["fields"], strict=True))
    assert fields["waiting_position"]["value"] == 2


@pytest.mark.parametrize("view", ["inspect", "history"])
def test_coordinator_cannot_look_at_a_registration_of_another_programme(admin, theirs, view):
    assert admin.get(reverse(f"registration:{view}", args=[theirs.pk])).status_code == 404


def test_coordinator_sees_the_history_of_their_registration(admin, mine):
    assert admin.get(reverse("registration:history", args=[mine.pk])).status_code == 200


def test_unknown_registration_is_a_404(admin):
    assert admin.get(reverse("registration:inspect", args=[999999])).status_code == 404


def test_names_are_escaped_in_the_admin(admin, session_a, oudergroep):
    household = HouseholdFactory(contact_name=SCRIPT)
    registration = RegistrationFactory(session=session_a, household=household)
    MembershipFactory(programme=oudergroep, household=household)
    for address in (
        reverse("registration:index"),
        reverse("registration:inspect", args=[registration.pk]),
        reverse("membership:index"),
        reverse("household:index"),
        reverse("household:inspect", args=[household.pk]),
    ):
        text = admin.get(address).content.decode()
        assert SCRIPT not in text, address
        assert "&lt;script&gt;" in text, address


@pytest.mark.parametrize("role", ["grocery_volunteers", "animators"])
def test_desk_only_roles_are_sent_to_the_admin_login(client, mine, role):
    client.force_login(UserFactory(roles=[role]))
    for address in (reverse("registration:index"), reverse("registration:inspect", args=[mine.pk])):
        response = client.get(address)
        assert response.status_code == 302
        assert response.url.startswith(reverse("wagtailadmin_login"))


def test_a_social_worker_sees_no_registration_lists_of_programmes(client, mine):
    client.force_login(UserFactory(roles=["social_workers"]))
    assert listed(client.get(reverse("registration:index"))) == []


def test_the_registrations_list_takes_a_fixed_number_of_queries(admin, session_a, django_assert_max_num_queries):
    for _ in range(30):
        RegistrationFactory(session=session_a)
    admin.get(reverse("registration:index"))
    with django_assert_max_num_queries(40):
        assert admin.get(reverse("registration:index")).status_code == 200


# The programme page's buttons


def test_the_programme_page_has_a_registrations_button_next_to_sessions(admin, babbelonie):
    text = admin.get(reverse("wagtailadmin_pages:edit", args=[babbelonie.pk])).content.decode()
    assert reverse("session:index") + f"?programme={babbelonie.pk}" in text
    assert reverse("registration:index") + f"?programme={babbelonie.pk}" in text


def test_a_group_page_has_a_members_button(admin, oudergroep):
    text = admin.get(reverse("wagtailadmin_pages:edit", args=[oudergroep.pk])).content.decode()
    assert reverse("membership:index") + f"?programme={oudergroep.pk}" in text


# Memberships


def test_coordinator_sees_only_the_memberships_of_their_groups(admin, oudergroep, huiswerkklas):
    ours = MembershipFactory(programme=oudergroep, status="applied")
    MembershipFactory(programme=huiswerkklas)
    response = admin.get(reverse("membership:index"))
    assert listed(response) == [ours]
    assert admin.get(reverse("membership:inspect", args=[ours.pk])).status_code == 200


def test_a_membership_of_another_group_cannot_be_inspected(admin, huiswerkklas):
    theirs = MembershipFactory(programme=huiswerkklas)
    assert admin.get(reverse("membership:inspect", args=[theirs.pk])).status_code == 404


def test_applications_come_first_in_the_memberships_list(admin, oudergroep):
    ended = MembershipFactory(programme=oudergroep, status="ended")
    member = MembershipFactory(programme=oudergroep, status="active")
    applied = MembershipFactory(programme=oudergroep, status="applied")
    assert listed(admin.get(reverse("membership:index"))) == [applied, member, ended]


def test_memberships_are_not_changed_in_the_admin(admin, oudergroep):
    membership = MembershipFactory(programme=oudergroep, status="applied")
    response = admin.post(reverse("membership:edit", args=[membership.pk]), {"status": "active"})
    assert response.status_code in (302, 403)
    membership.refresh_from_db()
    assert membership.status == "applied"
    assert admin.get(reverse("membership:add")).status_code in (302, 403)
    assert Membership.objects.count() == 1


def test_memberships_export_to_csv(admin, oudergroep, huiswerkklas):
    MembershipFactory(programme=oudergroep, household=HouseholdFactory(contact_name="Ayşe Yılmaz"))
    MembershipFactory(programme=huiswerkklas, household=HouseholdFactory(contact_name="Lucas Peeters"))
    content = exported(admin.get(reverse("membership:index"), {"export": "csv"}))
    assert "Ayşe Yılmaz" in content
    assert "Lucas Peeters" not in content


# Households


@pytest.mark.parametrize("role", ["coordinators", "social_workers"])
def test_coordinators_and_social_workers_see_every_household(client, role, mine, theirs):
    """On purpose (see HouseholdPermissionPolicy): families are looked up
    across programmes, at the desk and by social workers."""
    client.force_login(UserFactory(roles=[role]))
    response = client.get(reverse("household:index"))
    assert response.status_code == 200
    assert set(listed(response)) == {mine.household, theirs.household}


def test_possible_duplicates_can_be_listed_on_their_own(admin):
    known = HouseholdFactory(contact_name="Ayşe Yılmaz")
    duplicate = HouseholdFactory(contact_name="Ayse Yilmaz", possible_duplicate_of=known)
    index = reverse("household:index")
    assert listed(admin.get(index, {"possible_duplicates": "true"})) == [duplicate]
    assert listed(admin.get(index, {"possible_duplicates": "false"})) == [known]
    assert set(listed(admin.get(index))) == {known, duplicate}


@pytest.mark.parametrize("text", ["Yılmaz", "0470 12 34 56", "0470123456", "ayse@example", "2845", "Mila"])
def test_households_are_found_by_name_phone_email_postcode_or_member(admin, text):
    ayse = HouseholdFactory(contact_name="Ayşe Yılmaz", phone="0470 12 34 56", email="ayse@example.be", postcode="2845")
    ChildFactory(household=ayse, first_name="Mila")
    HouseholdFactory(contact_name="Daria Novak", phone="0499 99 88 77", email="daria@example.be", postcode="2800")
    assert listed(admin.get(reverse("household:index"), {"q": text})) == [ayse]


def test_household_page_shows_members_registrations_and_memberships(admin, session_a, oudergroep):
    household = HouseholdFactory(contact_name="Ayşe Yılmaz")
    ChildFactory(household=household, first_name="Mila")
    RegistrationFactory(session=session_a, household=household)
    MembershipFactory(programme=oudergroep, household=household)
    response = admin.get(reverse("household:inspect", args=[household.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    for expected in ("Ayşe Yılmaz", "Mila", "Babbelonie", "Oudergroep Bulgaars"):
        assert expected in text


def test_households_are_not_added_edited_or_deleted_in_the_admin(admin, mine):
    household = mine.household
    assert admin.get(reverse("household:add")).status_code in (302, 403)
    response = admin.post(reverse("household:edit", args=[household.pk]), {"contact_name": "Iemand anders"})
    assert response.status_code in (302, 403)
    assert admin.post(reverse("household:delete", args=[household.pk])).status_code in (302, 403)
    household.refresh_from_db()
    assert household.contact_name == "Ayşe Yılmaz"
    assert Household.objects.count() == 1


def test_desk_only_roles_do_not_see_households(client, mine):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(reverse("household:inspect", args=[mine.household_id]))
    assert response.status_code == 302
