""" "Erase this household" in the admin (GDPR art. 17): a confirmation page
that says what goes and what stays, and a POST that erases
(programmes.erasure.erase_household).

Who: superusers only. The data protection officer is an administrator, and
erasure cannot be undone, so no role group gets it: a logged-in user who is
not a superuser gets a 403 (not Wagtail's redirect to the dashboard, which
would read as a glitch); anonymous users go to Wagtail's login. Like the
other screens with the most sensitive data, it needs a recent password
(programmes.reauth), asked after the access check. An unknown household is
a 404; an erased one shows that it is erased and changes nothing. GET never
changes anything.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.defaults import permission_denied
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from programmes import reauth
from programmes.erasure import erase_household
from programmes.errors import ProgrammeError
from programmes.models import ErasureRecord, Household


def may_erase(user):
    return user.is_active and user.is_superuser


class ErasureForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why"),
        choices=ErasureRecord.Reason.choices,
        initial=ErasureRecord.Reason.REQUESTED,
        help_text=_("Kept with the record of the erasure. Choose a reason: there is no room for names."),
    )


@method_decorator(never_cache, name="dispatch")
class EraseHouseholdView(WagtailAdminTemplateMixin, View):
    template_name = "programmes/admin/erase_household.html"
    page_title = _("Erase this household")
    header_icon = "warning"

    def dispatch(self, request, *args, **kwargs):
        if not may_erase(request.user):
            # A plain 403: Wagtail would turn PermissionDenied into a redirect to the dashboard.
            return permission_denied(request, PermissionDenied())
        self.household = get_object_or_404(Household, pk=kwargs["pk"])
        return reauth.asks_for_password(request) or super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("household:index"), "label": Household._meta.verbose_name_plural.capitalize()},
            {"url": self.inspect_url, "label": str(self.household)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def inspect_url(self):
        return reverse("household:inspect", args=[self.household.pk])

    def get(self, request, pk):
        return self.render_to_response(self.get_context_data(form=ErasureForm()))

    def post(self, request, pk):
        if self.household.is_erased:
            messages.info(request, gettext("This household has already been erased."))
            return redirect(self.inspect_url)
        form = ErasureForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            erase_household(self.household, by=request.user, reason=form.cleaned_data["reason"])
        except ProgrammeError as error:
            messages.error(request, error.message)
            return redirect(self.inspect_url)
        messages.success(
            request,
            gettext("Household %(id)s has been erased. Its registrations and visits still count in the figures.")
            % {"id": self.household.pk},
        )
        return redirect(self.inspect_url)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            inspect_url=self.inspect_url,
            record=ErasureRecord.objects.filter(household_id=self.household.pk).first(),
        )
        return context


def admin_urls():
    """For the `register_admin_urls` hook in wagtail_hooks.py."""
    return [
        path(
            "erase-household/",
            include(([path("<int:pk>/", EraseHouseholdView.as_view(), name="household")], "programmes_erasure")),
        )
    ]
