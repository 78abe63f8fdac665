"""Attendance figures and the annual report in the Wagtail admin.

Who: users with `programmes.view_registration` (coordinators, social
workers), else Wagtail's "no permission" redirect; Wagtail itself sends
anonymous users to its login. What: only the programmes whose pages the user
may edit (permissions.coordinated_sources); any other programme id is a 404.

The admin's own screens show the exact numbers, and the names in the
per-person table. Everything that leaves them (CSV, XLSX, the printable
annual report) shows counts of 1 to 4 people as "< 5" and no names.
"""

import datetime
import functools
import html
from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import numberformat, timezone
from django.utils.decorators import method_decorator
from django.utils.formats import date_format, get_format, number_format
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.auth import permission_required
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from programmes import figures, report_sections
from programmes.forms.reports import AnnualReportForm, AttendanceFiguresForm
from programmes.permissions import coordinated_sources
from programmes.viewsets import csv_safe

PERMISSION = "programmes.view_registration"

COUNT, PEOPLE, RATE = "count", "people", "rate"


@dataclass(frozen=True)
class Column:
    """One figure: where it is on `figures.Figures`, its label, and whether it
    counts people (then it is suppressed outside the admin)."""

    name: str
    label: str
    kind: str

    def value(self, item, *, suppressed=False):
        value = getattr(item, self.name)
        if self.kind == RATE:
            if suppressed and value.marks and value.people < figures.SMALLEST_SHOWN:
                return figures.SUPPRESSED
            return value.percent
        if self.kind == PEOPLE and suppressed:
            return figures.suppress(value)
        return value

    def display(self, item, *, suppressed=False, number=number_format):
        """The value as text for a page: localised decimals, "%" after a rate,
        a dash for nothing to show. `number` formats a number (see
        number_formatter)."""
        value = self.value(item, suppressed=suppressed)
        if value is None:
            return "–"
        if isinstance(value, str):
            return value
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = number(value, decimal_pos=1 if isinstance(value, float) else None)
        return f"{text} %" if self.kind == RATE else text

    def detail(self, item):
        """For a rate in the admin: what it rests on."""
        if self.kind != RATE:
            return ""
        rate = getattr(item, self.name)
        if not rate.marks:
            return ""
        return ngettext(
            "%(present)s present out of %(marks)s mark, %(people)s person",
            "%(present)s present out of %(marks)s marks, %(people)s people",
            rate.marks,
        ) % {"present": rate.present, "marks": rate.marks, "people": rate.people}


COLUMNS = [
    Column("sessions_held", _("Sessions held"), COUNT),
    Column("sessions_cancelled", _("Sessions cancelled"), COUNT),
    Column("attendances", _("Present (marks)"), PEOPLE),
    Column("persons", _("Different people present"), PEOPLE),
    Column("households", _("Different households present"), PEOPLE),
    Column("new_households", _("New households"), PEOPLE),
    Column("average_present", _("Average present per session"), PEOPLE),
    Column("median_present", _("Median present per session"), PEOPLE),
    Column("walk_in_adults", _("Walk-ins: adults"), PEOPLE),
    Column("walk_in_children", _("Walk-ins: children"), PEOPLE),
    Column("walk_ins", _("Walk-ins: total"), PEOPLE),
    Column("members", _("Attendance rate of members (%)"), RATE),
    Column("registered", _("Attendance rate of registered people (%)"), RATE),
]

SUPPRESSION_NOTE = _(
    "“< 5” stands for 1 to 4 people, or for a rate that rests on fewer than 5 people: "
    "small numbers could point to a family."
)


def number_formatter():
    """number_format for the active language, its separators looked up once:
    number_format looks up three formats for every number, and the annual
    report shows some 1 600 numbers."""
    language = get_language()
    decimal_separator, grouping, thousand_separator = (
        get_format(name, language) for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR")
    )
    grouped = settings.USE_THOUSAND_SEPARATOR and grouping != 0

    def number(value, decimal_pos=None):
        if type(value) is int and decimal_pos is None and not grouped:
            return str(value)  # what number_format gives, without its checks for lazy text
        return numberformat.format(value, decimal_separator, decimal_pos, grouping, thousand_separator)

    return number


