"""Who may do what at a grocery.

The door: the grocery's door team (a group chosen on the page) and its
coordinators (Wagtail page permissions, as everywhere in programmes), with
the desk permission. Badges: social workers (the role's model permissions)
who are in the grocery's social-work team. Groceries are scoped: a social
worker of one grocery never sees another grocery's badges."""

import datetime

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant

from groceries.models import GroceryPage
from programmes.permissions import coordinated_programmes, may_coordinate

DESK_PERMISSION = "website.use_desk"
BADGE_PERMISSION = "groceries.change_badge"
# Volunteers may check badges from an hour before an opening to an hour after.
DOOR_OPENS_BEFORE = datetime.timedelta(hours=1)
DOOR_CLOSES_AFTER = datetime.timedelta(hours=1)


def _groceries():
    # Openings and badges hang on the grocery in the default language; its
    # translations are the same grocery.
    return GroceryPage.objects.filter(
        locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )


def door_groceries(user):
    """The groceries whose door `user` may work."""
    if not user.has_perm(DESK_PERMISSION):
        return GroceryPage.objects.none()
    return _groceries().filter(Q(door_team__in=user.groups.all()) | Q(pk__in=coordinated_programmes(user).values("pk")))


def may_work_door(user, grocery):
    if not user.has_perm(DESK_PERMISSION):
        return False
    in_team = grocery.door_team_id is not None and user.groups.filter(pk=grocery.door_team_id).exists()
    return in_team or may_coordinate(user, grocery)


def door_open_for(user, grocery, opening, now=None):
    """Volunteers check badges only around an opening; coordinators also
    look up a badge between openings (a phone call, a complaint)."""
    if opening.is_cancelled:
        return False
    now = now or timezone.now()
    if opening.starts_at - DOOR_OPENS_BEFORE <= now <= opening.ends_at + DOOR_CLOSES_AFTER:
        return True
    return may_coordinate(user, grocery)


def badge_groceries(user):
    """The groceries whose badges `user` manages."""
    if not user.is_active or not user.has_perm(BADGE_PERMISSION):
        return GroceryPage.objects.none()
    if user.is_superuser:
        return _groceries()
    return _groceries().filter(social_work_team__in=user.groups.all())


def report_groceries(user):
    """The groceries whose figures `user` sees: its social workers and its coordinators."""
    return _groceries().filter(
        Q(pk__in=badge_groceries(user).values("pk")) | Q(pk__in=coordinated_programmes(user).values("pk"))
    )
