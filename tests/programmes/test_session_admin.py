import datetime
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, ModelLogEntry

from programmes.models import Session
from tests.programmes.factories import ProgrammePageFactory, SessionFactory
from tests.website.factories import UserFactory

BRUSSELS = ZoneInfo("Europe/Brussels")


def local(*args):
    return datetime.datetime(*args, tzinfo=BRUSSELS)


@pytest.fixture
def babbelonie(home):
    """Programme A: the one our coordinator may edit."""
    return ProgrammePageFactory(title="Babbelonie")


@pytest.fixture
def huiswerkklas(home):
    """Programme B: someone else's."""
    return ProgrammePageFactory(title="Huiswerkklas")


@pytest.fixture
def coordinator(babbelonie):
    """A coordinator whose team may edit Babbelonie's page, and nothing else."""
    user = UserFactory(roles=["coordinators"])
    team = Group.objects.create(name="Team Babbelonie")
    GroupPagePermission.objects.create(
        group=team,
        page=babbelonie,
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    user.groups.add(team)
    return user


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def session_a(babbelonie):
    return SessionFactory(programme=babbelonie, starts_at=local(2026, 10, 7, 9, 0))


@pytest.fixture
def session_b(huiswerkklas):
    return SessionFactory(programme=huiswerkklas, starts_at=local(2026, 10, 8, 16, 0))


def form_data(session, **changes):
    """What the edit form posts for `session`, with some fields changed."""
    data = {
        "starts_at": timezone.localtime(session.starts_at).strftime("%Y-%m-%d %H:%M"),
        "ends_at": timezone.localtime(session.ends_at).strftime("%Y-%m-%d %H:%M"),
        "venue": session.venue_id or "",
        "capacity": session.capacity if session.capacity is not None else "",
        "reserved_places": session.reserved_places,
        "status": session.status,
        "cancel_reason": session.cancel_reason,
    }
    data.update(changes)
    return data


def fields(session):
    session = Session.objects.get(pk=session.pk)
    return (
        session.starts_at,
        session.ends_at,
        session.capacity,
        session.status,
        session.cancel_reason,
        session.sequence,
    )


def test_the_session_views_are_named_after_the_model():
    assert reverse("session:index") == "/admin/session/"
    assert reverse("session:edit", args=[1]) == "/admin/session/edit/1/"


def test_coordinator_sees_the_sessions_of_their_programme(coordinator_client, session_a, session_b):
    response = coordinator_client.get(reverse("session:index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == [session_a]
    assert reverse("session:edit", args=[session_a.pk]) in response.content.decode()


def test_coordinator_does_not_see_the_sessions_of_another_programme(coordinator_client, session_a, session_b):
    response = coordinator_client.get(reverse("session:index"))
    assert session_b not in response.context["object_list"]
    assert reverse("session:edit", args=[session_b.pk]) not in response.content.decode()
    # Nor that programme among the list's filters: choosing it is "not one of the choices".
    programmes = response.context["filters"].form.fields["programme"].queryset
    assert session_a.programme in programmes
    assert session_b.programme not in programmes
    response = coordinator_client.get(reverse("session:index"), {"programme": session_b.programme_id})
    assert "programme" in response.context["filters"].form.errors


def test_page_permission_on_the_index_page_covers_all_its_programmes(client, babbelonie, session_a, session_b):
    user = UserFactory(roles=["coordinators"])
    team = Group.objects.create(name="Team Aanbod")
    GroupPagePermission.objects.create(
        group=team,
        page=babbelonie.get_parent(),
        permission=Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page"),
    )
    user.groups.add(team)
    client.force_login(user)
    response = client.get(reverse("session:index"))
    assert set(response.context["object_list"]) == {session_a, session_b}


def test_coordinator_without_page_permissions_sees_no_sessions(client, session_a):
    client.force_login(UserFactory(roles=["coordinators"]))
    response = client.get(reverse("session:index"))
    assert response.status_code == 200
    assert list(response.context["object_list"]) == []


def test_coordinator_cannot_open_a_session_of_another_programme(coordinator_client, session_b):
    response = coordinator_client.get(reverse("session:edit", args=[session_b.pk]))
    assert response.status_code in (302, 403, 404)


def test_coordinator_cannot_change_a_session_of_another_programme(coordinator_client, session_b):
    before = fields(session_b)
    response = coordinator_client.post(
        reverse("session:edit", args=[session_b.pk]), form_data(session_b, status="cancelled", cancel_reason="Weg")
    )
    assert fields(session_b) == before
    assert response.status_code != 302


def test_coordinator_cannot_inspect_a_session_of_another_programme(coordinator_client, session_b):
    response = coordinator_client.get(reverse("session:inspect", args=[session_b.pk]))
    assert response.status_code in (302, 403, 404)


def test_cancelling_without_a_reason_shows_a_form_error_and_changes_nothing(coordinator_client, session_a):
    before = fields(session_a)
    response = coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]), form_data(session_a, status="cancelled", cancel_reason="  ")
    )
    assert response.status_code == 200
    assert "cancel_reason" in response.context["form"].errors
    assert fields(session_a) == before
    assert not ModelLogEntry.objects.filter(action="programmes.session.cancelled").exists()


