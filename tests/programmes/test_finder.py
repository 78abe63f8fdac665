import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page

from programmes.models import Language, Session
from tests.conftest import translate
from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory, VenueFactory


def at(days, hour=9):
    """A local time `days` from today at `hour`."""
    day = timezone.localdate() + datetime.timedelta(days=days)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def add_sessions(programme, *starts):
    for starts_at in starts:
        SessionFactory(programme=programme, starts_at=starts_at, venue=programme.venue)


@pytest.fixture
def index(home):
    return ProgrammeIndexPageFactory(parent=home)


@pytest.fixture
def breakfast(index):
    page = ProgrammePageFactory(
        parent=index,
        title="Ouderontbijt De Living",
        slug="de-living",
        for_parents=True,
        kind="meetup",
        venue=VenueFactory(name="Buurthuis De Kring", neighbourhood="Nekkerspoel"),
    )
    add_sessions(page, at(1), at(8))
    return page


@pytest.fixture
def kids_group(index):
    page = ProgrammePageFactory(
        parent=index,
        title="Kindergroep De Speelvogels",
        slug="speelvogels",
        kind="group",
        for_parents=False,
        for_children=True,
        min_age_months=72,
        max_age_months=155,
        registration_mode="per_session",
        price=2,
        social_tariff="0.50",
        venue=VenueFactory(name="Basisschool De Zonnebloem", neighbourhood="Battel"),
    )
    page.languages.set([Language.objects.get(code="bg")])
    page.save_revision().publish()
    add_sessions(page, at(2, hour=14), at(9, hour=14), at(16, hour=19))
    return page


def finder(client, **params):
    response = client.get("/aanbod/", params)
    assert response.status_code == 200
    return response


def shown(response):
    return [
        (s.programme.slug, timezone.localtime(s.starts_at)) for _day, group in response.context["groups"] for s in group
    ]


def titles(response):
    return {s.programme.slug for _day, group in response.context["groups"] for s in group}


def test_finder_lists_upcoming_sessions_grouped_by_day(client, breakfast, kids_group):
    SessionFactory(programme=breakfast, starts_at=at(-3))
    response = finder(client)
    assert response.context["results_page"].paginator.count == 5
    days = [day for day, _group in response.context["groups"]]
    assert days == sorted(days)
    assert days[0] == timezone.localdate() + datetime.timedelta(days=1)


def test_age_finds_activities_for_a_child_of_that_age(client, breakfast, kids_group):
    assert titles(finder(client, age=7)) == {"speelvogels"}
    assert titles(finder(client, age=13)) == set()


def test_for_parents_narrows_to_parent_activities_and_unticked_leaves_all(client, breakfast, kids_group):
    assert titles(finder(client, for_parents="on")) == {"de-living"}
    assert titles(finder(client, q="")) == {"de-living", "speelvogels"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "group"}, {"speelvogels"}),
        ({"language": "bg"}, {"speelvogels"}),
        ({"neighbourhood": "Nekkerspoel"}, {"de-living"}),
        ({"cost": "free"}, {"de-living"}),
        ({"cost": "social"}, {"de-living", "speelvogels"}),
        ({"joining": "walk_in"}, {"de-living"}),
        ({"joining": "register"}, {"speelvogels"}),
        ({"part_of_day": "afternoon"}, {"speelvogels"}),
        ({"part_of_day": "morning"}, {"de-living"}),
        ({"q": "speelvogels"}, {"speelvogels"}),
        ({"q": "LIVING"}, {"de-living"}),
    ],
)
def test_each_filter_alone(client, breakfast, kids_group, params, expected):
    assert titles(finder(client, **params)) == expected


def test_weekday_filter_uses_the_local_day(client, breakfast, kids_group):
    weekday = at(1).astimezone(timezone.get_current_timezone()).isoweekday()
    response = finder(client, weekday=[str(weekday)])
    assert all(start.isoweekday() == weekday for _slug, start in shown(response))
    assert shown(response)


def test_venue_filter(client, breakfast, kids_group):
    assert titles(finder(client, venue=breakfast.venue.pk)) == {"de-living"}


def test_date_range_filters_on_local_dates(client, breakfast, kids_group):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = finder(client, date_from=tomorrow.isoformat(), date_to=tomorrow.isoformat())
    assert shown(response) == [("de-living", at(1))]


