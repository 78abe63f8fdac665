"""Coordinators book and cancel play days at the desk: for a family on the
phone or at the office, on any play day that has not passed, and cancel at
any time (no noon deadline). Walk-ins on the day are in views/day_list.py."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from holiday_play.forms import DeskBookingForm
from holiday_play.models import Booking
from holiday_play.services.bookings import book_days, cancel_booking
from holiday_play.views.day_list import _play_day
from programmes.errors import ProgrammeError
from programmes.forms.desk import HouseholdSearchForm
from programmes.models import Household, Session
from programmes.permissions import may_coordinate
from programmes.views.desk import SEARCH_RESULTS, desk_view, search_households


def _coordinated_day(request, day_id):
    day, playground = _play_day(request, day_id)
    if not may_coordinate(request.user, playground):
        raise Http404
    return day, playground


def _rest_of_week(day):
    """The play days of `day`'s week from `day` on."""
    friday = day.local_date + datetime.timedelta(days=6 - day.local_date.weekday())
    return list(
        Session.objects.filter(
            programme_id=day.programme_id, local_date__gte=day.local_date, local_date__lte=friday
        ).scheduled()
    )


@desk_view
def find_household(request, day_id):
    day, playground = _coordinated_day(request, day_id)
    form = HouseholdSearchForm(request.GET or None)
    results, more = search_households(form, day=day.local_date)
    return render(
        request,
        "holiday_play/desk/find_household.html",
        {
            "day": day,
            "today": timezone.localdate(),
            "playground": playground,
            "form": form,
            "results": results,
            "more": more,
            "limit": SEARCH_RESULTS,
        },
    )


@desk_view
def book_household(request, day_id, household_id):
    day, playground = _coordinated_day(request, day_id)
    household = get_object_or_404(Household, pk=household_id)
    form = DeskBookingForm(request.POST or None, household=household, playground=playground)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        days = _rest_of_week(day) if data["whole_week"] else [day]
        try:
            with transaction.atomic():
                bookings = book_days(
                    playground,
                    list(data["children"]),
                    days,
                    by=request.user,
                    tariff=data["tariff"],
                    meal=data["meal"],
                    source=Booking.Source.DESK,
                    age_group=data["age_group"],
                    reason=data["reason"],
                )
        except ProgrammeError as error:
            form.add_error(None, error.message)
        else:
            waiting = sum(1 for booking in bookings if booking.status == Booking.Status.WAITING)
            messages.success(
                request,
                ngettext("%(count)s play day booked.", "%(count)s play days booked.", len(bookings))
                % {"count": len(bookings)},
            )
            if waiting:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)s of them on the waiting list.", "%(count)s of them on the waiting list.", waiting
                    )
                    % {"count": waiting},
                )
            return redirect(reverse("desk:day_list", args=[day.pk]))
    return render(
        request,
        "holiday_play/desk/book_household.html",
        {"day": day, "playground": playground, "household": household, "form": form},
        status=400 if form.is_bound else 200,
    )


@desk_view
@require_POST
def cancel(request, day_id, booking_id):
    """A coordinator cancels a booked or waiting child, at any time; the
    first child waiting moves up."""
    day, _playground = _coordinated_day(request, day_id)
    booking = get_object_or_404(Booking.objects.select_related("child"), pk=booking_id, play_day=day)
    if day.local_date < timezone.localdate():
        messages.error(request, _("This play day is over."))
    else:
        cancel_booking(booking, by=request.user, as_coordinator=True)
        messages.success(request, _("%(name)s is no longer booked on this day.") % {"name": booking.child.first_name})
    return redirect(reverse("desk:day_list", args=[day.pk]))