def test_cancelling_with_a_reason_cancels_the_session(coordinator_client, session_a):
    response = coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]),
        form_data(session_a, status="cancelled", cancel_reason="De zaal is niet beschikbaar."),
    )
    assert response.status_code == 302
    session_a.refresh_from_db()
    assert (session_a.status, session_a.cancel_reason) == ("cancelled", "De zaal is niet beschikbaar.")
    assert session_a.sequence == 1


def test_cancelling_in_the_admin_is_logged_as_the_coordinator(coordinator_client, coordinator, session_a):
    coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]),
        form_data(session_a, status="cancelled", cancel_reason="De zaal is niet beschikbaar."),
    )
    entry = ModelLogEntry.objects.get(action="programmes.session.cancelled")
    assert (entry.object_id, entry.user) == (str(session_a.pk), coordinator)


def test_saving_the_form_unchanged_changes_nothing(coordinator_client, session_a):
    before = fields(session_a)
    response = coordinator_client.post(reverse("session:edit", args=[session_a.pk]), form_data(session_a))
    assert response.status_code == 302
    assert fields(session_a) == before
    assert not ModelLogEntry.objects.filter(action__startswith="programmes.session.").exists()


def test_moving_in_the_admin_marks_the_session_changed_by_hand(coordinator_client, session_a):
    coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]),
        form_data(session_a, starts_at="2026-10-07 13:30", ends_at="2026-10-07 15:30"),
    )
    session_a.refresh_from_db()
    assert session_a.starts_at == local(2026, 10, 7, 13, 30)
    assert (session_a.changed_by_hand, session_a.sequence) == (True, 1)


@pytest.mark.parametrize("programme", ["9" * 40, "²", "abc"])
def test_a_programme_that_cannot_be_an_id_is_a_form_error(coordinator_client, session_a, programme):
    # A programme is a page: on SQLite a 40-digit page id overflowed in Django's lookup.
    # (Editing cannot move a session to another programme: the field is disabled there.)
    response = coordinator_client.post(reverse("session:add"), form_data(session_a, programme=programme))
    assert response.status_code == 200
    assert "programme" in response.context["form"].errors
    assert Session.objects.count() == 1


def test_an_end_before_the_start_in_the_admin_is_a_form_error(coordinator_client, session_a):
    before = fields(session_a)
    response = coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]),
        form_data(session_a, starts_at="2026-10-07 13:30", ends_at="2026-10-07 12:30"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert fields(session_a) == before


def test_changing_the_reason_of_a_cancelled_session_is_saved(coordinator_client, session_a):
    Session.objects.filter(pk=session_a.pk).update(status="cancelled", cancel_reason="Staking")
    session_a.refresh_from_db()
    coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]),
        form_data(session_a, cancel_reason="Staking bij De Lijn: geen bussen."),
    )
    session_a.refresh_from_db()
    assert session_a.cancel_reason == "Staking bij De Lijn: geen bussen."


def test_adding_a_session_in_the_admin_adds_it_by_hand(coordinator_client, babbelonie):
    response = coordinator_client.post(
        reverse("session:add"),
        {
            "programme": babbelonie.pk,
            "starts_at": "2026-12-19 14:00",
            "ends_at": "2026-12-19 16:00",
            "venue": babbelonie.venue_id,
            "capacity": "",
            "status": "scheduled",
            "cancel_reason": "",
        },
    )
    assert response.status_code == 302
    added = Session.objects.get(programme=babbelonie)
    assert (added.starts_at, added.changed_by_hand) == (local(2026, 12, 19, 14, 0), True)
    assert ModelLogEntry.objects.filter(action="programmes.session.added", object_id=str(added.pk)).exists()