def test_filters_combine(client, breakfast, kids_group):
    response = finder(client, age=7, part_of_day="evening", language="bg")
    assert [slug for slug, _ in shown(response)] == ["speelvogels"]


@pytest.mark.parametrize(
    "params",
    [
        {"age": "zeven"},
        {"age": "-3"},
        {"age": "999"},
        {"date_from": "morgen"},
        {"venue": "999999"},
        {"venue": "abc"},
        # More than a 64-bit id: SQLite overflowed on it in Django's own lookup.
        {"venue": "9" * 40},
        {"venue": "²"},
        {"language": "xx"},
        {"kind": "<script>"},
        {"weekday": "9"},
        {"page": "9999"},
        {"page": "abc"},
        {"q": "x" * 500},
    ],
)
def test_bad_values_give_results_and_a_message_never_an_error(client, breakfast, kids_group, params):
    response = finder(client, **params)
    assert response.context["results_page"].paginator.count == 5
    if "page" not in params:
        assert response.context["filter"].form.errors
        assert 'role="alert"' in response.content.decode()


def test_reversed_dates_are_explained_and_the_end_left_out(client, breakfast, kids_group):
    later = timezone.localdate() + datetime.timedelta(days=8)
    response = finder(client, date_from=later.isoformat(), date_to=timezone.localdate().isoformat())
    assert "date_to" in response.context["filter"].form.errors
    assert {start.date() for _slug, start in shown(response)} >= {later}


def test_page_number_past_the_end_shows_the_last_page(client, breakfast, kids_group):
    response = finder(client, page=9999)
    assert response.context["results_page"].number == response.context["results_page"].paginator.num_pages


def test_options_show_counts_from_the_unfiltered_set_and_do_not_vanish(client, breakfast, kids_group):
    form = finder(client, kind="group").context["filter"].form
    kinds = dict(form.fields["kind"].choices)
    assert kinds["meetup"].endswith("(2)")
    assert kinds["group"].endswith("(3)")
    assert "playground" not in kinds


def form_html(response):
    html = response.content.decode()
    return html[html.index('<form method="get" class="finder-form"') : html.index("</form>")]


def test_the_form_from_the_cache_shows_the_counts_and_follows_changes(client, breakfast, kids_group):
    first = finder(client, kind="group")
    again = finder(client, kind="group")  # the form's HTML from the cache: nothing labelled this time
    assert form_html(again) == form_html(first)
    assert re.search(r'value="group" selected>[^<]*\(3\)</option>', form_html(again))
    add_sessions(kids_group, at(23, hour=14))
    assert re.search(r'value="group" selected>[^<]*\(4\)</option>', form_html(finder(client, kind="group")))


def test_an_option_without_sessions_is_refused_also_when_the_form_comes_from_the_cache(client, breakfast, kids_group):
    empty = VenueFactory(name="Zaal zonder activiteiten")
    for _ in range(2):
        response = finder(client, venue=empty.pk)
        assert response.context["filter"].form.has_error("venue")
        assert "form-errors" in response.content.decode()
        assert titles(response) == {"de-living", "speelvogels"}


def test_active_filters_have_remove_links_that_keep_the_others(client, breakfast, kids_group):
    active = finder(client, age=7, kind="group").context["active_filters"]
    removes = {item["remove_url"] for item in active}
    assert removes == {"?kind=group", "?age=7"}


def test_several_filters_keep_the_page_out_of_search_engines(client, breakfast, kids_group):
    assert '<meta name="robots" content="noindex">' not in finder(client, age=7).content.decode()
    assert '<meta name="robots" content="noindex">' in finder(client, age=7, kind="group").content.decode()


def test_by_programme_shows_each_programme_with_its_next_sessions(client, breakfast, kids_group):
    response = finder(client, view="programmes")
    groups = response.context["groups"]
    assert [(programme.slug, len(sessions), total) for programme, sessions, total in groups] == [
        ("de-living", 2, 2),
        ("speelvogels", 3, 3),
    ]


def test_cancelled_sessions_stay_visible_with_their_reason(client, breakfast):
    Session.objects.filter(programme=breakfast).update(status="cancelled", cancel_reason="Zieke begeleider")
    html = finder(client).content.decode()
    assert "Zieke begeleider" in html
    assert "badge--cancelled" in html


def test_unpublished_programmes_are_not_found(client, breakfast, kids_group):
    kids_group.unpublish()
    assert titles(finder(client)) == {"de-living"}


