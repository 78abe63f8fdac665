"""Child profiles in the admin: coordinators see the children booked at their
playgrounds, the medical notes only who may see them, every showing of them
audit-logged; another child is a 404."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.models import ModelLogEntry

from holiday_play.models import Booking, ChildContact, ChildProfile, PlaygroundSettings
from holiday_play.permissions import may_see_child_medical
from holiday_play.services.bookings import book_day
from programmes.services.scheduling import regenerate_sessions
from tests.holiday_play.factories import HolidayPeriodFactory, PlaygroundPageFactory, PlaygroundSettingsFactory
from tests.holiday_play.signal_factories import ChildContactFactory, ChildProfileFactory
from tests.programmes.factories import BRUSSELS, ChildFactory, HouseholdFactory
from tests.website.factories import UserFactory, may_edit

D = datetime.date
pytestmark = pytest.mark.django_db
MONDAY = D(2027, 7, 5)
MEDICAL = "medical_viewed"


@pytest.fixture(autouse=True)
def monday_morning(time_machine):
    time_machine.move_to(datetime.datetime(2027, 7, 5, 8, 45, tzinfo=BRUSSELS), tick=False)


def new_playground():
    page = PlaygroundPageFactory(
        periods=[HolidayPeriodFactory()], animator_team=Group.objects.create(name=f"Animatoren {Group.objects.count()}")
    )
    regenerate_sessions(page, today=D(2027, 6, 1), horizon_days=120)
    return page


@pytest.fixture
def playground(home):
    return new_playground()


def booked_profile(playground, first_name):
    child = ChildFactory(
        first_name=first_name, last_name="Petrova", birth_date=D(2020, 3, 1), household=HouseholdFactory(contact=False)
    )
    profile = ChildProfileFactory(child=child)
    ChildContactFactory(profile=profile)
    book_day(playground, playground.sessions.get(local_date=MONDAY), child, source=Booking.Source.DESK)
    return profile


@pytest.fixture
def profile(playground):
    return booked_profile(playground, "Mila")


@pytest.fixture
def elsewhere(home):
    return booked_profile(new_playground(), "Noor")


@pytest.fixture
def coordinator(playground):
    return may_edit(UserFactory(roles=["coordinators"]), playground)


def with_permissions(user, *codenames):
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


@pytest.fixture
def head_animator(playground):
    """An animator who was given the admin and the profiles by hand (no
    medical permission): what the animators see, in the admin."""
    user = with_permissions(
        UserFactory(roles=["animators"]), "access_admin", "view_childprofile", "change_childprofile"
    )
    user.groups.add(playground.animator_team)
    return user


@pytest.fixture
def nurse():
    """The playgrounds' medical staff: the explicit medical permission."""
    return with_permissions(UserFactory(), "access_admin", "view_medical")


def url(name, *args):
    return reverse(f"holiday_play_child_profile:{name}", args=args)


def medical_reads(profile):
    return ModelLogEntry.objects.filter(
        action="holiday_play.child_profile.medical_viewed", object_id=str(profile.pk)
    ).count()


def refused(response):
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


# Who sees which children


def test_the_coordinator_lists_the_children_of_their_playground_only(client, coordinator, profile, elsewhere):
    client.force_login(coordinator)
    response = client.get(url("index"))
    assert response.status_code == 200
    assert "Mila Petrova" in response.text
    assert "Noor Petrova" not in response.text
    assert "Astma" not in response.text
    assert medical_reads(profile) == 0


def test_someone_elses_child_is_a_404(client, coordinator, elsewhere):
    client.force_login(coordinator)
    for name in ("inspect", "edit", "history", "usage"):
        assert client.get(url(name, elsewhere.pk)).status_code == 404, name
    response = client.post(url("edit", elsewhere.pk), {"diet": "Vegetarisch"})
    assert response.status_code == 404
    assert ChildProfile.objects.get(pk=elsewhere.pk).diet == "Halal"
    assert medical_reads(elsewhere) == 0


