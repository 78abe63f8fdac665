"""Calendar files next to the pages they belong to. Wagtail's own routing
only serves paths ending in a slash, so these come before its catch-all."""

from django.urls import re_path

from programmes.views import feeds

PAGE_PATH = r"(?P<path>(?:[\w\-]+/)+)"

urlpatterns = [
    re_path(r"^calendars/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", feeds.personal_calendar, name="personal_calendar"),
    re_path(rf"^{PAGE_PATH}calendar\.ics$", feeds.page_calendar, name="page_calendar"),
    re_path(
        rf"^{PAGE_PATH}sessions/(?P<uid>[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}})\.ics$",
        feeds.session_calendar,
        name="session_calendar",
    ),
]
