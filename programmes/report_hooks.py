"""The figures reports in the Wagtail admin: their addresses and their items
in the Reports menu. Imported at the end of wagtail_hooks.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from programmes.views import reports


class FiguresMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(reports.PERMISSION)


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("attendance/", reports.AttendanceFiguresView.as_view(), name="attendance"),
        path("annual/", reports.AnnualReportView.as_view(), name="annual"),
        path("annual/print/", reports.AnnualReportPrintView.as_view(), name="annual_print"),
    ]
    return [path("figures/", include((urls, "programmes_reports")))]


@hooks.register("register_reports_menu_item")
def register_attendance_figures_menu_item():
    return FiguresMenuItem(
        _("Attendance figures"),
        reverse("programmes_reports:attendance"),
        name="attendance-figures",
        icon_name="table",
        order=1300,
    )


@hooks.register("register_reports_menu_item")
def register_annual_report_menu_item():
    return FiguresMenuItem(
        _("Annual report"),
        reverse("programmes_reports:annual"),
        name="annual-report",
        icon_name="doc-full",
        order=1310,
    )
