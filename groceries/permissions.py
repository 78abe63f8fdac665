"""Who may do what at a grocery.

The door follows the roster, as at a cooperative supermarket's welcome desk:
a volunteer checks badges at the openings they have a shift for, around that
shift, so a desk account is no key to every opening. Coordinators (Wagtail
page permissions, as everywhere in programmes) always may: they look a badge
up between openings, after a phone call or a complaint. A door team on the
grocery narrows who may take the door; being in it opens no door by itself.
Everyone needs the desk permission. Badges: social workers (the role's model
permissions) who are in the grocery's social-work team. Groceries are scoped:
a social worker of one grocery never sees another grocery's badges."""

import datetime

from django.conf import settings
from django.db.models import Exists, Q
from django.utils import timezone
from wagtail.coreutils import get_supported_content_language_variant

from groceries.models import GroceryPage
from programmes.models import Session, Shift, ShiftAssignment
from programmes.permissions import coordinated_programmes, may_coordinate

DESK_PERMISSION = "website.use_desk"
BADGE_PERMISSION = "groceries.change_badge"
# Half an hour before a shift to set up, half an hour after it for the last
# household in the queue.
DOOR_SHIFT_MARGIN = datetime.timedelta(minutes=30)
# A volunteer marked as not having come is not at the door.
ON_SHIFT = (ShiftAssignment.Status.SIGNED_UP, ShiftAssignment.Status.CONFIRMED, ShiftAssignment.Status.CAME)


def _groceries():
    # Openings and badges hang on the grocery in the default language; its
    # translations are the same grocery.
    return GroceryPage.objects.filter(
        locale__language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )


def _shifts_of(user):
    # Any role at the opening counts: the roster says who is at the grocery
    # that afternoon; a door team, where a grocery names one, is the narrower rule.
    return Shift.objects.filter(assignments__volunteer__user=user, assignments__status__in=ON_SHIFT)


def _door_rules(user):
    """(coordinated, in_team): the groceries whose every opening `user` may
    work, and those where a shift of theirs lets them in (all, unless the
    grocery names a door team)."""
    groceries = _groceries()
    coordinated = groceries.filter(pk__in=coordinated_programmes(user).values("pk"))
    in_team = groceries.filter(Q(door_team__isnull=True) | Q(door_team__in=user.groups.all()))
    return coordinated.values("pk"), in_team.values("pk")


def door_groceries(user):
    """The groceries whose door `user` may work at some opening."""
    if not user.has_perm(DESK_PERMISSION):
        return GroceryPage.objects.none()
    coordinated, in_team = _door_rules(user)
    on_shift = Q(pk__in=in_team) & Q(pk__in=_shifts_of(user).values("session__programme"))
    return _groceries().filter(Q(pk__in=coordinated) | on_shift)


def door_openings(user):
    """The openings whose door `user` may work at some time. An opening
    without a shift of theirs is none of their business, not a closed door."""
    if not user.has_perm(DESK_PERMISSION):
        return Session.objects.none()
    coordinated, in_team = _door_rules(user)
    on_shift = Q(programme_id__in=in_team) & Q(pk__in=_shifts_of(user).values("session"))
    return Session.objects.filter(Q(programme_id__in=coordinated) | on_shift)


def door_hours(user, grocery, opening):
    """When `user`'s shifts at `opening` hold its door open for them, earliest
    first; empty without a shift there (or outside the grocery's door team)."""
    shifts = _shifts_of(user).filter(session=opening)
    if grocery.door_team_id is not None:
        shifts = shifts.filter(Exists(user.groups.filter(pk=grocery.door_team_id)))
    hours = []
    for shift in shifts:
        shift.session = opening
        hours.append((shift.effective_starts_at - DOOR_SHIFT_MARGIN, shift.effective_ends_at + DOOR_SHIFT_MARGIN))
    return sorted(hours)


def door_open_for(user, grocery, opening, now=None):
    """Whether `user` may check badges at `opening` now. A cancelled opening
    has no door, not even for its coordinators."""
    if opening.is_cancelled or not user.has_perm(DESK_PERMISSION):
        return False
    if may_coordinate(user, grocery):
        return True
    now = now or timezone.now()
    return any(opens <= now <= closes for opens, closes in door_hours(user, grocery, opening))


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
