"""A family's own pages for its play days, next to programmes' manage pages
(they trust the same signed link)."""

from django.urls import path

from holiday_play.views import booking

urlpatterns = [
    path(
        "registrations/<str:token>/play-days/<int:booking_id>/cancel/",
        booking.cancel_play_day,
        name="cancel_play_day",
    ),
]
