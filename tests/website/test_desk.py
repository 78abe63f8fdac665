import pytest
from wagtail.models import ModelLogEntry

from tests.website.factories import UserFactory


@pytest.fixture
def volunteer(db):
    return UserFactory(username="marc", roles=["grocery_volunteers"])


def test_anonymous_visitor_is_sent_to_the_desk_login(client, home):
    response = client.get("/desk/")
    assert response.status_code == 302
    assert response["Location"] == "/desk/login/?next=/desk/"


def test_login_leads_to_the_desk_and_is_audited(client, volunteer):
    response = client.post("/desk/login/", {"username": "marc", "password": "kansen-test", "next": "/desk/"})
    assert response.status_code == 302
    assert response["Location"] == "/desk/"
    entry = ModelLogEntry.objects.get(action="website.desk.signed_in")
    assert entry.user_id == volunteer.pk
    assert entry.object_id == str(volunteer.pk)


def test_wrong_password_says_so_and_logs_nobody_in(client, volunteer):
    response = client.post("/desk/login/", {"username": "marc", "password": "fout"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session
    assert not ModelLogEntry.objects.filter(action="website.desk.signed_in").exists()


@pytest.mark.parametrize(
    "data",
    [{}, {"username": "", "password": ""}, {"username": "x" * 500, "password": "y"}, {"username": "marc"}],
)
def test_login_form_handles_empty_and_oversized_input(client, volunteer, data):
    response = client.post("/desk/login/", data)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_login_never_redirects_to_another_site(client, volunteer):
    response = client.post(
        "/desk/login/", {"username": "marc", "password": "kansen-test", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/desk/"


def test_desk_shows_an_empty_day_to_a_volunteer(client, home, volunteer):
    client.force_login(volunteer)
    response = client.get("/desk/")
    assert response.status_code == 200
    assert "empty-state" in response.content.decode()


def test_user_without_a_desk_role_is_refused(client, home):
    client.force_login(UserFactory(roles=["social_workers"]))
    response = client.get("/desk/")
    assert response.status_code == 403
    assert "<h1>" in response.content.decode()


def test_logout_needs_a_post_and_is_audited(client, home, volunteer):
    client.force_login(volunteer)
    assert client.get("/desk/logout/").status_code == 405
    response = client.post("/desk/logout/")
    assert response["Location"] == "/desk/login/"
    assert "_auth_user_id" not in client.session
    assert ModelLogEntry.objects.filter(action="website.desk.signed_out", user=volunteer).count() == 1


def test_logout_without_a_session_changes_nothing(client, home):
    response = client.post("/desk/logout/")
    assert response.status_code == 302
    assert not ModelLogEntry.objects.exists()


def test_desk_speaks_french_under_fr(client, home):
    response = client.get("/fr/desk/login/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_login_without_csrf_token_is_refused_with_a_plain_message(home, volunteer):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/desk/login/", {"username": "marc", "password": "kansen-test"})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict.session


def test_desk_lists_today_only_for_programmes_the_user_coordinates(client, home):
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import GroupPagePermission

    from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
    from tests.programmes.test_finder import at

    index = ProgrammeIndexPageFactory(parent=home)
    mine = ProgrammePageFactory(parent=index, title="Ouderontbijt De Living", slug="de-living")
    other = ProgrammePageFactory(parent=index, title="Kindergroep", slug="kindergroep")
    SessionFactory(programme=mine, starts_at=at(0, hour=23))
    SessionFactory(programme=other, starts_at=at(0, hour=23))
    SessionFactory(programme=mine, starts_at=at(1))
    team = Group.objects.create(name="Team De Living")
    GroupPagePermission.objects.create(group=team, page=mine, permission=Permission.objects.get(codename="change_page"))
    els = UserFactory(username="els", roles=["coordinators"])
    els.groups.add(team)
    client.force_login(els)
    sessions = list(client.get("/desk/").context["sessions"])
    assert [s.programme.slug for s in sessions] == ["de-living"]
    client.force_login(UserFactory(username="marc", roles=["grocery_volunteers"]))
    assert list(client.get("/desk/").context["sessions"]) == []


@pytest.mark.parametrize(
    ("asked", "shown"),
    [("1", 1), ("-1", -1), ("abc", 0), ("2026-02-30", 0), ("", 0), ("9999-01-01", 0)],
)
def test_desk_goes_to_another_day_and_back_to_today_on_nonsense(client, home, asked, shown):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    day = (today + datetime.timedelta(days=int(asked))).isoformat() if asked.lstrip("-").isdigit() else asked
    client.force_login(UserFactory(username="els", roles=["coordinators"]))
    response = client.get("/desk/", {"day": day})
    assert response.status_code == 200
    assert response.context["day"] == today + datetime.timedelta(days=shown)
    assert f"?day={(response.context['day'] + datetime.timedelta(days=1)).isoformat()}" in response.content.decode()
