from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.utils.translation import ngettext

from website.sessions import keep_alive, signed_in_too_long


class AdminContentSecurityPolicy:
    """Loosen the site's strict Content-Security-Policy for the Wagtail admin only.

    Some admin widgets (date pickers, inline panels) still ship inline scripts
    and styles, and the page preview frames the admin's own pages; the public
    pages and the desk keep the strict policy. Must stand after csp's
    middleware so that its response hook runs first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path_info.startswith("/admin/"):
            response._csp_update = {
                "script-src": ["'unsafe-inline'"],
                "style-src": ["'unsafe-inline'"],
            }
            response._csp_replace = {"frame-ancestors": ["'self'"]}
        return response


class SessionLifetime:
    """Sign out a session KANSEN_SESSION_MAX_AGE after it signed in, however
    active it is, and keep an active one alive: the idle limit is the
    session's own expiry, moved now and then (website.sessions.keep_alive).
    Reads the session only, so anonymous visitors cost no query for their
    user. Must stand after the auth and messages middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if SESSION_KEY not in request.session:
            return self.get_response(request)
        if not signed_in_too_long(request.session):
            keep_alive(request.session)
        else:
            logout(request)
            hours = settings.KANSEN_SESSION_MAX_AGE // 3600
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(count)d hour. Please sign in again.",
                    "You were signed out after %(count)d hours. Please sign in again.",
                    hours,
                )
                % {"count": hours},
            )
        return self.get_response(request)