def test_french_finder_shows_the_same_sessions_with_french_titles(client, home, index, breakfast):
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(
        breakfast,
        french_index,
        "fr",
        title="Petit-déjeuner des parents",
        slug="petit-dejeuner",
        intro="Café et croissants.",
    )
    response = client.get("/fr/activites/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Petit-déjeuner des parents" in html
    assert 'href="/fr/activites/petit-dejeuner/"' in html


def test_result_links_are_wagtails_own_urls_in_both_views_and_languages(client, home, index, breakfast, kids_group):
    french_index = translate(index, home.translations["fr"], "fr", title="Activités", slug="activites")
    translate(breakfast, french_index, "fr", title="Petit-déjeuner des parents", slug="petit-dejeuner", intro="Café.")
    for url in ("/aanbod/", "/fr/activites/"):
        for view in ({}, {"view": "programmes"}):
            response = client.get(url, view)
            assert response.status_code == 200
            groups = response.context["groups"]
            programmes = (
                [group[0] for group in groups] if view else [s.localized_programme for _d, g in groups for s in g]
            )
            # The agenda's rows carry values, not pages: Wagtail's URL is the page's.
            links = {page.finder_url: Page.objects.get(pk=page.pk).get_url() for page in programmes}
            assert list(links) == list(links.values())
            for link in links:
                assert f'href="{link}"' in response.text
    # The French finder links to the Dutch page of a programme with no French version.
    assert {p.finder_url for p in programmes} == {"/fr/activites/petit-dejeuner/", kids_group.get_url()}


def test_finder_query_count_does_not_grow_with_programmes(client, index, django_assert_max_num_queries):
    params = {"for_parents": "on", "weekday": ["1", "2", "3"]}

    def build_and_warm(n):
        for k in range(n):
            add_sessions(ProgrammePageFactory(parent=index, slug=f"p{k}-{n}"), at(1 + k % 5))
        client.get("/aanbod/", params)  # counts per option are cached between requests

    build_and_warm(10)
    with CaptureQueriesContext(connection) as ten:
        client.get("/aanbod/", params)
    queries_for_ten = len(ten)  # read now: the next request resets the log
    build_and_warm(190)
    with django_assert_max_num_queries(queries_for_ten):
        response = client.get("/aanbod/", params)
    assert response.context["results_page"].paginator.count > 10


def test_a_restriction_above_a_programme_hides_its_sessions_everywhere(client, home, index, breakfast):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=index, restriction_type=PageViewRestriction.LOGIN)
    assert not Session.objects.public().exists()
    assert client.get("/").context["sessions_this_week"] == []


def test_a_restriction_on_one_programme_hides_that_programme_alone(client, index, breakfast, kids_group):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=kids_group, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert titles(finder(client)) == {"de-living"}
    assert set(Session.objects.public().values_list("programme__slug", flat=True)) == {"de-living"}
    # A programme below a restricted one (a deeper level) is hidden too.
    below = ProgrammePageFactory(parent=kids_group, slug="onder-de-speelvogels")
    add_sessions(below, at(3))
    assert titles(finder(client)) == {"de-living"}
    PageViewRestriction.objects.all().delete()
    assert titles(finder(client)) == {"de-living", "speelvogels", "onder-de-speelvogels"}


def test_the_agenda_pages_through_the_matches_in_order_with_local_times(client, index):
    programme = ProgrammePageFactory(parent=index, slug="elke-dag")
    add_sessions(programme, *(at(1 + k, hour=8 + k % 10) for k in range(25)))
    first, second = finder(client), finder(client, page=2)
    assert first.context["results_page"].paginator.count == 25
    assert [start for _slug, start in shown(first)] == [at(1 + k, hour=8 + k % 10) for k in range(20)]
    assert [start for _slug, start in shown(second)] == [at(1 + k, hour=8 + k % 10) for k in range(20, 25)]
    assert '<span class="session__time">08:00–' in first.content.decode()


def test_the_finder_with_filters_makes_a_fixed_number_of_queries(
    client, breakfast, kids_group, django_assert_max_num_queries
):
    finder(client)  # counts per option are cached between requests
    # Serving the page and the layout around it takes 15; the finder asks for
    # the default locale (which is also the active one here), the number of
    # matches, the ids of one page of them and those sessions (the view
    # restrictions are in the first two).
    with django_assert_max_num_queries(19):
        finder(client, age=7, weekday=["3"])
