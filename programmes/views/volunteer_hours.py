"""Volunteer hours per year in the Wagtail admin, next to the annual report.

Who: as the annual report (views/reports.py): users with
`programmes.view_registration`, else Wagtail's "no permission" redirect;
Wagtail itself sends anonymous users to its login. What: the hours at the
sessions of the programmes the user coordinates (permissions.coordinated_sources;
a superuser: every programme), also in the totals. A programme id the user
does not coordinate is a 404, as on the attendance figures.

The admin screen shows the exact numbers and every volunteer by name: the
people who may open it run the volunteer allowance, so the per-volunteer
download (CSV, XLSX) has the names and hours as they are, and every such
download writes an audit entry (who, when, which year; no values) on each
programme in it. The per-programme download and the printable page are for
the annual report: no names, and small numbers as "< 5" as there.
"""

from urllib.parse import urlencode

from django import forms
from django.http import Http404
from django.shortcuts import render
from django.template.defaultfilters import floatformat
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.auth import permission_required
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from programmes import audit, figures, reauth
from programmes.models import ProgrammePage
from programmes.permissions import coordinated_sources
from programmes.views.reports import PERMISSION
from programmes.viewsets import csv_safe
from programmes.volunteer_hours import FIRST_YEAR, LAST_YEAR, hours_report

EXPORTED = "programmes.volunteer_hours.exported"

# Which table a download holds: named hours per volunteer, or the
# suppressed figures per programme.
VOLUNTEERS, PROGRAMMES = "volunteers", "programmes"

SUPPRESSION_NOTE = _(
    "“< 5” stands for 1 to 4, and hours worked by fewer than 5 volunteers are shown as “< 5” too: "
    "small numbers could point to a person."
)


class VolunteerHoursForm(forms.Form):
    """Sent by GET: a report has an address that can be bookmarked."""

    year = forms.IntegerField(label=_("Year"))
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=None, required=False, empty_label=_("All your programmes")
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices read a programme's id and title only: whole pages are slow to build.
        self.fields["programme"].queryset = coordinated_sources(user).only("title")
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": LAST_YEAR})

    @classmethod
    def from_request(cls, request, today):
        """Without a year in the address: this year."""
        data = request.GET.copy()
        data.setdefault("year", str(today.year))
        form = cls(data, user=request.user)
        if form.has_error("programme", "invalid_choice"):
            # A programme this user does not coordinate does not exist for them.
            raise Http404
        return form

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": LAST_YEAR},
                code="year",
            )
        return year


class VolunteerHoursMixin:
    def get_report(self, data):
        if data["programme"] is not None:
            self.programmes = [data["programme"]]
        else:
            # The form's choices: every programme the user coordinates.
            self.programmes = list(self.form.fields["programme"].queryset)
        return hours_report(self.programmes, data["year"], total_title=str(_("Total")))

    def query_string(self, **extra):
        data = self.form.cleaned_data
        params = {"year": data["year"]}
        if data["programme"] is not None:
            params["programme"] = data["programme"].pk
        params.update(extra)
        return "?" + urlencode(params)


def suppressed(item):
    """A programme row as the annual report shows it outside the admin:
    counts of 1 to 4 as "< 5", and the hours too when fewer than 5
    volunteers worked them."""
    few = 0 < item.volunteers < figures.SMALLEST_SHOWN
    return {
        "title": item.title,
        "volunteers": figures.suppress(item.volunteers),
        "shifts_came": figures.suppress(item.shifts_came),
        "no_shows": figures.suppress(item.no_shows),
        "hours": figures.SUPPRESSED if few else item.hours,
    }


def printed(item):
    """A suppressed row for the page: hours as the user's language writes them."""
    row = suppressed(item)
    if not isinstance(row["hours"], str):
        row["hours"] = floatformat(row["hours"], "-2")
    return row


