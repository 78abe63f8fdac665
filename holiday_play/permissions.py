"""Who sees what of a child at a playground.

Coordinators are those who may edit the playground's page (Wagtail page
permissions, as in programmes). Animators are the members of the page's
animator team: with the desk permission they see the day lists (diet,
allergies, who may pick up) and check children in and out. Medical notes
are for coordinators and for users with the explicit
`holiday_play.view_medical` permission; signals for social workers (the
`holiday_play.view_signal` permission of their group) and for their
author. Every read of medical notes and signals is audit-logged."""

from django.db.models import Q

from holiday_play.models import Booking, PlaygroundPage
from programmes import audit
from programmes.permissions import coordinated_programmes, may_coordinate

DESK_PERMISSION = "website.use_desk"
MEDICAL_PERMISSION = "holiday_play.view_medical"
SIGNAL_PERMISSION = "holiday_play.view_signal"
FOLLOW_UP_PERMISSION = "holiday_play.change_signal"


def in_animator_team(user, playground):
    return playground.animator_team_id is not None and user.groups.filter(pk=playground.animator_team_id).exists()


def may_work_day_list(user, playground):
    """Animators and coordinators: the day lists, check-in and check-out,
    and recording a signal."""
    if not user.is_active or not user.has_perm(DESK_PERMISSION):
        return False
    return in_animator_team(user, playground) or may_coordinate(user, playground)


def may_see_medical(user, playground):
    return user.is_active and (user.has_perm(MEDICAL_PERMISSION) or may_coordinate(user, playground))


def medical_notes_viewed(profile, *, by):
    audit.log_read(profile, "holiday_play.child_profile.medical_viewed", by=by)


def may_read_signal(user, signal):
    return user.is_active and (user.has_perm(SIGNAL_PERMISSION) or signal.author_id == user.pk)


def signal_viewed(signal, *, by):
    audit.log_read(signal, "holiday_play.signal.viewed", by=by)


def worked_playgrounds(user):
    """The playgrounds `user` coordinates or is in the animator team of: the
    children booked there are the ones whose profiles they may look up."""
    if not user.is_active:
        return PlaygroundPage.objects.none()
    return PlaygroundPage.objects.filter(
        Q(pk__in=coordinated_programmes(user).values("pk")) | Q(animator_team__in=user.groups.all())
    )


def child_playgrounds(child):
    """The playgrounds where `child` has (or had) a booking in use."""
    return PlaygroundPage.objects.filter(
        pk__in=Booking.objects.active().filter(child=child).values("play_day__programme_id")
    )


def may_see_child_medical(user, child):
    """`may_see_medical` for a child rather than one playground: the medical
    permission, or coordinating any playground where the child is booked."""
    if not user.is_active:
        return False
    if user.has_perm(MEDICAL_PERMISSION):
        return True
    return any(may_coordinate(user, playground) for playground in child_playgrounds(child))