def shown_numbers(values, number):
    """`values` as a template would show them: numbers localised (here, once),
    text and None as they are."""
    return [value if value is None or isinstance(value, str) else number(value) for value in values]


def _text(value):
    """Text for HTML: the standard library's escape, without the check for
    lazy text that django.utils.html.escape makes on every one of a report's
    some 3 000 numbers and labels (each is plain text by then)."""
    return html.escape(str(value))


class NumberRow(list):
    """A table row's numbers as text (None: nothing to show); `{{ row.cells }}`
    shows them as the row's cells. Built here, not in a template loop: the
    annual report has some 1 500 of them in its tables, and looping over them
    was about half of the time it took to render the page."""

    @property
    def cells(self):
        return mark_safe(  # noqa: S308 - every value goes through _text()
            "".join(f'<td class="figures-number">{"–" if value is None else _text(value)}</td>' for value in self)
        )


class NumberTable(list):
    """[(label, NumberRow)]: a table's body; `{{ table.rows }}` shows each as
    a row of a heading cell and its numbers. Built here for the same reason:
    the annual report's tables have some 250 rows."""

    @property
    def rows(self):
        return mark_safe(  # noqa: S308 - every label goes through _text(), the cells did
            "".join(f'<tr><th scope="row">{_text(label)}</th>{values.cells}</tr>' for label, values in self)
        )


def section_tables(sections, *, suppressed=False, number=None):
    """[(section, NumberTable)]: the tables a kind of programme adds
    (report_sections), their numbers formatted once, for
    programmes/reports/includes/section.html."""
    number = number or number_formatter()
    return [
        (
            section,
            NumberTable(
                (label, NumberRow(shown_numbers(values, number)))
                for label, values in section.table(suppressed=suppressed)
            ),
        )
        for section in sections
    ]


def month_label(month):
    return date_format(month, "M")


CHART_TOP, CHART_BOTTOM, BAR_GAP = 20, 24, 6


@functools.lru_cache(maxsize=16)
def _chart_axis(labels, width, height):
    """What every chart of these months and this size shares: the x of each
    bar and of its middle, and the axis with the month names, as text. A
    report draws fifty charts of the same twelve months."""
    step = width / max(len(labels), 1)
    slots = [(index * step + BAR_GAP / 2, step - BAR_GAP) for index in range(len(labels))]
    slots = tuple((f"{x:.1f}", f"{bar_width:.1f}", f"{x + bar_width / 2:.1f}") for x, bar_width in slots)
    axis = CHART_TOP + height - CHART_TOP - CHART_BOTTOM
    names = "".join(
        f'<text class="figures-chart-label" x="{middle}" y="{height - 6}" text-anchor="middle">{_text(label)}</text>'
        for (_x, _width, middle), label in zip(slots, labels, strict=True)
    )
    return slots, f'<line class="figures-chart-axis" x1="0" y1="{axis}" x2="{width}" y2="{axis}"></line>{names}'


