"""The playground's desk screens, included by the site into its `desk` namespace."""

from django.urls import path

from holiday_play.views import day_list, desk_booking, signals

PLAY_DAY = "play-days/<int:day_id>/"
BOOKING = PLAY_DAY + "bookings/<int:booking_id>/"
CHILD = PLAY_DAY + "children/<int:child_id>/"

urlpatterns = [
    path(PLAY_DAY, day_list.day_list, name="day_list"),
    path(BOOKING + "check-in/", day_list.check_in, name="check_in"),
    path(BOOKING + "check-out/", day_list.check_out, name="check_out"),
    path(BOOKING + "paid/", day_list.mark_paid, name="mark_paid"),
    path(PLAY_DAY + "groups/<int:group_id>/animators/", day_list.set_animators, name="set_animators"),
    path(BOOKING + "cancel/", desk_booking.cancel, name="play_cancel"),
    path(PLAY_DAY + "book/", desk_booking.find_household, name="play_find_household"),
    path(PLAY_DAY + "book/<int:household_id>/", desk_booking.book_household, name="play_book_household"),
    path(PLAY_DAY + "walk-in/", day_list.walk_in, name="play_walk_in"),
    path(PLAY_DAY + "walk-in/new/", day_list.walk_in_new, name="play_walk_in_new"),
    path(CHILD + "signal/", signals.new_signal, name="new_signal"),
    path("signals/", signals.my_signals, name="my_signals"),
]
