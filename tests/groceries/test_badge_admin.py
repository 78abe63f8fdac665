"""Badges in the admin: social workers of the grocery only, every change
through the services, the notes audit-logged, and the card without a name."""

import datetime
from html import escape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import ModelLogEntry

from groceries.models import Badge, CheckAttempt
from programmes.models import Household
from tests.groceries.factories import BadgeFactory, GroceryPageFactory, OpeningFactory
from tests.programmes.factories import HouseholdFactory
from tests.website.factories import UserFactory, may_edit

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 11, 23, 10, 0), tick=False)


@pytest.fixture
def grocery(home):
    return GroceryPageFactory(social_work_team=Group.objects.create(name="Sociale dienst 't Schap"))


@pytest.fixture
def social_worker(grocery):
    user = UserFactory(roles=["social_workers"])
    user.groups.add(grocery.social_work_team)
    return user


@pytest.fixture
def admin_client(client, social_worker):
    client.force_login(social_worker)
    return client


@pytest.fixture
def badge(grocery):
    return BadgeFactory(
        grocery=grocery, household__contact_name="Fatima El Amrani", notes="Schulden bij de energieleverancier"
    )


def url(name, *args):
    return reverse(f"groceries_badge:{name}", args=args)


def notes_reads(badge):
    return ModelLogEntry.objects.filter(action="groceries.badge.notes_viewed", object_id=str(badge.pk)).count()


# Who sees badges


def test_the_list_shows_this_grocerys_badges(admin_client, badge, home):
    other = BadgeFactory(grocery=GroceryPageFactory(), household__contact_name="Jana Novák")
    response = admin_client.get(url("index"))
    assert response.status_code == 200
    assert badge.printed_code in response.text
    assert other.printed_code not in response.text
    assert "Schulden" not in response.text


def test_a_social_worker_of_another_grocery_sees_nothing_of_this_one(client, badge, home):
    other_team = Group.objects.create(name="Sociale dienst elders")
    GroceryPageFactory(social_work_team=other_team)
    elsewhere = UserFactory(roles=["social_workers"])
    elsewhere.groups.add(other_team)
    client.force_login(elsewhere)
    assert badge.printed_code not in client.get(url("index")).text
    for name in ("inspect", "edit", "history", "renew", "suspend", "replace", "card"):
        assert client.get(url(name, badge.pk)).status_code == 404, name
    assert client.post(url("suspend", badge.pk), {"reason": "x"}).status_code == 404
    assert Badge.objects.get(pk=badge.pk).status == "active"


@pytest.mark.parametrize("role", ["coordinators", "grocery_volunteers", "editors"])
def test_other_roles_cannot_open_badges(client, badge, role, grocery):
    user = UserFactory(roles=[role])
    user.groups.add(grocery.social_work_team)  # even in the team, the role decides
    if role == "coordinators":
        may_edit(user, grocery)
    client.force_login(user)
    for name, args in (("index", ()), ("inspect", (badge.pk,)), ("card", (badge.pk,)), ("add", ())):
        response = client.get(url(name, *args))
        assert response.status_code in (302, 403, 404), (name, response.status_code)
        assert "Schulden" not in response.text


def test_anonymous_goes_to_the_admin_login(client, badge):
    response = client.get(url("inspect", badge.pk))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_nobody_deletes_a_badge(admin_client, badge):
    assert admin_client.get(url("delete", badge.pk)).status_code in (302, 403, 404)
    admin_client.post(url("delete", badge.pk))
    assert Badge.objects.filter(pk=badge.pk).exists()


# Notes


def test_opening_the_notes_is_audit_logged(admin_client, badge):
    response = admin_client.get(url("inspect", badge.pk))
    assert "Schulden" in response.text
    assert notes_reads(badge) == 1
    admin_client.get(url("edit", badge.pk))
    assert notes_reads(badge) == 2
    entry = ModelLogEntry.objects.filter(action="groceries.badge.notes_viewed").first()
    assert "Schulden" not in str(entry.data)


# Issuing


def issue_data(grocery, **fields):
    return {
        "grocery": grocery.pk,
        "household": "",
        "referrer": "caw",
        "adults": "2",
        "children": "3",
        "valid_from": "",
        "notes": "",
        "contact_name": "",
        "phone": "",
        "email": "",
        "postcode": "",
        "language": "nl",
        **fields,
    }