def bar_chart(chart_id, name, values, labels, *, suppressed=False, width=600, height=200):
    """A bar chart as inline SVG, drawn here rather than in a template loop
    (a report has a chart per programme). No script, no library; the same
    numbers are in the table "Present per month", which the title points to.
    In a suppressed chart, bars of 1 to 4 people are left out and labelled "< 5"."""
    plot = height - CHART_TOP - CHART_BOTTOM
    shown = [figures.suppress(value) if suppressed else value for value in values]
    highest = max([value for value in shown if not isinstance(value, str)] + [1])
    title = _("Bar chart: present per month, %(name)s. The table “Present per month” has the same numbers.") % {
        "name": name
    }
    slots, axis = _chart_axis(tuple(str(label) for label in labels), width, height)
    # f-strings, not format_html per bar: with a chart per programme that
    # took as long as the figures' queries. Numbers need no escaping; every
    # piece of text goes through _text().
    chart_id = _text(chart_id)
    parts = [
        f'<svg class="figures-chart" viewBox="0 0 {width} {height}" role="img" aria-labelledby="{chart_id}-title"'
        f' focusable="false"><title id="{chart_id}-title">{_text(title)}</title>{axis}'
    ]
    for (x, bar_width, middle), value in zip(slots, shown, strict=True):
        bar_height = 0 if isinstance(value, str) else plot * value / highest
        y = CHART_TOP + plot - bar_height
        if bar_height:
            parts.append(
                f'<rect class="figures-chart-bar" x="{x}" y="{y:.1f}" width="{bar_width}" height="{bar_height:.1f}">'
                "</rect>"
            )
        parts.append(
            f'<text class="figures-chart-value" x="{middle}" y="{y - 4:.1f}" text-anchor="middle">{_text(value)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text went through _text()


@method_decorator(permission_required(PERMISSION), name="dispatch")
class FiguresView(SpreadsheetExportMixin, WagtailAdminTemplateMixin, View):
    """The filter form, the figures, and their CSV and XLSX export."""

    header_icon = "table"
    # Download links stand next to the figures, not in the header's menu.
    show_export_buttons = False

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        self.today = timezone.localdate()
        self.form = self.get_form()
        self.report = None
        if self.form.is_bound and self.form.is_valid():
            self.report = self.get_report(self.form.cleaned_data)
        if self.is_export and self.report is not None:
            return self.as_spreadsheet(self.export_rows(), request.GET["export"])
        context = self.get_context_data()
        status = 400 if self.form.is_bound and not self.form.is_valid() else 200
        return self.render_to_response(context, status=status)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=self.form,
            report=self.report,
            columns=COLUMNS,
            suppression_note=SUPPRESSION_NOTE,
        )
        if self.report is not None:
            context.update(
                csv_url=self.get_export_url(self.FORMAT_CSV),
                xlsx_url=self.get_export_url(self.FORMAT_XLSX),
            )
        return context

    # The export: one row per programme (and the totals), people suppressed.

    list_export = ["title", *(column.name for column in COLUMNS)]

    @property
    def export_headings(self):
        return {"title": _("Programme"), **{column.name: column.label for column in COLUMNS}}

    custom_field_preprocess = {"title": {"csv": csv_safe}}

    def export_rows(self):
        return [*self.report.programmes, *([self.report.totals] if self.report.totals else [])]

    def to_row_dict(self, item):
        row = {"title": item.title}
        row.update((column.name, column.value(item, suppressed=True)) for column in COLUMNS)
        return row


class AttendanceFiguresView(FiguresView):
    """One programme, one period: the figures and every person's attendance."""

    template_name = "programmes/reports/attendance_figures.html"
    page_title = _("Attendance figures")

    def get_form(self):
        user = self.request.user
        if not {"programme", "first", "last"} & set(self.request.GET):
            initial = AttendanceFiguresForm.initial_for(self.today)
            programmes = coordinated_sources(user)[:2]
            if len(programmes) == 1:
                initial["programme"] = programmes[0]
            return AttendanceFiguresForm(user=user, initial=initial)
        form = AttendanceFiguresForm(self.request.GET, user=user)
        if form.has_error("programme", "invalid_choice"):
            # A programme this user does not coordinate does not exist for them.
            raise Http404
        return form

    def get_report(self, data):
        programme, first, last = data["programme"], data["first"], data["last"]
        self.programme = programme
        self.people = figures.person_figures(programme, first, last, today=self.today)
        return figures.programme_figures([programme], first, last, today=self.today)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.report is not None:
            context.update(
                programme=self.programme,
                item=self.report.programmes[0],
                rows=[
                    (column, column.display(self.report.programmes[0]), column.detail(self.report.programmes[0]))
                    for column in COLUMNS
                ],
                people=self.people,
            )
        return context

    def get_filename(self):
        data = self.form.cleaned_data
        return f"attendance-{slugify(data['programme'].title)}-{data['first']:%Y%m%d}-{data['last']:%Y%m%d}"


