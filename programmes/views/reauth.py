"""The "Confirm your password" page (programmes.reauth), in the admin's chrome
and in the desk's: one view, two templates.

Only the password is asked; the user name is the signed-in user's. Wrong
passwords count on the same counters as the sign-in pages (per user name and
per address, website.sessions), so this page is no way around their limit:
over it, the same message and 429. Confirming changes nothing but the stamp
programmes.reauth reads: no new session key, no sign-in entry.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.forms import NON_FIELD_ERRORS
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from programmes import reauth, throttle

THROTTLED = "throttled"


class ConfirmPasswordForm(forms.Form):
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        user = self.request.user
        account = throttle.normalise(user.get_username())
        address = throttle.client_address(self.request)
        if throttle.is_blocked("login_account", account) or throttle.is_blocked("login_address", address):
            raise ValidationError(throttle.too_many_attempts("login_account"), code=THROTTLED)
        password = self.cleaned_data.get("password")
        if password is None:  # left empty: the field says so, nothing is counted
            return self.cleaned_data
        if not user.check_password(password):
            throttle.hit("login_account", account)
            throttle.hit("login_address", address)
            raise ValidationError(_("That is not your password. Please try again."), code="wrong_password")
        throttle.reset("login_account", account)
        return self.cleaned_data


class ConfirmPasswordView(FormView):
    form_class = ConfirmPasswordForm
    # Where to go when `next` is missing or leads off the site.
    home_url_name = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=reauth.safe_next(self.request, ""), **kwargs)

    def form_valid(self, form):
        reauth.password_confirmed(self.request)
        return redirect(reauth.safe_next(self.request, reverse(self.home_url_name)))

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, code=THROTTLED):
            response.status_code = 429
        return response


class AdminConfirmPasswordView(WagtailAdminTemplateMixin, ConfirmPasswordView):
    """Under /admin/: Wagtail's admin URLs already send anonymous users to its sign-in."""

    template_name = "programmes/admin/confirm_password.html"
    page_title = _("Confirm your password")
    header_icon = "lock"
    home_url_name = "wagtailadmin_home"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


@method_decorator(login_required, name="dispatch")
class DeskConfirmPasswordView(ConfirmPasswordView):
    template_name = "programmes/desk/confirm_password.html"
    home_url_name = "desk:home"


def admin_urls():
    """For the `register_admin_urls` hook in wagtail_hooks.py."""
    return [path("confirm-password/", AdminConfirmPasswordView.as_view(), name="programmes_confirm_password")]