@method_decorator(permission_required(PERMISSION), name="dispatch")
class VolunteerHoursView(VolunteerHoursMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, View):
    """The year, the programme, both tables, and their downloads."""

    template_name = "programmes/admin/volunteer_hours.html"
    page_title = _("Volunteer hours")
    header_icon = "time"
    # Download links stand next to the tables, not in the header's menu.
    show_export_buttons = False

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        self.table = PROGRAMMES if request.GET.get("table") == PROGRAMMES else VOLUNTEERS
        # The names and hours need a recent password (programmes.reauth); the
        # per-programme figures are the annual report's and do not.
        if self.is_export and self.table == VOLUNTEERS and (response := reauth.asks_for_password(request)):
            return response
        self.today = timezone.localdate()
        self.form = VolunteerHoursForm.from_request(request, self.today)
        self.report = self.get_report(self.form.cleaned_data) if self.form.is_valid() else None
        if self.is_export and self.report is not None:
            return self.export(request.GET["export"])
        status = 200 if self.report is not None else 400
        return self.render_to_response(self.get_context_data(), status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, report=self.report, suppression_note=SUPPRESSION_NOTE)
        if self.report is not None:
            url = reverse("programmes_volunteer_hours:index")
            context.update(
                year=self.report.year,
                programme=self.form.cleaned_data["programme"],
                coordinates_nothing=not self.programmes,
                downloads={
                    f"{table}_{export_format}": url + self.query_string(table=table, export=export_format)
                    for table in (VOLUNTEERS, PROGRAMMES)
                    for export_format in self.FORMATS
                },
                print_url=reverse("programmes_volunteer_hours:print") + self.query_string(),
            )
        return context

    def export(self, export_format):
        if self.table == VOLUNTEERS:
            self.log_export(export_format)
            rows = self.report.volunteers
        else:
            rows = [*self.report.programmes, self.report.totals]
        return self.as_spreadsheet(rows, export_format)

    def log_export(self, export_format):
        """Who took the names and hours out of the admin, and which year: on
        every programme whose volunteers are in the file. One entry per
        programme, not per volunteer: the volunteer's programmes and the
        year lead to it."""
        ids = [item.programme_id for item in self.report.programmes]
        data = {"year": self.report.year, "format": export_format}
        for programme in ProgrammePage.objects.filter(pk__in=ids).order_by("pk"):
            audit.log_change(programme, EXPORTED, by=self.request.user, data=data)

    @property
    def list_export(self):
        if self.table == VOLUNTEERS:
            return ["name", "shifts_came", "no_shows", "hours", "days"]
        return ["title", "volunteers", "shifts_came", "no_shows", "hours"]

    @property
    def export_headings(self):
        return {
            "name": _("Volunteer"),
            "title": _("Programme"),
            "volunteers": _("Volunteers who came"),
            "shifts_came": _("Shifts worked"),
            "no_shows": _("Did not come"),
            "hours": _("Hours"),
            "days": _("Days worked"),
        }

    custom_field_preprocess = {"name": {"csv": csv_safe}, "title": {"csv": csv_safe}}

    def to_row_dict(self, item):
        if self.table == VOLUNTEERS:
            return {field: getattr(item, field) for field in self.list_export}
        return suppressed(item)

    def get_filename(self):
        name = f"volunteer-hours-{self.report.year}"
        if self.form.cleaned_data["programme"] is not None:
            name += f"-programme-{self.form.cleaned_data['programme'].pk}"
        return name if self.table == VOLUNTEERS else f"{name}-per-programme"


@method_decorator(permission_required(PERMISSION), name="dispatch")
class VolunteerHoursPrintView(VolunteerHoursMixin, View):
    """The per-programme table on paper for the annual report: suppressed,
    no names, no admin furniture; the browser's own Print makes the PDF."""

    template_name = "programmes/admin/volunteer_hours_print.html"

    def get(self, request):
        self.today = timezone.localdate()
        self.form = form = VolunteerHoursForm.from_request(request, self.today)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        report = self.get_report(form.cleaned_data)
        context = {
            "form": form,
            "year": report.year,
            "programme": form.cleaned_data["programme"],
            "report": report,
            "table": [printed(item) for item in report.programmes],
            "totals": printed(report.totals),
            "suppression_note": SUPPRESSION_NOTE,
            "generated_on": self.today,
            "back_url": reverse("programmes_volunteer_hours:index") + self.query_string(),
        }
        return render(request, self.template_name, context)


class VolunteerHoursMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


def admin_urls():
    """For the `register_admin_urls` hook in wagtail_hooks.py."""
    urls = [
        path("", VolunteerHoursView.as_view(), name="index"),
        path("print/", VolunteerHoursPrintView.as_view(), name="print"),
    ]
    return [path("figures/volunteer-hours/", include((urls, "programmes_volunteer_hours")))]


def menu_item():
    """For the `register_reports_menu_item` hook: after the annual report."""
    return VolunteerHoursMenuItem(
        _("Volunteer hours"),
        reverse("programmes_volunteer_hours:index"),
        name="volunteer-hours",
        icon_name="time",
        order=1320,
    )
