"""Secret links for personal calendar feeds.

A token is 32 random bytes (256 bits), shown once and stored only as its
SHA-256: a database dump does not reveal working links. A wrong, revoked or
unknown token all look the same to the caller (None, and a 404 in the view).
"""

import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from programmes.models.feeds import FeedToken, token_hash

_feeds = {}


def register_personal_feed(model, build):
    """`build(owner, request)` returns (calendar name, sessions queryset).
    Households and volunteers register theirs in the apps that own them."""
    _feeds[model] = build


def personal_feed_for(owner):
    return _feeds.get(type(owner))


@transaction.atomic
def issue_token(owner):
    """A new secret for `owner`; the previous one stops working. Returns the raw token."""
    revoke_token(owner)
    raw = secrets.token_urlsafe(32)
    FeedToken.objects.create(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, token_hash=token_hash(raw)
    )
    return raw


def revoke_token(owner):
    return FeedToken.objects.filter(
        owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def owner_for_token(raw):
    if not raw or len(raw) > 100:
        return None
    token = (
        FeedToken.objects.filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .select_related("owner_type")
        .first()
    )
    return token.owner if token else None
