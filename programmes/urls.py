"""Calendar files and the register form next to the pages they belong to,
and the household's own pages. These come before Wagtail's catch-all."""

from django.urls import path, re_path

from programmes.views import feeds, registration

PAGE_PATH = r"(?P<path>(?:[\w\-]+/)+)"

urlpatterns = [
    re_path(rf"^{PAGE_PATH}register/$", registration.register, name="register"),
    path("registrations/new-link/", registration.new_link, name="new_manage_link"),
    path("registrations/<str:token>/", registration.manage, name="manage_registrations"),
    path(
        "registrations/<str:token>/cancel/<int:registration_id>/",
        registration.cancel_registration,
        name="cancel_registration",
    ),
    path("registrations/<str:token>/calendar/", registration.subscribe, name="subscribe_household_calendar"),
    re_path(r"^calendars/(?P<token>[A-Za-z0-9_-]{20,100})\.ics$", feeds.personal_calendar, name="personal_calendar"),
    re_path(rf"^{PAGE_PATH}calendar\.ics$", feeds.page_calendar, name="page_calendar"),
    re_path(
        rf"^{PAGE_PATH}sessions/(?P<uid>[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}})\.ics$",
        feeds.session_calendar,
        name="session_calendar",
    ),
]