def test_the_nurse_sees_every_child_and_their_medical_notes_logged(client, nurse, profile, elsewhere):
    client.force_login(nurse)
    listing = client.get(url("index")).text
    assert "Mila Petrova" in listing
    assert "Noor Petrova" in listing
    response = client.get(url("inspect", elsewhere.pk))
    assert response.status_code == 200
    assert "Astma" in response.text
    assert "Puffer" in response.text
    assert medical_reads(elsewhere) == 1
    # Reading is not editing.
    assert refused(client.get(url("edit", elsewhere.pk)))


@pytest.mark.parametrize("role", ["animators", "social_workers", "editors"])
def test_other_roles_see_no_profiles(client, profile, role):
    client.force_login(UserFactory(roles=[role]))
    response = client.get(url("inspect", profile.pk))
    assert response.status_code == 302 or refused(response)
    assert "Astma" not in response.text
    assert "Noten" not in response.text
    assert medical_reads(profile) == 0


def test_the_menu_shows_profiles_to_coordinators_and_not_to_social_workers(client, coordinator):
    client.force_login(coordinator)
    assert url("index") in client.get(reverse("wagtailadmin_home")).text
    client.force_login(UserFactory(roles=["social_workers"]))
    assert url("index") not in client.get(reverse("wagtailadmin_home")).text


# Medical notes


def test_an_animator_sees_allergies_but_not_medical_notes(client, head_animator, profile):
    client.force_login(head_animator)
    response = client.get(url("inspect", profile.pk))
    assert response.status_code == 200
    assert "Noten" in response.text
    assert "Halal" in response.text
    assert "Oma Rosa" in response.text
    assert "Astma" not in response.text
    assert "Puffer" not in response.text
    form = client.get(url("edit", profile.pk))
    assert "Noten" in form.text
    assert "Astma" not in form.text
    assert "medical_notes" not in form.text
    assert medical_reads(profile) == 0


def test_an_animator_may_not_see_medical_notes_anywhere(playground, profile):
    animator = UserFactory(roles=["animators"])
    animator.groups.add(playground.animator_team)
    assert not may_see_child_medical(animator, profile.child)


def test_the_coordinator_sees_medical_notes_and_each_showing_is_logged(client, coordinator, profile):
    client.force_login(coordinator)
    inspect = client.get(url("inspect", profile.pk))
    assert "Astma" in inspect.text
    assert "Noten" in inspect.text
    form = client.get(url("edit", profile.pk))
    assert "Astma" in form.text
    assert medical_reads(profile) == 2
    entry = ModelLogEntry.objects.filter(action="holiday_play.child_profile.medical_viewed").last()
    assert (entry.user_id, entry.data) == (coordinator.pk, {})


def test_an_animators_save_keeps_the_medical_notes(client, head_animator, profile):
    client.force_login(head_animator)
    # A hand-made POST with the medical fields changes nothing of them.
    response = client.post(url("edit", profile.pk), form_data(profile, diet="Vegetarisch", medical_notes="Niets"))
    assert response.status_code == 302
    profile.refresh_from_db()
    assert (profile.diet, profile.medical_notes, profile.medication) == (
        "Vegetarisch",
        "Astma",
        "Puffer voor het sporten",
    )


# Editing


