"""A volunteer's own shifts as a personal calendar feed.

Registered for `Volunteer` in apps.py; the secret link, its caching rules and
its 404s are those of every personal feed (views/feeds.py, services/feed_tokens.py).
The window is the shifts' own start, not the session's: a door shift that
starts half an hour early is still in it.
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes.models import FeedToken, ShiftAssignment
from programmes.views.feeds import WINDOW_FUTURE, WINDOW_PAST, shift_events


def feed_assignments(volunteer, now=None):
    """The volunteer's sign-ups that are not cancelled, with shifts starting in the feed window."""
    now = now or timezone.now()
    return (
        ShiftAssignment.objects.active()
        .filter(volunteer=volunteer)
        .annotate(start=Coalesce(F("shift__starts_at"), F("shift__session__starts_at")))
        .filter(start__gte=now - WINDOW_PAST, start__lte=now + WINDOW_FUTURE)
    )


def volunteer_feed(volunteer, request):
    return _("My shifts"), shift_events(feed_assignments(volunteer), request)


def has_calendar_link(volunteer):
    """Whether the volunteer has a calendar link that still works (never the link itself)."""
    return FeedToken.objects.filter(
        owner_type=ContentType.objects.get_for_model(volunteer), owner_id=volunteer.pk, revoked_at__isnull=True
    ).exists()
