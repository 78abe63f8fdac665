"""Calendar feeds: a programme's sessions, the finder's results, one session,
and personal feeds (a household's sessions, a volunteer's shifts).

Rendered feeds are cached in the shared cache under the programmes cache
version, and answered with ETag and Last-Modified so that a calendar app that
asks again gets a 304 for the price of a bare view.
"""

import datetime
import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from programmes import cache_version, ical
from programmes.models import Kind, Session
from programmes.services import feed_tokens
from programmes.views.finder import SESSION_FIELDS, localized_programmes
from programmes.views.routing import page_at

FEED_FIELDS = [
    *SESSION_FIELDS,
    "modified_at",
    "sequence",
    *(f"venue__{f}" for f in ("name", "street", "number", "postcode", "city", "latitude", "longitude")),
]
WINDOW_PAST = datetime.timedelta(days=30)
WINDOW_FUTURE = datetime.timedelta(days=365)
FEED_LIFETIME = 60 * 60


def in_window(sessions, now=None):
    now = now or timezone.now()
    return sessions.filter(starts_at__gte=now - WINDOW_PAST, starts_at__lte=now + WINDOW_FUTURE)


def feed_events(sessions, request):
    sessions = list(sessions.select_related("programme", "venue").only(*FEED_FIELDS).order_by("starts_at", "pk"))
    programmes = localized_programmes(sessions, request)
    kinds = dict(Kind.choices)
    # Per programme once, not per session: a year of a weekly group is 52 sessions.
    shared = {
        key: {
            "summary": page.title,
            "intro": page.intro,
            "url": request.build_absolute_uri(page.finder_url),
        }
        for key, page in programmes.items()
    }
    events = []
    for session in sessions:
        programme = shared[session.programme.translation_key]
        venue = session.venue
        description = programme["intro"]
        if session.is_cancelled:
            description = f"{session.cancel_reason}\n\n{description}"
        events.append(
            ical.FeedEvent(
                uid=f"{session.uid}@kansen",
                starts_at=timezone.localtime(session.starts_at),
                ends_at=timezone.localtime(session.ends_at),
                modified_at=session.modified_at,
                sequence=session.sequence,
                summary=programme["summary"],
                description=description,
                location=f"{venue.name}, {venue.address}" if venue else "",
                url=programme["url"],
                category=str(kinds.get(session.programme.kind, session.programme.kind)),
                cancelled=session.is_cancelled,
                latitude=venue.latitude if venue else None,
                longitude=venue.longitude if venue else None,
            )
        )
    return events


def shift_events(assignments, request):
    """One event per shift sign-up, with the shift's own times (a door shift
    starts before the opening). The UID is the sign-up's: cancelling and
    signing up again is a new event, and a shift moved by the coordinator
    replaces the old one. Shift rows have no change time of their own, so an
    event changes with its session or its sign-up."""
    assignments = list(
        assignments.select_related(
            "shift__role", "shift__session__programme", "shift__session__venue", "shift__session__programme__venue"
        ).order_by("shift__session__starts_at", "pk")
    )
    programmes = localized_programmes([assignment.shift.session for assignment in assignments], request)
    my_shifts = request.build_absolute_uri(reverse("desk:my_shifts"))
    kinds = dict(Kind.choices)
    events = []
    for assignment in assignments:
        shift = assignment.shift
        session = shift.session
        programme = programmes[session.programme.translation_key]
        venue = session.effective_venue
        lines = [
            f"{programme.title}: {request.build_absolute_uri(programme.finder_url)}"
            if programme.finder_url
            else programme.title,
            _("Your shifts, and how to cancel: %(url)s") % {"url": my_shifts},
        ]
        if session.is_cancelled:
            lines.insert(0, _("Cancelled: %(reason)s") % {"reason": session.cancel_reason})
        events.append(
            ical.FeedEvent(
                uid=f"shift-{assignment.pk}@kansen",
                starts_at=timezone.localtime(shift.effective_starts_at),
                ends_at=timezone.localtime(shift.effective_ends_at),
                modified_at=max(session.modified_at, assignment.created_at),
                sequence=session.sequence,
                summary=f"{shift.role.name} – {programme.title}",
                description="\n\n".join(lines),
                location=f"{venue.name}, {venue.address}" if venue else "",
                url=my_shifts,
                category=str(kinds.get(session.programme.kind, session.programme.kind)),
                cancelled=session.is_cancelled,
                latitude=venue.latitude if venue else None,
                longitude=venue.longitude if venue else None,
            )
        )
    return events


