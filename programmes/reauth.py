"""Asking for the password again before the most sensitive screens (issue #10).

Medical notes, early-detection signals and downloads of lists with personal
data open only when the user typed their password less than
KANSEN_REAUTH_AFTER ago: at sign-in or on the "Confirm your password" page
(views/reauth.py). A session left open on a shared computer, or a stolen
session cookie, then does not reach them.

When that was is a session key of its own, stamped by the `user_logged_in`
receiver below (Django's test client's `force_login` sends that signal too)
and by the confirmation page. It is not website.sessions' sign-in stamp:
that one starts the 12-hour absolute lifetime, which confirming the password
must not extend, and programmes cannot import the site layer. A session
without the stamp (signed in before it existed) counts as not recent: it is
asked once. `user.last_login` is no fallback: it moves when the same user
signs in on another device.

The check reads the session only, which the authentication middleware has
loaded already: it costs no query.
"""

import functools
import time
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

AUTHENTICATED_AT = "kansen_authenticated_at"


def stamp_authentication(sender, request, user, **kwargs):
    """`user_logged_in` receiver: signing in is typing the password."""
    if request is not None and hasattr(request, "session"):
        request.session[AUTHENTICATED_AT] = int(time.time())


def password_confirmed(request):
    """The user just typed their password again (the confirmation page)."""
    request.session[AUTHENTICATED_AT] = int(time.time())


def recently_authenticated(request):
    stamp = request.session.get(AUTHENTICATED_AT)
    return isinstance(stamp, int) and time.time() - stamp < settings.KANSEN_REAUTH_AFTER


def in_admin(path):
    return path.startswith(reverse("wagtailadmin_home"))


def confirm_url(request):
    """The confirmation page in the chrome of the screen asked for (the admin's
    or the desk's), coming back to that screen."""
    name = "programmes_confirm_password" if in_admin(request.path) else "desk:confirm_password"
    return reverse(name) + "?" + urlencode({"next": request.get_full_path()})


def safe_next(request, default):
    """Where to go after confirming: `next` when it is a page of this site, else `default`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return default


def asks_for_password(request):
    """A redirect to the confirmation page, or None when the password is recent.
    Anonymous users get None: the view's own login requirement sends them on."""
    if not request.user.is_authenticated or recently_authenticated(request):
        return None
    return redirect(confirm_url(request))


class RecentAuthenticationRequiredMixin:
    """For a class-based view: every request (a POST too: it comes back as a
    GET of the same address) needs a recent password, when
    `needs_recent_authentication()` says so. Django runs `setup()` before
    `dispatch()`, so a Wagtail view's scoped object lookup (a 404 for what the
    user may not see) comes first."""

    def needs_recent_authentication(self):
        return True

    def dispatch(self, request, *args, **kwargs):
        if self.needs_recent_authentication():
            response = asks_for_password(request)
            if response is not None:
                return response
        return super().dispatch(request, *args, **kwargs)


def recent_authentication_required(view):
    """For a function view, inside its login and permission decorators."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        return asks_for_password(request) or view(request, *args, **kwargs)

    return wrapper
