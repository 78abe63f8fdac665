"""School holidays in the admin: a snippet, and an import from an .ics file
that shows what will change before anything is saved."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets import HeaderButton
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from holiday_play.forms import ConfirmImportForm, HolidayFileForm, sign_periods
from holiday_play.models import HolidayPeriod
from holiday_play.services import holiday_import
from programmes.errors import ProgrammeError


class HolidayIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(_("Import from an .ics file"), url=reverse("holiday_import"), icon_name="upload")
            )
        return buttons


class HolidayImportView(WagtailAdminTemplateMixin, FormView):
    """Step 1: upload and see the changes. Step 2 (`confirm` in the POST): save them."""

    template_name = "holiday_play/admin/import.html"
    page_title = _("Import school holidays")
    header_icon = "calendar"
    form_class = HolidayFileForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("holiday_play.add_holidayperiod") and user.has_perm("holiday_play.change_holidayperiod")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_holiday_play_holidayperiod:list"), "label": _("School holidays")},
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, *args, **kwargs):
        if "periods" in request.POST:
            return self.confirm(ConfirmImportForm(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            periods, skipped = holiday_import.read_ics(form.cleaned_data["file"])
        except ProgrammeError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        changes = holiday_import.changes(periods)
        context = self.get_context_data(
            form=form,
            changes=changes,
            skipped=skipped,
            to_change=sum(1 for change in changes if change.action != holiday_import.UNCHANGED),
            confirm_form=ConfirmImportForm(initial={"periods": sign_periods(periods)}),
        )
        return self.render_to_response(context)

    def confirm(self, confirm_form):
        if not confirm_form.is_valid():
            for error in confirm_form.errors["periods"]:
                messages.error(self.request, error)
            return redirect("holiday_import")
        periods = [holiday_import.ImportedPeriod.from_data(data) for data in confirm_form.cleaned_data["periods"]]
        made = holiday_import.apply(periods)
        messages.success(
            self.request,
            ngettext(
                "%(count)s school holiday added or changed.", "%(count)s school holidays added or changed.", len(made)
            )
            % {"count": len(made)},
        )
        return redirect("wagtailsnippets_holiday_play_holidayperiod:list")


class HolidayPeriodViewSet(SnippetViewSet):
    model = HolidayPeriod
    icon = "calendar"
    menu_label = _("School holidays")
    index_view_class = HolidayIndexView
    list_display = ["name", "first_day", "last_day", "school_year"]
    list_filter = ["school_year"]
    search_fields = ["name"]
    ordering = ["-first_day"]
    copy_view_enabled = False