def test_issue_a_badge_to_a_known_household(admin_client, grocery):
    household = HouseholdFactory()
    response = admin_client.post(url("add"), issue_data(grocery, household=household.pk))
    badge = Badge.objects.get()
    assert response.status_code == 302
    assert (badge.household, badge.adults, badge.children, badge.referrer) == (household, 2, 3, "caw")
    assert (badge.valid_from, badge.valid_until) == (TODAY, datetime.date(2027, 5, 22))
    assert ModelLogEntry.objects.filter(action="groceries.badge.issued").exists()


def test_issue_a_badge_to_a_new_household(admin_client, grocery):
    admin_client.post(
        url("add"), issue_data(grocery, contact_name="Daria Popescu", phone="0470 99 88 77", postcode="2800")
    )
    badge = Badge.objects.select_related("household").get()
    assert badge.household.contact_name == "Daria Popescu"
    assert badge.household.referred


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({}, "household"),
        ({"contact_name": "Daria Popescu"}, "phone"),
        ({"contact_name": "Daria Popescu", "phone": "abc"}, "phone"),
        ({"adults": "0", "contact_name": "D", "phone": "0470998877"}, "adults"),
        ({"adults": "x", "contact_name": "D", "phone": "0470998877"}, "adults"),
        ({"children": "40", "contact_name": "D", "phone": "0470998877"}, "children"),
        ({"valid_from": "32-13-2026", "contact_name": "D", "phone": "0470998877"}, "valid_from"),
        ({"contact_name": "D" * 200, "phone": "0470998877"}, "contact_name"),
        # The form is shown again with what was sent: the chooser must not look these up.
        ({"household": "²"}, "household"),
        ({"household": "\x00"}, "household"),
        ({"household": "9" * 40}, "household"),
        # A grocery is a page: on SQLite a 40-digit page id overflowed in Django's lookup.
        ({"grocery_id": "9" * 40}, "grocery"),
        ({"grocery_id": "²"}, "grocery"),
    ],
)
def test_bad_input_issues_nothing(admin_client, grocery, fields, field):
    data = issue_data(grocery, **{name: value for name, value in fields.items() if name != "grocery_id"})
    if "grocery_id" in fields:
        data["grocery"] = fields["grocery_id"]
    response = admin_client.post(url("add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Badge.objects.exists()
    assert not Household.objects.exists()


def test_a_household_gets_one_badge_in_use(admin_client, grocery, badge):
    response = admin_client.post(url("add"), issue_data(grocery, household=badge.household.pk))
    assert response.status_code == 200
    assert "heeft al een badge" in response.text
    assert Badge.objects.count() == 1


def test_a_badge_for_another_grocery_cannot_be_issued(admin_client, home):
    other = GroceryPageFactory()
    response = admin_client.post(url("add"), issue_data(other, household=HouseholdFactory().pk))
    assert "grocery" in response.context["form"].errors
    assert not Badge.objects.exists()


# Renew, suspend, reactivate, replace


def test_renew_adds_a_period_from_the_end_date(admin_client, badge, social_worker):
    admin_client.post(url("renew", badge.pk), {"adults": "1", "children": "2"})
    badge.refresh_from_db()
    assert badge.valid_until == datetime.date(2027, 8, 31)
    assert (badge.adults, badge.children) == (1, 2)
    renewal = badge.renewals.get()
    assert (renewal.valid_until, renewal.renewed_by) == (badge.valid_until, social_worker)


def test_renew_an_expired_badge_starts_today(admin_client, grocery):
    badge = BadgeFactory(grocery=grocery, valid_until=datetime.date(2026, 10, 31))
    admin_client.post(url("renew", badge.pk), {"adults": "2", "children": "2"})
    badge.refresh_from_db()
    assert badge.valid_until == datetime.date(2027, 5, 22)


def test_suspend_needs_a_reason_and_reactivate_undoes_it(admin_client, badge):
    response = admin_client.post(url("suspend", badge.pk), {"reason": ""})
    assert response.status_code == 200
    assert Badge.objects.get(pk=badge.pk).status == "active"
    admin_client.post(url("suspend", badge.pk), {"reason": "Doorverkocht"})
    badge.refresh_from_db()
    assert (badge.status, badge.status_reason) == ("suspended", "Doorverkocht")
    assert admin_client.post(url("suspend", badge.pk), {"reason": "again"}).status_code == 200  # refused, a message
    admin_client.post(url("reactivate", badge.pk))
    badge.refresh_from_db()
    assert (badge.status, badge.status_reason) == ("active", "")


def test_replace_stops_the_old_code_and_makes_a_new_card(admin_client, badge):
    response = admin_client.post(url("replace", badge.pk), {"reason": "Kaart verloren"})
    new = Badge.objects.exclude(pk=badge.pk).get()
    assert response.url == url("inspect", new.pk)
    badge.refresh_from_db()
    assert badge.status == "replaced"
    assert (new.status, new.replaces, new.household, new.valid_until) == (
        "active",
        badge,
        badge.household,
        badge.valid_until,
    )
    assert new.code != badge.code


def test_expiring_badges_are_listed(admin_client, grocery, badge):
    soon = BadgeFactory(grocery=grocery, valid_until=datetime.date(2026, 12, 10))
    response = admin_client.get(url("index"), {"expiring": "true"})
    assert soon.printed_code in response.text
    assert badge.printed_code not in response.text


def test_search_by_number_however_typed(admin_client, badge):
    typed = badge.printed_code.lower().replace("-", " ")
    assert badge.printed_code in admin_client.get(url("index"), {"q": typed}).text


# The card


def test_the_card_has_a_qr_code_and_no_name(admin_client, badge):
    response = admin_client.get(url("card", badge.pk))
    assert response.status_code == 200
    assert "<svg" in response.text
    assert badge.printed_code in response.text
    assert escape(badge.grocery.title) in response.text
    assert "Fatima" not in response.text
    assert "El Amrani" not in response.text


def test_the_card_speaks_the_households_language(admin_client, badge):
    badge.household.language = "fr"
    badge.household.save()
    response = admin_client.get(url("card", badge.pk))
    assert 'lang="fr"' in response.text
    assert "Valable jusqu" in response.text


def test_the_household_chooser_finds_households_for_social_workers(admin_client):
    HouseholdFactory(contact_name="Daria Popescu")
    HouseholdFactory(contact_name="Jana Novák")
    response = admin_client.get(reverse("household_chooser:choose_results"), {"q": "popes"})
    assert response.status_code == 200
    assert "Daria Popescu" in response.text
    assert "Jana Novák" not in response.text


def test_choosing_several_households_ignores_what_cannot_be_an_id(admin_client):
    household = HouseholdFactory(contact_name="Daria Popescu")
    response = admin_client.get(
        reverse("household_chooser:chosen_multiple"), {"id": [household.pk, "x", "²", "9" * 40, "\x00"]}
    )
    assert response.status_code == 200
    assert [item["id"] for item in response.json()["result"]] == [str(household.pk)]


@pytest.mark.parametrize("name", ["choose", "choose_results"])
def test_the_household_chooser_is_closed_to_editors(client, name):
    HouseholdFactory(contact_name="Daria Popescu")
    client.force_login(UserFactory(roles=["editors"]))
    response = client.get(reverse(f"household_chooser:{name}"))
    # Wagtail turns "permission denied" into a redirect to the dashboard.
    assert (response.status_code, response.url) == (302, reverse("wagtailadmin_home"))
    assert "Popescu" not in response.text


def test_social_workers_see_the_checks_at_their_door_only(admin_client, badge, grocery, home):
    here = OpeningFactory(programme=grocery)
    CheckAttempt.objects.create(grocery=grocery, opening=here, code="ABCDEFGHJK", verdict="unknown")
    other = GroceryPageFactory()
    CheckAttempt.objects.create(
        grocery=other, opening=OpeningFactory(programme=other), code="ZZZZZZZZZZ", verdict="typo"
    )
    response = admin_client.get(reverse("groceries_check:index"))
    assert response.status_code == 200
    assert "ABCDEFGHJK" in response.text
    assert "ZZZZZZZZZZ" not in response.text


def test_volunteers_and_coordinators_cannot_list_the_checks(client, grocery):
    client.force_login(UserFactory(roles=["coordinators"]))
    assert client.get(reverse("groceries_check:index")).status_code == 302
