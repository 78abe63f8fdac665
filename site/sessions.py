"""How staff sign in, and for how long they stay signed in (issue #10).

Sign-in is throttled per user name and per address on both sign-in pages, the
desk's and Wagtail's (whose URL website.urls takes over). The check sits in
the login form's clean() and the 429 in the view, not in an authentication
backend plus the `user_login_failed` signal: a backend can only make a blocked
sign-in look like a wrong password (200, "enter a correct user name"), and
the page must say "too many attempts" with status 429. The form is also where
the answer for an unknown user and a wrong password is already one and the
same; the counters keep it so: they count the name typed, known or not.

Sessions end after SESSION_COOKIE_AGE idle and KANSEN_SESSION_MAX_AGE after
signing in, however active (website.middleware.SessionLifetime). A request
moves the idle expiry only when the last move is KANSEN_SESSION_REFRESH old,
so the idle limit is between SESSION_COOKIE_AGE minus that and
SESSION_COOKIE_AGE, and most requests write nothing.
"""

import time

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm
from wagtail.admin.views.account import LoginView as WagtailLoginView
from wagtail.admin.views.account import PasswordResetView as WagtailPasswordResetView

from programmes import throttle

SIGNED_IN_AT = "kansen_signed_in_at"
SEEN_AT = "kansen_seen_at"
THROTTLED = "throttled"


class ThrottledLoginForm:
    """Mixin for an AuthenticationForm: refuses while the name or the address
    is blocked, counts failures, and starts the name's count again after a
    successful sign-in (the address's count stays)."""

    def clean(self):
        account = throttle.normalise(self.cleaned_data.get("username"))
        address = throttle.client_address(self.request)
        if throttle.is_blocked("login_account", account) or throttle.is_blocked("login_address", address):
            raise ValidationError(throttle.too_many_attempts("login_account"), code=THROTTLED)
        try:
            cleaned_data = super().clean()
        except ValidationError:
            throttle.hit("login_account", account)
            throttle.hit("login_address", address)
            raise
        if self.get_user() is not None:
            throttle.reset("login_account", account)
        return cleaned_data


class DeskLoginForm(ThrottledLoginForm, AuthenticationForm):
    pass


class AdminLoginForm(ThrottledLoginForm, WagtailLoginForm):
    pass


class ThrottledLoginView:
    """Mixin for a LoginView: a refused attempt answers 429 Too Many Requests."""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code=THROTTLED):
            response.status_code = 429
        return response


class AdminLoginView(ThrottledLoginView, WagtailLoginView):
    """Wagtail's sign-in page, throttled like the desk's."""

    def get_form_class(self):
        return AdminLoginForm


class AdminPasswordResetView(WagtailPasswordResetView):
    """Wagtail's "forgot your password": a reset mail can be asked a few
    times per address and per e-mail address, so nobody's inbox is flooded.
    Over the limit the page says so with 429 and no mail goes out; under it
    the answer stays the same for known and unknown addresses."""

    def form_valid(self, form):
        over_address = throttle.hit("password_reset_address", throttle.client_address(self.request))
        over_email = throttle.hit("password_reset_email", throttle.normalise(form.cleaned_data["email"]))
        if over_address or over_email:
            form.add_error("email", throttle.too_many_attempts("password_reset_address"))
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


def stamp_sign_in(sender, request, user, **kwargs):
    """`user_logged_in` receiver: when this session signed in, for SessionLifetime."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[SEEN_AT] = int(time.time())


def keep_alive(session):
    """Move the idle expiry when the last move is old enough: setting a key
    marks the session modified, and saving it sets a new expiry."""
    now = int(time.time())
    if now - session.get(SEEN_AT, 0) >= settings.KANSEN_SESSION_REFRESH:
        session[SEEN_AT] = now


def signed_in_too_long(session):
    """Whether a signed-in session is past its absolute lifetime. A session
    signed in before the stamp existed counts as too old: it ends once."""
    signed_in_at = session.get(SIGNED_IN_AT)
    return signed_in_at is None or time.time() - signed_in_at > settings.KANSEN_SESSION_MAX_AGE
