import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, Site

from website.models import HomePage, OrganisationSettings, StandardPage


@pytest.fixture
def seeded(db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_seed_demo_builds_the_site_in_three_languages(seeded, client):
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert set(HomePage.objects.values_list("locale__language_code", flat=True)) == {"nl", "fr", "en"}
    for path in ("/", "/fr/", "/en/", "/sociale-kruidenier/", "/fr/epicerie-sociale/", "/en/social-grocery/"):
        assert client.get(path).status_code == 200, path


def test_seed_demo_links_the_ways_in_and_the_privacy_statement(seeded):
    home = HomePage.objects.get(locale__language_code="nl")
    assert home.finder_page
    assert home.badge_page
    assert home.playground_page
    organisation = OrganisationSettings.objects.get()
    assert organisation.privacy_page.title == "Privacyverklaring"
    organisation.full_clean()


def test_seed_demo_creates_one_user_per_role(seeded):
    users = get_user_model().objects.prefetch_related("groups")
    roles = {user.username: {g.name for g in user.groups.all()} for user in users}
    assert roles["els"] == {"Coordinators"}
    assert roles["sofie"] == {"Social workers"}
    assert roles["marc"] == {"Grocery volunteers"}
    assert roles["yasmina"] == {"Animators"}
    assert roles["pieter"] == {"Editors"}
    assert users.get(username="admin").is_superuser


def test_seed_demo_runs_twice_without_changing_anything(seeded):
    counts = (Page.objects.count(), StandardPage.objects.count(), get_user_model().objects.count())
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (Page.objects.count(), StandardPage.objects.count(), get_user_model().objects.count()) == counts


@override_settings(KANSEN_DEMO_DATA_ALLOWED=False)
def test_seed_demo_refuses_to_run_where_demo_data_is_not_allowed(db):
    with pytest.raises(CommandError, match="not allowed"):
        call_command("seed_demo")
    assert not HomePage.objects.exists()
    assert not get_user_model().objects.exists()


def test_production_settings_do_not_allow_demo_data():
    from website.settings import base

    assert base.KANSEN_DEMO_DATA_ALLOWED is False
