from django.urls import path
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from holiday_play.viewsets import HolidayImportView, HolidayPeriodViewSet

register_snippet(HolidayPeriodViewSet)


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("holidays/import/", HolidayImportView.as_view(), name="holiday_import")]