def form_data(profile, **changes):
    data = {
        "diet": profile.diet,
        "allergies": profile.allergies,
        "medical_notes": profile.medical_notes,
        "medication": profile.medication,
        "gp_name": profile.gp_name,
        "gp_phone": profile.gp_phone,
        "uitpas_number": profile.uitpas_number,
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    contacts = list(profile.contacts.all())
    for index, contact in enumerate(contacts):
        data.update(
            {
                f"contacts-{index}-id": contact.pk,
                f"contacts-{index}-profile": profile.pk,
                f"contacts-{index}-name": contact.name,
                f"contacts-{index}-relationship": contact.relationship,
                f"contacts-{index}-phone": contact.phone,
                f"contacts-{index}-may_pick_up": "on" if contact.may_pick_up else "",
            }
        )
    data.update({"contacts-TOTAL_FORMS": str(len(contacts)), "contacts-INITIAL_FORMS": str(len(contacts))})
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_the_coordinator_edits_the_profile_and_adds_a_contact(client, coordinator, profile):
    client.force_login(coordinator)
    data = form_data(profile, diet="Geen varkensvlees", medical_notes="Astma, puffer in de rugzak")
    data.update(
        {
            "contacts-TOTAL_FORMS": "2",
            "contacts-1-name": "Buurvrouw Ilse",
            "contacts-1-relationship": "buurvrouw",
            "contacts-1-phone": "0470 55 66 77",
            "contacts-1-emergency": "on",
        }
    )
    response = client.post(url("edit", profile.pk), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    profile.refresh_from_db()
    assert (profile.diet, profile.medical_notes, profile.updated_by) == (
        "Geen varkensvlees",
        "Astma, puffer in de rugzak",
        coordinator,
    )
    neighbour = ChildContact.objects.get(name="Buurvrouw Ilse")
    assert (neighbour.profile, neighbour.emergency, neighbour.may_pick_up) == (profile, True, False)
    entry = ModelLogEntry.objects.get(action="holiday_play.child_profile.changed")
    assert entry.data == {"fields": ["diet", "medical_notes"], "contacts": True}
    assert "Astma" not in str(entry.data)
    assert "Ilse" not in str(entry.data)


def test_a_contact_is_removed(client, coordinator, profile):
    client.force_login(coordinator)
    data = form_data(profile)
    data["contacts-0-DELETE"] = "on"
    assert client.post(url("edit", profile.pk), data).status_code == 302
    assert not ChildContact.objects.exists()


def test_a_contact_without_a_phone_is_refused_and_nothing_changes(client, coordinator, profile):
    client.force_login(coordinator)
    data = form_data(profile, diet="Vegetarisch")
    data.pop("contacts-0-phone")
    response = client.post(url("edit", profile.pk), data)
    assert response.status_code == 200
    assert response.context["contact_formset"].errors[0]["phone"]
    profile.refresh_from_db()
    assert profile.diet == "Halal"
    # The form with the medical notes was shown again: logged.
    assert medical_reads(profile) == 1


def test_nobody_adds_or_deletes_profiles_here(client, coordinator, profile):
    client.force_login(coordinator)
    assert refused(client.get(url("add")))
    assert refused(client.post(url("delete", profile.pk)))
    assert ChildProfile.objects.filter(pk=profile.pk).exists()


def test_the_national_number_only_when_the_organisation_stores_it(client, coordinator, profile):
    profile.national_number = "20.03.01-123.45"
    profile.save()
    client.force_login(coordinator)
    assert "20.03.01-123.45" not in client.get(url("inspect", profile.pk)).text
    assert "national_number" not in client.get(url("edit", profile.pk)).text
    PlaygroundSettingsFactory(store_national_numbers=True)
    assert "20.03.01-123.45" in client.get(url("inspect", profile.pk)).text
    assert "national_number" in client.get(url("edit", profile.pk)).text


def test_a_number_typed_in_while_they_are_stored_is_kept(client, coordinator, profile):
    PlaygroundSettingsFactory(store_national_numbers=True)
    client.force_login(coordinator)
    data = form_data(profile, national_number="20.03.01-123.45")
    assert client.post(url("edit", profile.pk), data).status_code == 302
    profile.refresh_from_db()
    assert profile.national_number == "20.03.01-123.45"


def test_the_settings_default_stores_no_national_numbers(db):
    assert PlaygroundSettings.load().store_national_numbers is False
    assert PlaygroundSettingsFactory().store_national_numbers is False


def settings_url():
    return reverse("wagtailsettings:edit", args=["holiday_play", "playgroundsettings", PlaygroundSettings.load().pk])


def test_a_superuser_switches_on_storing_national_numbers(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(settings_url(), {"store_national_numbers": "on"})
    assert response.status_code == 302
    assert PlaygroundSettings.load().store_national_numbers is True


def test_coordinators_do_not_change_the_national_number_choice(client, coordinator):
    client.force_login(coordinator)
    assert refused(client.post(settings_url(), {"store_national_numbers": "on"}))
    assert PlaygroundSettings.load().store_national_numbers is False
    assert settings_url() not in client.get(reverse("wagtailadmin_home")).text


def test_the_profile_factories_build(db):
    contact = ChildContactFactory()
    assert contact.profile.child.is_child
