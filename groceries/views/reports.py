"""The grocery's figures in the Wagtail admin: on screen with exact numbers;
the CSV and XLSX (per month) and the printable page with "< 5" for counts of
1 to 4 households or persons.

Who: social workers and coordinators (PERMISSIONS), each for the groceries
they work for (report_groceries); anyone else gets Wagtail's "no permission"
redirect, another grocery's id is a 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from groceries.figures import Month, grocery_figures, report_sections_for
from groceries.permissions import report_groceries
from programmes.figures import suppress
from programmes.forms.reports import AttendanceFiguresForm
from programmes.views.reports import SUPPRESSION_NOTE, section_tables


class GroceryFiguresForm(AttendanceFiguresForm):
    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["programme"]
        field.queryset = report_groceries(user).order_by("title")
        field.label, field.empty_label = _("Grocery"), _("Choose a grocery")


# Social workers and coordinators; which groceries each sees is report_groceries.
PERMISSIONS = ("groceries.view_visit", "programmes.view_registration")


def may_see_figures(user):
    return any(user.has_perm(permission) for permission in PERMISSIONS)


class GroceryFiguresMixin:
    def dispatch(self, request, *args, **kwargs):
        if not may_see_figures(request.user):
            raise PermissionDenied
        self.today = timezone.localdate()
        return super().dispatch(request, *args, **kwargs)

    def get_form(self):
        user = self.request.user
        if not {"programme", "first", "last"} & set(self.request.GET):
            initial = GroceryFiguresForm.initial_for(self.today)
            groceries = list(report_groceries(user)[:2])
            if len(groceries) == 1:
                initial["programme"] = groceries[0]
            return GroceryFiguresForm(user=user, initial=initial)
        form = GroceryFiguresForm(self.request.GET, user=user)
        if form.has_error("programme", "invalid_choice"):
            raise Http404
        return form

    def sections(self, data):
        grocery = data["programme"]
        return report_sections_for([grocery], data["first"], data["last"], today=self.today)[grocery.pk]


class GroceryFiguresView(GroceryFiguresMixin, SpreadsheetExportMixin, WagtailAdminTemplateMixin, View):
    template_name = "groceries/admin/figures.html"
    page_title = _("Grocery figures")
    header_icon = "table"
    show_export_buttons = False

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        self.form = self.get_form()
        context = {"form": self.form, "suppression_note": SUPPRESSION_NOTE}
        if self.form.is_bound and self.form.is_valid():
            data = self.form.cleaned_data
            if self.is_export:
                figures = grocery_figures(data["programme"], data["first"], data["last"], today=self.today)
                # The total counts each household once over the period, not once a month.
                total = Month(None, figures.openings_held, figures.visits, figures.households, figures.persons_reached)
                return self.as_spreadsheet([*figures.by_month, total], request.GET["export"])
            query = request.GET.urlencode()
            context.update(
                sections=section_tables(self.sections(data)),
                csv_url=self.get_export_url(self.FORMAT_CSV),
                xlsx_url=self.get_export_url(self.FORMAT_XLSX),
                print_url=reverse("groceries_reports:print") + "?" + query,
            )
        status = 400 if self.form.is_bound and not self.form.is_valid() else 200
        return self.render_to_response(self.get_context_data(**context), status=status)

    # The export: the months of the period and the period's total, suppressed.

    list_export = ["month", "openings", "visits", "households", "persons"]

    @property
    def export_headings(self):
        return {
            "month": _("Month"),
            "openings": _("Openings held"),
            "visits": _("Visits"),
            "households": _("Households reached"),
            "persons": _("Persons reached"),
        }

    def to_row_dict(self, item):
        return {
            "month": str(_("Total")) if item.month is None else f"{item.month:%Y-%m}",
            "openings": item.openings,
            "visits": suppress(item.visits),
            "households": suppress(item.households),
            "persons": suppress(item.persons),
        }

    def get_filename(self):
        data = self.form.cleaned_data
        return f"grocery-{slugify(data['programme'].title)}-{data['first']:%Y%m%d}-{data['last']:%Y%m%d}"


class GroceryFiguresPrintView(GroceryFiguresMixin, View):
    def get(self, request):
        form = self.get_form()
        if not (form.is_bound and form.is_valid()):
            return render(request, "groceries/admin/figures_print.html", {"form": form}, status=400)
        data = form.cleaned_data
        context = {
            "grocery": data["programme"],
            "first": data["first"],
            "last": data["last"],
            "sections": section_tables(self.sections(data), suppressed=True),
            "suppression_note": SUPPRESSION_NOTE,
            "generated_on": self.today,
            "back_url": reverse("groceries_reports:figures") + "?" + request.GET.urlencode(),
        }
        return render(request, "groceries/admin/figures_print.html", context)
