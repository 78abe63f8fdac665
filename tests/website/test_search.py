import pytest

from tests.website.factories import StandardPageFactory


@pytest.fixture
def grocery_page(home):
    return StandardPageFactory(parent=home, title="Sociale kruidenier", slug="sociale-kruidenier")


def test_search_finds_pages_in_the_active_language(client, grocery_page):
    results = client.get("/search/", {"q": "kruidenier"}).context["results"]
    assert [page.pk for page in results] == [grocery_page.pk]
    assert list(client.get("/fr/search/", {"q": "kruidenier"}).context["results"]) == []


def test_empty_search_shows_the_form_without_an_error(client, home):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert 'aria-invalid="true"' not in response.content.decode()


def test_too_long_search_explains_the_limit_and_searches_nothing(client, home):
    response = client.get("/search/", {"q": "x" * 101})
    assert response.status_code == 200
    assert response.context["results"] is None
    assert response.context["form"].errors["q"]


@pytest.mark.parametrize("page", ["abc", "999", "-1", ""])
def test_search_survives_any_page_number(client, grocery_page, page):
    assert client.get("/search/", {"q": "kruidenier", "page": page}).status_code == 200


def test_search_refuses_other_methods(client, home):
    assert client.post("/search/", {"q": "x"}).status_code == 405
