"""Permissions remembered across requests (programmes.permission_cache): a
change to groups, permissions, page permissions or the tree counts from the
next request; until then nothing is read twice."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.db import connection
from wagtail.models import GroupPagePermission

from programmes import permission_cache
from programmes.models import ProgrammeIndexPage, ProgrammePage
from programmes.permission_cache import CachedPagePermissionPolicy
from programmes.permissions import coordinated_programmes, may_coordinate
from tests.website.factories import UserFactory

pytestmark = pytest.mark.django_db


def next_request(user):
    """The user as the next request loads it: nothing remembered on the object."""
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def team(db):
    return Group.objects.create(name="Team Nekkerspoel")


@pytest.fixture
def member(team):
    user = UserFactory()
    user.groups.add(team)
    return user


@pytest.fixture
def pages(home):
    index = home.add_child(instance=ProgrammeIndexPage(title="Aanbod", slug="aanbod"))
    other = home.add_child(instance=ProgrammeIndexPage(title="Ander aanbod", slug="ander-aanbod"))
    programme = index.add_child(
        instance=ProgrammePage(title="Ouderontbijt", slug="ouderontbijt", intro="Samen ontbijten.")
    )
    return index, other, programme


@pytest.fixture
def at_the_desk(member, team):
    """A member whose team has the desk, as a first request remembered it."""
    team.permissions.add(Permission.objects.get(codename="use_desk"))
    assert next_request(member).has_perm("website.use_desk")
    return member


def change_page():
    return Permission.objects.get(codename="change_page", content_type__app_label="wagtailcore")


def test_a_second_request_reads_no_permissions(member, django_assert_num_queries):
    next_request(member).has_perm("website.use_desk")
    user = next_request(member)
    with django_assert_num_queries(0):
        assert not user.has_perm("website.use_desk")


@pytest.mark.parametrize("through", ["group", "user", "membership"])
def test_a_granted_or_withdrawn_permission_counts_from_the_next_request(member, team, through):
    desk = Permission.objects.get(codename="use_desk")
    assert not next_request(member).has_perm("website.use_desk")
    if through == "group":
        team.permissions.add(desk)
    elif through == "user":
        member.user_permissions.add(desk)
    else:
        other = Group.objects.create(name="Onthaal")
        other.permissions.add(desk)
        assert not next_request(member).has_perm("website.use_desk")
        other.user_set.add(member)
    assert next_request(member).has_perm("website.use_desk")
    if through == "group":
        team.permissions.remove(desk)
    elif through == "user":
        member.user_permissions.clear()
    else:
        member.groups.clear()
    assert not next_request(member).has_perm("website.use_desk")


def test_a_deleted_group_takes_its_permissions_along(at_the_desk, team):
    team.delete()
    assert not next_request(at_the_desk).has_perm("website.use_desk")


def test_an_inactive_user_has_no_permissions_at_once(at_the_desk, team):
    get_user_model().objects.filter(pk=at_the_desk.pk).update(is_active=False)
    assert not next_request(at_the_desk).has_perm("website.use_desk")


def test_page_permissions_count_from_the_next_request(member, team, pages):
    index, _other, programme = pages
    assert not may_coordinate(next_request(member), programme)
    grant = GroupPagePermission.objects.create(group=team, page=index, permission=change_page())
    assert may_coordinate(next_request(member), programme)
    assert list(coordinated_programmes(next_request(member))) == [programme]
    grant.delete()
    assert not may_coordinate(next_request(member), programme)
    assert not coordinated_programmes(next_request(member)).exists()


def test_a_second_request_reads_no_page_permissions(member, team, pages, django_assert_num_queries):
    index, _other, programme = pages
    GroupPagePermission.objects.create(group=team, page=index, permission=change_page())
    may_coordinate(next_request(member), programme)
    user = next_request(member)
    with django_assert_num_queries(0):
        assert may_coordinate(user, programme)


def test_a_moved_page_follows_the_permissions_of_its_new_place(member, team, pages):
    index, other, programme = pages
    GroupPagePermission.objects.create(group=team, page=index, permission=change_page())
    assert may_coordinate(next_request(member), programme)
    index.move(other, pos="last-child")
    programme.refresh_from_db()
    other.refresh_from_db()
    assert programme.is_descendant_of(other)
    # The team's page now lies under `other`: what it may edit moved along.
    assert may_coordinate(next_request(member), programme)
    programme.move(other, pos="last-child")
    programme.refresh_from_db()
    assert not may_coordinate(next_request(member), programme)


def test_what_was_remembered_under_another_version_is_not_used(at_the_desk, team):
    # A change that sent no signal (a bulk delete), then a new version.
    team.permissions.through.objects.filter(group=team).delete()
    assert next_request(at_the_desk).has_perm("website.use_desk")
    permission_cache.changed()
    assert not next_request(at_the_desk).has_perm("website.use_desk")


def test_a_lost_version_never_matches_what_was_remembered(at_the_desk, team):
    team.permissions.through.objects.filter(group=team).delete()
    cache.delete(permission_cache.VERSION_KEY)
    assert not next_request(at_the_desk).has_perm("website.use_desk")


def test_wagtails_admin_asks_the_remembered_page_permissions(member, team, pages, client):
    from wagtail.models import Page
    from wagtail.permissions import policy_registry

    _index, _other, programme = pages
    assert isinstance(policy_registry.get_by_type(Page), CachedPagePermissionPolicy)
    assert isinstance(policy_registry.get(programme), CachedPagePermissionPolicy)
    team.permissions.add(Permission.objects.get(codename="access_admin"))
    GroupPagePermission.objects.create(group=team, page=programme, permission=change_page())
    client.force_login(member)
    assert client.get("/admin/").status_code == 200
    read = []
    with connection.execute_wrapper(lambda execute, sql, *args: read.append(sql) or execute(sql, *args)):
        assert client.get("/admin/").status_code == 200
        # The page it may edit is found, through its remembered grant.
        assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code == 200
    assert not [sql for sql in read if "wagtailcore_grouppagepermission" in sql]
    # A grant withdrawn counts from the next request, in the admin too.
    GroupPagePermission.objects.filter(group=team).delete()
    assert client.get(f"/admin/pages/{programme.pk}/edit/").status_code == 302


def test_the_pages_a_user_may_edit_are_those_wagtail_finds(member, team, pages):
    from wagtail.permission_policies.pages import PagePermissionPolicy

    index, other, programme = pages
    owned = other.add_child(instance=ProgrammePage(title="Eigen", slug="eigen", intro="Van mij.", owner=member))
    not_owned = other.add_child(instance=ProgrammePage(title="Niet eigen", slug="niet-eigen", intro="Niet van mij."))
    deeper = programme.add_child(instance=ProgrammePage(title="Dieper", slug="dieper", intro="Eronder."))
    add_page = Permission.objects.get(codename="add_page", content_type__app_label="wagtailcore")
    GroupPagePermission.objects.create(group=team, page=programme, permission=change_page())
    GroupPagePermission.objects.create(group=team, page=other, permission=add_page)
    user = next_request(member)
    for actions in ({"change"}, {"add"}, {"change", "add"}, {"publish"}):
        ours = CachedPagePermissionPolicy().instances_user_has_any_permission_for(user, actions)
        wagtails = PagePermissionPolicy().instances_user_has_any_permission_for(user, actions)
        assert set(ours) == set(wagtails), actions
    editable = set(coordinated_programmes(next_request(member)))
    assert editable == {programme, deeper, owned}
    assert not_owned not in editable
    assert index not in editable