def test_adding_a_session_at_the_time_of_an_existing_one_is_a_form_error(coordinator_client, babbelonie, session_a):
    response = coordinator_client.post(
        reverse("session:add"),
        {
            "programme": babbelonie.pk,
            "starts_at": "2026-10-07 09:00",
            "ends_at": "2026-10-07 11:00",
            "venue": babbelonie.venue_id,
            "capacity": "",
            "status": "scheduled",
            "cancel_reason": "",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors


def test_the_add_form_offers_only_the_coordinators_programmes(coordinator_client, babbelonie, huiswerkklas):
    response = coordinator_client.get(reverse("session:add"))
    assert list(response.context["form"].fields["programme"].queryset) == [babbelonie]


def test_csv_export_contains_only_the_coordinators_sessions(coordinator_client, session_a, session_b):
    response = coordinator_client.get(reverse("session:index") + "?export=csv")
    assert response.status_code == 200
    content = b"".join(response.streaming_content).decode()
    assert "Babbelonie" in content
    assert "Huiswerkklas" not in content
    assert len(content.strip().splitlines()) == 2  # the heading and session A


def test_grocery_volunteer_is_sent_to_the_login_page(client, session_a):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(reverse("session:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


def test_grocery_volunteer_cannot_open_a_session(client, session_a):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(reverse("session:edit", args=[session_a.pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("wagtailadmin_login"))


@pytest.mark.parametrize("view", ["history", "usage"])
def test_coordinator_cannot_see_the_history_or_usage_of_a_session_of_another_programme(
    coordinator_client, session_a, session_b, view
):
    assert coordinator_client.get(reverse(f"session:{view}", args=[session_b.pk])).status_code == 404
    assert coordinator_client.get(reverse(f"session:{view}", args=[session_a.pk])).status_code == 200


def test_coordinator_keeps_places_for_referred_families_in_the_admin(coordinator_client, session_a):
    coordinator_client.post(reverse("session:edit", args=[session_a.pk]), form_data(session_a, reserved_places=3))
    session_a.refresh_from_db()
    assert session_a.reserved_places == 3
    response = coordinator_client.post(
        reverse("session:edit", args=[session_a.pk]), form_data(session_a, reserved_places=session_a.capacity + 1)
    )
    assert response.status_code == 200
    session_a.refresh_from_db()
    assert session_a.reserved_places == 3


# Deleting what is still used, and searching venues (superusers: coordinators cancel sessions).


def test_a_session_with_a_roll_call_is_not_deleted_but_explained(admin_client, session_a):
    from programmes.models import RollCall

    # Attendance is not in Wagtail's reference index: Wagtail's own check lets the delete through.
    RollCall.objects.create(session=session_a, walk_in_adults=3)
    response = admin_client.post(reverse("session:delete", args=[session_a.pk]), follow=True)
    assert response.status_code == 200
    assert Session.objects.filter(pk=session_a.pk).exists()
    # The admin speaks Dutch here.
    assert "Annuleer het" in " ".join(str(message) for message in response.context["messages"])
    assert not ModelLogEntry.objects.filter(action="wagtail.delete").exists()


def test_a_session_nobody_uses_is_deleted(admin_client, session_a):
    assert admin_client.post(reverse("session:delete", args=[session_a.pk])).status_code == 302
    assert not Session.objects.filter(pk=session_a.pk).exists()


def test_a_venue_with_sessions_is_not_deleted_but_explained(admin_client, session_a):
    from tests.programmes.factories import VenueFactory

    # Only a session there, no page: Wagtail's own check sees pages' venues, not sessions'.
    venue = VenueFactory()
    Session.objects.filter(pk=session_a.pk).update(venue=venue)
    url = reverse("wagtailsnippets_programmes_venue:delete", args=[venue.pk])
    response = admin_client.post(url, follow=True)
    assert response.status_code == 200
    assert type(venue).objects.filter(pk=venue.pk).exists()
    assert "kan niet verwijderd worden" in " ".join(str(message) for message in response.context["messages"])


def test_venues_are_found_by_city(admin_client, session_a):
    venue = session_a.venue
    response = admin_client.get(reverse("wagtailsnippets_programmes_venue:list"), {"q": venue.city})
    assert response.status_code == 200
    assert venue in response.context["object_list"]


@pytest.mark.parametrize("label", ["programmes.Venue", "programmes.Role", "holiday_play.HolidayPeriod"])
def test_a_snippet_chooser_without_a_creation_form_has_nothing_to_create(admin_client, session_a, label):
    model = apps.get_model(label)
    chooser = f"wagtailsnippetchoosers_{model._meta.app_label}_{model._meta.model_name}"
    before = model.objects.count()
    # Wagtail routes create/ anyway, and a POST there was a server error.
    for send in (admin_client.get, admin_client.post):
        assert send(reverse(f"{chooser}:create"), {"name": "Nieuw"}).status_code == 404
    assert model.objects.count() == before
    # The chooser itself still chooses.
    assert admin_client.get(reverse(f"{chooser}:choose")).status_code == 200


@pytest.mark.parametrize(
    ("url_name", "parameter"),
    [
        ("session:index", "programme"),
        ("session:index", "venue"),
        ("registration:index", "programme"),
        ("membership:index", "programme"),
        ("groceries_badge:index", "grocery"),
        ("holiday_play_signal:index", "playground"),
    ],
)
@pytest.mark.parametrize("value", ["9" * 40, "²", "abc"])
def test_an_admin_list_filtered_on_what_cannot_be_an_id_says_so(admin_client, session_a, url_name, parameter, value):
    # On SQLite a 40-digit id overflowed in Django's own lookup: a server error.
    response = admin_client.get(reverse(url_name), {parameter: value})
    assert response.status_code == 200
    assert parameter in response.context["filters"].form.errors
