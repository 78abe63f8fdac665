import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError

from programmes.models import FeedToken, Session
from programmes.services import feed_tokens
from tests.programmes.factories import ProgrammeIndexPageFactory, ProgrammePageFactory, SessionFactory
from tests.programmes.test_finder import at
from tests.website.factories import UserFactory


@pytest.fixture
def volunteer_feeds(monkeypatch, home):
    """Volunteers' shifts come later; here a user's feed is the sessions of 'their' programme."""
    index = ProgrammeIndexPageFactory(parent=home)
    mine = ProgrammePageFactory(parent=index, title="Sociale kruidenier", slug="kruidenier")
    other = ProgrammePageFactory(parent=index, title="Kindergroep", slug="kindergroep")
    SessionFactory(programme=mine, starts_at=at(3, hour=13))
    SessionFactory(programme=other, starts_at=at(4, hour=14))
    assignments = {}

    def build(user, request):
        return "Mijn beurten", Session.objects.filter(programme=assignments[user.pk])

    monkeypatch.setattr(feed_tokens, "_feeds", {})
    feed_tokens.register_personal_feed(get_user_model(), build)
    return assignments, mine, other


def test_a_token_is_long_random_and_stored_only_as_a_hash(db):
    user = UserFactory()
    raw = feed_tokens.issue_token(user)
    assert len(raw) >= 43  # 32 random bytes
    stored = FeedToken.objects.get()
    assert raw not in stored.token_hash
    assert feed_tokens.owner_for_token(raw) == user


def test_regenerating_revokes_the_old_token(db):
    user = UserFactory()
    old = feed_tokens.issue_token(user)
    new = feed_tokens.issue_token(user)
    assert feed_tokens.owner_for_token(old) is None
    assert feed_tokens.owner_for_token(new) == user


def test_a_revoked_token_stops_working(db):
    user = UserFactory()
    raw = feed_tokens.issue_token(user)
    assert feed_tokens.revoke_token(user) == 1
    assert feed_tokens.owner_for_token(raw) is None


def test_an_owner_has_one_active_token_at_most(db):
    user = UserFactory()
    feed_tokens.issue_token(user)
    with pytest.raises(IntegrityError):
        FeedToken.objects.create(owner=user, token_hash="x" * 64)


def test_the_personal_feed_shows_only_the_owners_sessions(client, volunteer_feeds):
    assignments, mine, other = volunteer_feeds
    marc, els = UserFactory(username="marc"), UserFactory(username="els")
    assignments.update({marc.pk: mine, els.pk: other})
    response = client.get(f"/calendars/{feed_tokens.issue_token(marc)}.ics")
    assert response.status_code == 200
    body = response.content.decode()
    assert "X-WR-CALNAME:Mijn beurten" in body
    assert "Sociale kruidenier" in body
    assert "Kindergroep" not in body
    assert response["Cache-Control"] == "private, no-store"


def test_wrong_revoked_and_unknown_tokens_all_look_the_same(client, volunteer_feeds):
    assignments, mine, _other = volunteer_feeds
    marc = UserFactory(username="marc")
    assignments[marc.pk] = mine
    revoked = feed_tokens.issue_token(marc)
    feed_tokens.issue_token(marc)
    responses = [
        client.get(f"/calendars/{revoked}.ics"),
        client.get(f"/calendars/{'A' * 43}.ics"),
        client.get("/calendars/kort.ics"),
    ]
    assert [r.status_code for r in responses] == [404, 404, 404]
    # The 404 page only echoes the address asked for: nothing tells a revoked token from a made-up one.
    assert responses[0].content.replace(revoked.encode(), b"T") == responses[1].content.replace(b"A" * 43, b"T")


def test_an_owner_without_a_personal_feed_gets_a_404(client, db, monkeypatch):
    monkeypatch.setattr(feed_tokens, "_feeds", {})
    assert client.get(f"/calendars/{feed_tokens.issue_token(UserFactory())}.ics").status_code == 404