class AnnualReportMixin:
    """One year across every programme the user coordinates, with totals and
    present per month. Without a year in the address: this year's report."""

    def get_form(self):
        data = self.request.GET if "year" in self.request.GET else {"year": str(self.today.year)}
        return AnnualReportForm(data, today=self.today)

    def get_report(self, data):
        year = data["year"]
        report = figures.figures_for_user(
            self.request.user,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            today=self.today,
            only_active=True,
        )
        report.totals.title = str(_("Total"))
        return report

    def report_context(self, *, suppressed):
        """Everything the report shows, its numbers formatted here once."""
        number = number_formatter()

        def shown(item):
            return NumberRow(column.display(item, suppressed=suppressed, number=number) for column in COLUMNS)

        return {
            "table": NumberTable((item.title, shown(item)) for item in self.report.programmes),
            "totals": shown(self.report.totals),
            **self.month_context(suppressed=suppressed, number=number),
            **self.section_context(suppressed=suppressed, number=number),
        }

    def section_context(self, *, suppressed, number):
        """The tables each kind of programme adds (the grocery: visits and badges)."""
        year = self.form.cleaned_data["year"]
        sections = report_sections.sections_for(
            self.report.programmes,
            datetime.date(year, 1, 1),
            datetime.date(year, 12, 31),
            today=self.today,
        )
        return {"sections": section_tables(sections, suppressed=suppressed, number=number)}

    def month_context(self, *, suppressed, number):
        months = list(self.report.totals.present_by_month)
        labels = [month_label(month) for month in months]

        def values(item):
            shown = list(item.present_by_month.values())
            return NumberRow(
                shown_numbers([figures.suppress(value) for value in shown] if suppressed else shown, number)
            )

        return {
            "months": labels,
            "month_rows": NumberTable((item.title, values(item)) for item in self.report.programmes),
            "month_totals": values(self.report.totals),
            "total_chart": bar_chart(
                "chart-total",
                _("All programmes"),
                list(self.report.totals.present_by_month.values()),
                labels,
                suppressed=suppressed,
            ),
            "charts": [
                (
                    item,
                    bar_chart(
                        f"chart-{item.programme_id}",
                        item.title,
                        list(item.present_by_month.values()),
                        labels,
                        suppressed=suppressed,
                        height=140,
                    ),
                )
                for item in self.report.programmes
            ],
        }


class AnnualReportView(AnnualReportMixin, FiguresView):
    template_name = "programmes/reports/annual_report.html"
    page_title = _("Annual report")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.report is not None:
            context.update(self.report_context(suppressed=False))
            context.update(
                year=self.form.cleaned_data["year"],
                print_url=reverse("programmes_reports:annual_print") + f"?year={self.form.cleaned_data['year']}",
            )
        return context

    # The export also has present per month, after the figures.

    @property
    def list_export(self):
        return [*FiguresView.list_export, *(f"month_{n}" for n in range(1, 13))]

    @property
    def export_headings(self):
        headings = FiguresView.export_headings.fget(self)
        year = self.form.cleaned_data["year"]
        for n in range(1, 13):
            month = month_label(datetime.date(year, n, 1))
            headings[f"month_{n}"] = _("Present in %(month)s") % {"month": month}
        return headings

    def to_row_dict(self, item):
        row = super().to_row_dict(item)
        for n, value in enumerate(item.present_by_month.values(), start=1):
            row[f"month_{n}"] = figures.suppress(value)
        return row

    def get_filename(self):
        return f"annual-report-{self.form.cleaned_data['year']}"


@method_decorator(permission_required(PERMISSION), name="dispatch")
class AnnualReportPrintView(AnnualReportMixin, View):
    """The annual report on paper: suppressed like the exports, no admin
    furniture, print styles; the browser's own Print makes the PDF."""

    template_name = "programmes/reports/annual_report_print.html"

    def get(self, request):
        self.today = timezone.localdate()
        self.form = form = self.get_form()
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        self.report = self.get_report(form.cleaned_data)
        year = form.cleaned_data["year"]
        context = {
            "form": form,
            "year": year,
            "report": self.report,
            "columns": COLUMNS,
            "suppression_note": SUPPRESSION_NOTE,
            "generated_on": self.today,
            "back_url": reverse("programmes_reports:annual") + f"?year={year}",
            **self.report_context(suppressed=True),
        }
        return render(request, self.template_name, context)
