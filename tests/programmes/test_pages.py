import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from groceries.models import GroceryPage
from holiday_play.models import PlaygroundPage
from programmes.models import ProgrammeIndexPage, ProgrammePage, Session
from programmes.services import scheduling
from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
from tests.programmes.test_finder import at
from tests.website.factories import UserFactory
from website.models import HomePage, StandardPage


def test_programmes_live_only_under_the_activities_page(home):
    index = ProgrammeIndexPageFactory(parent=home)
    assert ProgrammePage.can_exist_under(index)
    assert not ProgrammePage.can_exist_under(home)
    assert ProgrammeIndexPage.can_exist_under(home)
    assert not ProgrammeIndexPage.can_exist_under(Page.get_first_root_node())
    assert HomePage.allowed_subpage_models() == [StandardPage, ProgrammeIndexPage]


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"for_children": True, "min_age_months": 100, "max_age_months": 50}, "max_age_months"),
        ({"for_children": False, "min_age_months": 24}, "for_children"),
        ({"price": 2, "social_tariff": 3}, "social_tariff"),
    ],
)
def test_programme_refuses_contradictions(home, fields, error_field):
    page = ProgrammePageFactory.build(**fields)
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert error_field in excinfo.value.message_dict


def test_editor_creates_a_programme_with_a_schedule_and_sessions_appear(client, home):
    index = ProgrammeIndexPageFactory(parent=home)
    client.force_login(UserFactory(roles=["editors"]))
    data = nested_form_data(
        {
            "title": "Ouderontbijt De Living",
            "slug": "de-living",
            "intro": "Ontbijt en babbel voor ouders van jonge kinderen.",
            "body": streamfield([("paragraph", rich_text("<p>Elke eerste woensdag.</p>"))]),
            "kind": "meetup",
            "for_parents": "on",
            "registration_mode": "walk_in",
            "capacity_counts": "persons",
            "price": "0",
            "schedule_rules": inline_formset(
                [
                    {
                        "preset": "monthly",
                        "start_time": "09:00",
                        "end_time": "11:00",
                        "first_date": datetime.date.today().replace(day=1).isoformat(),
                    }
                ]
            ),
            "shift_templates": inline_formset([]),
            "action-publish": "publish",
        }
    )
    # Checkbox groups post one value per ticked box under the same name.
    data |= {
        "schedule_rules-0-weekdays": ["WE"],
        "schedule_rules-0-nths": ["1"],
        "schedule_rules-0-excluded_months": ["7", "8"],
    }
    response = client.post(f"/admin/pages/add/programmes/programmepage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = ProgrammePage.objects.get(slug="de-living", locale__language_code="nl")
    assert page.schedule_rules.get().rrule.startswith("FREQ=MONTHLY;BYDAY=1WE;BYMONTH=1,2,3,4,5,6,9,10,11,12")
    sessions = Session.objects.filter(programme=page)
    assert 9 <= sessions.count() <= 11
    assert {s.local_weekday for s in sessions} == {3}
    assert {s.local_hour for s in sessions} == {9}


def test_programme_page_shows_what_families_need(client, home):
    page = ProgrammePageFactory(
        parent=ProgrammeIndexPageFactory(parent=home),
        slug="speelvogels",
        for_children=True,
        for_parents=False,
        min_age_months=72,
        max_age_months=155,
        price=2,
        social_tariff="0.50",
        registration_mode="per_session",
    )
    SessionFactory(programme=page, starts_at=at(3, hour=14))
    cancelled = SessionFactory(programme=page, starts_at=at(10, hour=14))
    scheduling.cancel_session(cancelled, reason="Speelplein gesloten", by=None)
    html = client.get("/aanbod/speelvogels/").content.decode()
    assert "6 to 12 years" in html or "6 tot 12 jaar" in html
    assert "0,50" in html
    assert "openstreetmap.org/?mlat=51.030514" in html
    assert "Speelplein gesloten" in html
    assert html.count('class="session') >= 2


def test_programme_page_has_no_sessions_message(client, home):
    ProgrammePageFactory(parent=ProgrammeIndexPageFactory(parent=home), slug="nieuw")
    assert "empty-state" in client.get("/aanbod/nieuw/").content.decode()


def test_programme_page_query_count_does_not_grow_with_sessions(client, home, django_assert_max_num_queries):
    page = ProgrammePageFactory(parent=ProgrammeIndexPageFactory(parent=home), slug="druk")
    SessionFactory(programme=page, starts_at=at(1))
    client.get("/aanbod/druk/")
    with CaptureQueriesContext(connection) as one:
        client.get("/aanbod/druk/")
    queries_for_one = len(one)
    for day in range(2, 30):
        SessionFactory(programme=page, starts_at=at(day))
    with django_assert_max_num_queries(queries_for_one):
        client.get("/aanbod/druk/")


def test_publishing_a_translation_does_not_create_sessions_for_it(home):
    from tests.conftest import translate

    index = ProgrammeIndexPageFactory(parent=home)
    page = ProgrammePageFactory(parent=index, slug="groep")
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(page, french_index, "fr", title="Groupe", slug="groupe", intro="Un groupe de parents.")
    assert not Session.objects.filter(programme__locale__language_code="fr").exists()


def test_the_admin_links_a_programme_to_its_sessions(client, home, admin_user):
    index = ProgrammeIndexPageFactory(parent=home)
    page = ProgrammePageFactory(parent=index, slug="groep")
    client.force_login(admin_user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert f"/admin/session/?programme={page.pk}" in html
    listing = client.get(f"/admin/session/?programme={page.pk}")
    assert listing.status_code == 200


def test_every_kind_of_programme_goes_under_the_finder_and_nothing_else():
    assert set(ProgrammeIndexPage.allowed_subpage_models()) == {ProgrammePage, GroceryPage, PlaygroundPage}
