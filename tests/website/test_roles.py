import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from tests.website.factories import UserFactory

EXPECTED = {
    "coordinators": {
        "wagtailadmin.access_admin",
        "website.use_desk",
        "programmes.add_session",
        "programmes.change_session",
        "programmes.view_session",
        # Registering families at the desk (programmes/migrations/0004).
        "programmes.add_household",
        "programmes.change_household",
        "programmes.view_household",
        "programmes.add_person",
        "programmes.change_person",
        "programmes.view_person",
        "programmes.add_registration",
        "programmes.change_registration",
        "programmes.view_registration",
        "programmes.add_membership",
        "programmes.change_membership",
        "programmes.view_membership",
        # School holidays (holiday_play/migrations/0002).
        "holiday_play.add_holidayperiod",
        "holiday_play.change_holidayperiod",
        "holiday_play.delete_holidayperiod",
        "holiday_play.view_holidayperiod",
        # Children's profiles at the playgrounds they coordinate (holiday_play/migrations/0004).
        "holiday_play.view_childprofile",
        "holiday_play.change_childprofile",
        # Volunteers, their certificates, roles and shifts (programmes/migrations/0008).
        *(
            f"programmes.{action}_{model}"
            for model in ("volunteer", "certificate", "role", "shift")
            for action in ("add", "change", "view")
        ),
    },
    "social_workers": {
        "wagtailadmin.access_admin",
        "programmes.view_household",
        "programmes.view_person",
        "programmes.view_registration",
        "programmes.view_membership",
        # Grocery badges, and what happened at the door (groceries/migrations/0002).
        "groceries.add_badge",
        "groceries.change_badge",
        "groceries.view_badge",
        "groceries.view_visit",
        "groceries.view_checkattempt",
        # Signals about children: read and follow up (holiday_play/migrations/0003).
        "holiday_play.view_signal",
        "holiday_play.change_signal",
    },
    "grocery_volunteers": {"website.use_desk"},
    "animators": {"website.use_desk"},
    "volunteers": {"website.use_desk"},
}


def permissions_of(group):
    return {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}


@pytest.mark.parametrize(("key", "expected"), EXPECTED.items())
def test_role_group_has_exactly_its_permissions(db, key, expected):
    group = Group.objects.get(name=settings.KANSEN_ROLE_GROUPS[key])
    assert permissions_of(group) == expected
    assert not GroupPagePermission.objects.filter(group=group).exists()


def test_editors_publish_pages_and_manage_media_from_the_root(db):
    editors = Group.objects.get(name=settings.KANSEN_ROLE_GROUPS["editors"])
    assert "wagtailadmin.access_admin" in permissions_of(editors)
    page_perms = GroupPagePermission.objects.filter(group=editors, page__depth=1)
    assert set(page_perms.values_list("permission__codename", flat=True)) == {
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
    }
    collection_perms = GroupCollectionPermission.objects.filter(group=editors, collection__depth=1)
    assert {"add_image", "choose_image", "add_document", "choose_document"} <= set(
        collection_perms.values_list("permission__codename", flat=True)
    )


@pytest.mark.parametrize(
    ("key", "admin", "desk"),
    [
        ("coordinators", True, True),
        ("social_workers", True, False),
        ("grocery_volunteers", False, True),
        ("animators", False, True),
        ("volunteers", False, True),
        ("editors", True, False),
    ],
)
def test_each_role_reaches_only_its_own_tools(client, home, key, admin, desk):
    user = UserFactory(roles=[key])
    client.force_login(user)
    assert (client.get("/admin/").status_code == 200) is admin
    assert (client.get("/desk/").status_code == 200) is desk
    assert user.has_perm("website.use_desk") is desk


def test_a_user_without_a_role_reaches_neither(client, home):
    client.force_login(UserFactory())
    assert client.get("/admin/").status_code == 302
    assert client.get("/desk/").status_code == 403


# Admin hygiene: whoever may add or change users, or groups and their
# permissions, can make themselves a superuser in Wagtail. No role group may.
USER_ADMINISTRATION = {
    "auth.add_user",
    "auth.change_user",
    "auth.delete_user",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
    "auth.add_permission",
    "auth.change_permission",
    "wagtailcore.add_grouppagepermission",
    "wagtailcore.change_grouppagepermission",
    "wagtailcore.add_groupcollectionpermission",
    "wagtailcore.change_groupcollectionpermission",
    "wagtailusers.add_userprofile",
    "wagtailusers.change_userprofile",
}


def test_no_group_may_administer_users_groups_or_permissions(db):
    # Every group the migrations made, role groups and teams alike.
    for group in Group.objects.all():
        assert not permissions_of(group) & USER_ADMINISTRATION, group.name


def test_a_coordinator_cannot_open_the_user_or_group_admin(client, home):
    client.force_login(UserFactory(roles=["coordinators"]))
    for name in (
        "wagtailusers_users:index",
        "wagtailusers_users:add",
        "wagtailusers_groups:index",
        "wagtailusers_groups:add",
    ):
        response = client.get(reverse(name))
        # Wagtail refuses an admin user without the permission with a redirect to the dashboard.
        assert (response.status_code, response["Location"]) == (302, "/admin/"), name


@pytest.mark.django_db
@pytest.mark.parametrize("group", ["9" * 40, "²", "abc"])
def test_the_users_list_filtered_on_what_cannot_be_a_group_says_so(admin_client, home, group):
    # On SQLite a 40-digit group id overflowed in Django's own lookup: a server error.
    client = admin_client
    coordinators = Group.objects.get(name="Coordinators")
    response = client.get(reverse("wagtailusers_users:index"), {"group": [str(coordinators.pk), group]})
    assert response.status_code == 200
    assert "group" in response.context["filters"].form.errors
    assert client.get(reverse("wagtailusers_users:index"), {"group": coordinators.pk}).status_code == 200
