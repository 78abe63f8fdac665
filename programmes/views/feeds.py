"""Calendar feeds: a programme's sessions, the finder's results, one session.

Rendered feeds are cached in the shared cache under the programmes cache
version, and answered with ETag and Last-Modified so that a calendar app that
asks again gets a 304 for the price of a bare view.
"""

import datetime
import hashlib
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.html import strip_tags
from django.utils.http import http_date
from django.utils.translation import get_language
from wagtail.models import Page

from programmes import cache_version, ical
from programmes.models import Kind, Session
from programmes.views.finder import localized_programmes

WINDOW_PAST = datetime.timedelta(days=30)
WINDOW_FUTURE = datetime.timedelta(days=365)
FEED_LIFETIME = 60 * 60


def in_window(sessions, now=None):
    now = now or timezone.now()
    return sessions.filter(starts_at__gte=now - WINDOW_PAST, starts_at__lte=now + WINDOW_FUTURE)


def feed_events(sessions, request):
    sessions = list(sessions.select_related("programme", "venue").order_by("starts_at", "pk"))
    programmes = localized_programmes(sessions, request)
    kinds = dict(Kind.choices)
    events = []
    for session in sessions:
        programme = programmes[session.programme.translation_key]
        venue = session.venue
        description = programme.intro
        if session.is_cancelled:
            description = f"{session.cancel_reason}\n\n{description}"
        events.append(
            ical.FeedEvent(
                uid=f"{session.uid}@kansen",
                starts_at=timezone.localtime(session.starts_at),
                ends_at=timezone.localtime(session.ends_at),
                modified_at=session.modified_at,
                sequence=session.sequence,
                summary=programme.title,
                description=strip_tags(description),
                location=f"{venue.name}, {venue.address}" if venue else "",
                url=request.build_absolute_uri(programme.finder_url),
                category=str(kinds.get(session.programme.kind, session.programme.kind)),
                cancelled=session.is_cancelled,
                latitude=venue.latitude if venue else None,
                longitude=venue.longitude if venue else None,
            )
        )
    return events


def calendar_response(request, *, key, name, sessions, filename=None):
    """Serve a feed: from the cache when nothing changed, 304 when the app has it already."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    cache_key = f"programmes:feed:{cache_version.current()}:{get_language()}:{hashlib.sha256(key.encode()).hexdigest()}"
    cached = cache.get(cache_key)
    if cached is None:
        events = feed_events(sessions, request)
        body = ical.serialise(ical.build_calendar(events, name=name))
        last_modified = max((event.modified_at for event in events), default=None)
        cached = {
            "body": body,
            "etag": f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            # Whole seconds: HTTP dates have no fractions, and If-Modified-Since must match.
            "last_modified": int(last_modified.timestamp()) if last_modified else None,
        }
        cache.set(cache_key, cached, FEED_LIFETIME)
    not_modified = get_conditional_response(request, etag=cached["etag"], last_modified=cached["last_modified"])
    if not_modified is not None:
        return not_modified
    response = HttpResponse(cached["body"], content_type="text/calendar; charset=utf-8")
    response["ETag"] = cached["etag"]
    if cached["last_modified"]:
        response["Last-Modified"] = http_date(cached["last_modified"])
    response["Cache-Control"] = "public, max-age=900"
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
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


def _page_at(request, path):
    """The live, public page at `path` (as Wagtail would serve it), or 404."""
    route = Page.route_for_request(request, path)
    if route is None:
        raise Http404
    page = route[0].specific
    if page.get_view_restrictions().exists():
        raise Http404
    return page


def page_calendar(request, path):
    page = _page_at(request, path)
    if not hasattr(page, "calendar"):
        raise Http404
    return page.calendar(request)


def session_calendar(request, path, uid):
    page = _page_at(request, path)
    if not hasattr(page, "session_calendar"):
        raise Http404
    return page.session_calendar(request, uid)
