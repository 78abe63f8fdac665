import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from tests.website.factories import StandardPageFactory, UserFactory
from website.models import HomePage, StandardPage


def test_home_page_only_lives_at_the_root(home):
    assert HomePage.can_exist_under(Page.get_first_root_node())
    assert not HomePage.can_exist_under(home)


def test_standard_pages_live_under_home_and_under_each_other(home, info_page):
    assert StandardPage.can_create_at(home)
    assert StandardPage.can_create_at(info_page)
    assert not StandardPage.can_create_at(Page.get_first_root_node())


@pytest.mark.parametrize(
    ("path", "lang", "title"),
    [
        ("/", "nl-be", "Samen sterk in de buurt"),
        ("/fr/", "fr", "Ensemble dans le quartier"),
        ("/en/", "en", "Stronger together"),
    ],
)
def test_home_page_is_served_in_each_language(client, home, path, lang, title):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert f"<h1>{title}</h1>" in html


def test_dutch_has_one_address_only(client, home, info_page):
    assert client.get("/sociale-dienst/").status_code == 200
    assert client.get("/nl/sociale-dienst/").status_code == 404
    assert client.get("/nl/").status_code == 404


def test_home_page_links_the_ways_in_in_the_visitors_language(client, home, info_page):
    home.finder_page = info_page
    home.save_revision().publish()
    html = client.get("/fr/").content.decode()
    assert 'href="/fr/service-social/"' in html


def test_home_page_leaves_out_ways_in_that_are_not_published(client, home, info_page):
    home.badge_page = info_page
    home.save_revision().publish()
    info_page.unpublish()
    assert 'class="way-in"' not in client.get("/").content.decode()


def test_home_page_says_when_nothing_is_on_this_week(client, home):
    assert "Deze week staat er nog niets gepland" in client.get("/").content.decode()


def test_main_menu_lists_menu_pages_in_the_active_language(client, home, info_page):
    hidden = StandardPageFactory(parent=home, title="Privacyverklaring", show_in_menus=False)
    html = client.get("/fr/").content.decode()
    assert '<a href="/fr/service-social/">Service social</a>' in html
    assert hidden.title not in html
    assert "Sociale dienst" not in html


def test_language_switcher_points_at_the_translation_of_the_page(client, home, info_page):
    html = client.get("/sociale-dienst/").content.decode()
    assert 'href="/fr/service-social/" lang="fr"' in html
    # No English translation of this page: the English home page instead.
    assert 'href="/en/" lang="en"' in html
    assert 'href="/sociale-dienst/" lang="nl" hreflang="nl" aria-current="true"' in html


def test_pages_announce_their_translations_with_absolute_urls(client, home, info_page):
    html = client.get("/sociale-dienst/").content.decode()
    assert '<link rel="alternate" hreflang="fr" href="http://testserver/fr/service-social/">' in html


def test_standard_page_renders_its_blocks(client, home):
    StandardPageFactory(
        parent=home,
        slug="kruidenier",
        body=[
            ("heading", {"text": "Hoe krijg je een badge?"}),
            ("info_box", {"title": "Wat breng je mee?", "text": "<p>Je identiteitskaart.</p>"}),
            ("question", {"question": "Hoe lang is mijn badge geldig?", "answer": "<p>Zes maanden.</p>"}),
        ],
    )
    html = client.get("/kruidenier/").content.decode()
    assert "<h2>Hoe krijg je een badge?</h2>" in html
    assert '<aside class="info-box" aria-label="Wat breng je mee?">' in html
    assert "<summary>Hoe lang is mijn badge geldig?</summary>" in html


def test_unknown_page_gets_the_friendly_404_in_the_visitors_language(client, home):
    response = client.get("/fr/bestaat-niet/")
    assert response.status_code == 404
    assert '<html lang="fr">' in response.content.decode()
    assert "/fr/search/" in response.content.decode()


def test_home_page_query_count_does_not_grow_with_menu_items(client, home, organisation, django_assert_max_num_queries):
    StandardPageFactory(parent=home, show_in_menus=True, slug="pagina")
    with CaptureQueriesContext(connection) as one_item:
        client.get("/")
    for n in range(8):
        StandardPageFactory(parent=home, show_in_menus=True, slug=f"pagina-{n}")
    with django_assert_max_num_queries(len(one_item)):
        client.get("/")
    assert len(one_item) <= 18


def test_editor_can_create_a_standard_page_in_the_admin(client, home):
    editor = UserFactory(roles=["editors"])
    client.force_login(editor)
    response = client.post(
        f"/admin/pages/add/website/standardpage/{home.pk}/",
        {
            "title": "Oudergroep Bulgaars",
            "slug": "oudergroep-bulgaars",
            "intro": "Elke dinsdag.",
            "body-count": "0",
            "action-publish": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = StandardPage.objects.get(slug="oudergroep-bulgaars", locale__language_code="nl")
    assert page.live
    assert page.get_parent().pk == home.pk


def test_volunteer_cannot_reach_the_page_editor(client, home):
    client.force_login(UserFactory(roles=["grocery_volunteers"]))
    response = client.get(f"/admin/pages/{home.pk}/edit/")
    assert response.status_code == 302
    assert not Permission.objects.filter(
        group__user__username=response.wsgi_request.user.username, codename="access_admin"
    ).exists()


def test_home_page_lists_this_weeks_sessions_in_the_visitors_language(client, home):
    from tests.conftest import translate
    from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
    from tests.programmes.test_finder import at

    index = ProgrammeIndexPageFactory(parent=home)
    page = ProgrammePageFactory(parent=index, title="Ouderontbijt De Living", slug="de-living")
    SessionFactory(programme=page, starts_at=at(2))
    SessionFactory(programme=page, starts_at=at(9))
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(page, french_index, "fr", title="Petit-déjeuner des parents", slug="petit-dejeuner", intro="Café.")
    dutch = client.get("/")
    assert len(dutch.context["sessions_this_week"]) == 1
    assert 'href="/aanbod/de-living/">Ouderontbijt De Living</a>' in dutch.content.decode()
    assert 'href="/fr/activites/petit-dejeuner/">Petit-déjeuner des parents</a>' in client.get("/fr/").content.decode()