def _cache_key(request):
    """Feeds are public and the same for everyone: the address says it all."""
    address = f"{request.get_host()}{request.get_full_path()}"
    return f"programmes:feed:{cache_version.current()}:{get_language()}:{hashlib.sha256(address.encode()).hexdigest()}"


def _render(request, *, name, sessions=None, events=None, filename=None):
    """The feed's bytes and what HTTP says about them; plain data, so it can be
    cached. From `sessions`, or from `events` already built (a volunteer's shifts)."""
    if events is None:
        events = feed_events(sessions, request)
    body = ical.serialise(ical.build_calendar(events, name=name))
    last_modified = max((event.modified_at for event in events), default=None)
    return {
        "filename": filename,
        "body": body,
        "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
        # Whole seconds: HTTP dates have no fractions, and If-Modified-Since must match.
        "last_modified": int(last_modified.timestamp()) if last_modified else None,
    }


def calendar_response(request, *, name, sessions, filename=None):
    """Render a public feed, keep it in the cache for the next request, and answer."""
    rendered = _render(request, name=name, sessions=sessions, filename=filename)
    cache.set(_cache_key(request), rendered, FEED_LIFETIME)
    return _respond(request, rendered)


def _respond(request, rendered, *, private=False):
    not_modified = get_conditional_response(request, etag=rendered["etag"], last_modified=rendered["last_modified"])
    if not_modified is not None:
        return not_modified
    response = HttpResponse(rendered["body"], content_type="text/calendar; charset=utf-8")
    response["ETag"] = rendered["etag"]
    if rendered["last_modified"]:
        response["Last-Modified"] = http_date(rendered["last_modified"])
    if private:
        # The address is the secret: no shared caches, and never passed on as a referrer.
        response["Cache-Control"] = "private, no-store"
        response["Referrer-Policy"] = "no-referrer"
    else:
        response["Cache-Control"] = "public, max-age=900"
    if rendered["filename"]:
        response["Content-Disposition"] = f'attachment; filename="{rendered["filename"]}"'
    return response


def session_for_download(programme, uid):
    return Session.objects.filter(programme__translation_key=programme.translation_key, uid=uid)


def subscription_links(request, feed_path):
    """The same feed for every kind of calendar app."""
    https = request.build_absolute_uri(feed_path)
    webcal = "webcal://" + https.split("://", 1)[1]
    return {
        "webcal": webcal,
        "https": https,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
    }


def _from_cache(view):
    """A feed in the cache is answered before any page routing: a calendar app
    asking again costs about as much as a bare view."""

    @require_safe
    def wrapper(request, *args, **kwargs):
        cached = cache.get(_cache_key(request))
        if cached is not None:
            return _respond(request, cached)
        return view(request, *args, **kwargs)

    return wrapper


@_from_cache
def page_calendar(request, path):
    page = page_at(request, path)
    if not hasattr(page, "calendar"):
        raise Http404
    return page.calendar(request)


@_from_cache
def session_calendar(request, path, uid):
    page = page_at(request, path)
    if not hasattr(page, "session_calendar"):
        raise Http404
    return page.session_calendar(request, uid)


@require_safe
def personal_calendar(request, token):
    """A household's or a volunteer's own sessions. Never cached under the
    address alone: revoking the token must end access at once. A feed's
    `build` gives a sessions queryset (windowed here) or a list of events it
    built and windowed itself (a volunteer's shifts, see `shift_events`)."""
    owner = feed_tokens.owner_for_token(token)
    build = feed_tokens.personal_feed_for(owner) if owner is not None else None
    if build is None:
        raise Http404
    name, items = build(owner, request)
    if isinstance(items, QuerySet):
        rendered = _render(request, name=name, sessions=in_window(items))
    else:
        rendered = _render(request, name=name, events=items)
    return _respond(request, rendered, private=True)
