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
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
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
# What the door reads of its grocery: the title, the page permissions' tree
# position and owner, the visit limit, the door team.
DOOR_GROCERY_FIELDS = (
    "title",
    "path",
    "depth",
    "owner",
    "visit_limit",
    "visit_limit_period",
    "visit_limit_enforced",
    "door_team",
)


def _default_language():
    # Openings and badges hang on the grocery in the default language; its
    # translations are the same grocery.
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def _groceries():
    return GroceryPage.objects.filter(locale__language_code=_default_language())


def _on_shift(user):
    # Any role at the opening counts: the roster says who is at the grocery
    # that afternoon; a door team, where a grocery names one, is the narrower rule.
    return Q(assignments__volunteer__user=user, assignments__status__in=ON_SHIFT)


def _shifts_of(user):
    return Shift.objects.filter(_on_shift(user))


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
    # In one filter, so that the team is that of the same assignment's volunteer.
    on_shift = _on_shift(user)
    if grocery.door_team_id is not None:
        on_shift &= Q(assignments__volunteer__user__groups=grocery.door_team_id)
    hours = []
    # Sorted below: the shifts' own ordering would join the session and the role for nothing.
    for shift in Shift.objects.filter(on_shift, session=opening).order_by():
        shift.session = opening
        hours.append((shift.effective_starts_at - DOOR_SHIFT_MARGIN, shift.effective_ends_at + DOOR_SHIFT_MARGIN))
    return sorted(hours)


@dataclass(frozen=True)
class Door:
    """An opening's door as one user finds it: open now or not, and their
    shifts' hours there (a coordinator's door follows none)."""

    open: bool
    hours: list


def door_opening(opening_id):
    """The opening `opening_id` and its grocery, where it is an opening of a
    grocery in the default language, as door_openings counts them; else
    Session.DoesNotExist. Both in one query, the grocery with only the
    fields the door reads: all sixty of a grocery page's columns took twice
    as long to load."""
    opening = Session.objects.with_programme_fields(*DOOR_GROCERY_FIELDS, through="programme__grocerypage").get(
        pk=opening_id,
        programme__grocerypage__isnull=False,
        programme__locale__language_code=_default_language(),
    )
    return opening, opening.programme.grocerypage


def door_at(user, grocery, opening, now=None):
    """The door of `opening` (of `grocery`, from door_opening) for `user`:
    None where door_openings would not list the opening, else a Door that is
    open when `user` may check badges there now. A cancelled opening has no
    open door, not even for its coordinators. The same rules as
    door_openings for the one opening a door request is about, without its
    subqueries: a volunteer's shifts there, and the page permissions only
    for whom no shift opens it."""
    if not user.has_perm(DESK_PERMISSION):
        return None
    hours = door_hours(user, grocery, opening)
    now = now or timezone.now()
    on_shift = any(opens <= now <= closes for opens, closes in hours)
    # On shift now, being a coordinator would change nothing.
    if not on_shift and may_coordinate(user, grocery):
        return Door(open=not opening.is_cancelled, hours=hours)
    if not hours:
        return None
    return Door(open=on_shift and not opening.is_cancelled, hours=hours)


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
