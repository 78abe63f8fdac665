"""Families book play days without an account, and see and cancel them on
their own page (programmes' manage link, which this app adds a section to).

Every lookup on the manage page is scoped to the household its signed link
names: another household's booking id is a 404, and a GET changes nothing.
"""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.models import Locale

from holiday_play.forms.public import BookingForm
from holiday_play.models import Booking
from holiday_play.services.bookings import book_days, cancel_booking, cancel_deadline
from holiday_play.services.children import profile_from_booking
from programmes import throttle
from programmes.errors import ProgrammeError
from programmes.manage_links import manage_url
from programmes.manage_sections import ManageSection
from programmes.models import Session
from programmes.services.households import create_household
from programmes.views.registration import household_for_link, invalid_link

# About two weeks of a summer holiday... and the whole of a shorter one.
DAYS_OFFERED = 45


def bookable_days(playground):
    """The next play days a family can book online: from tomorrow, once booking opened."""
    today = timezone.localdate()
    if playground.bookings_open_on and today < playground.bookings_open_on:
        return Session.objects.none()
    upcoming = Session.objects.filter(programme=playground, local_date__gt=today).scheduled()
    shown = upcoming.order_by("starts_at").values_list("pk", flat=True)[:DAYS_OFFERED]
    return Session.objects.filter(pk__in=list(shown)).order_by("starts_at")


def full_groups(playground, play_days):
    """{play day id: [names of the age groups that are full]}, in one query."""
    groups = {group.pk: group for group in playground.age_groups.all()}
    taken = (
        Booking.objects.filter(play_day__in=play_days, status=Booking.Status.CONFIRMED)
        .values("play_day_id", "age_group_id")
        .annotate(taken=Count("pk"))
    )
    full = {}
    for row in taken:
        group = groups.get(row["age_group_id"])
        if group is not None and row["taken"] >= group.capacity:
            full.setdefault(row["play_day_id"], []).append(group.name)
    return full


def book(request, page):
    """The booking form of a playground (`<page>/register/`)."""
    playground = (page.get_translation_or_none(Locale.get_default()) or page).specific
    play_days = bookable_days(playground)
    form = BookingForm(request.POST or None, playground=playground, play_days=play_days)
    valid = request.method == "POST" and form.is_valid()
    address = throttle.client_address(request)
    refused = request.method == "POST" and throttle.is_blocked("registration_address", address)
    if refused:
        form.add_error(None, throttle.too_many_attempts("registration_address"))
        valid = False
    if valid:
        try:
            household = _book(form, playground)
        except ProgrammeError as error:
            form.add_error(None, error.message)
            valid = False
        else:
            throttle.hit("registration_address", address)
            return redirect(manage_url(household) + "?registered=1")
    full = full_groups(playground, play_days)
    chosen = {str(value) for value in form["days"].value() or []}
    weeks_chosen = set(form["weeks"].value() or [])
    weeks = [
        {
            "value": monday,
            "label": label,
            "checked": monday in weeks_chosen,
            "days": [
                {"day": day, "checked": str(day.pk) in chosen, "full": full.get(day.pk, [])}
                for day in form.week_days[monday]
            ],
        }
        for monday, label in form.fields["weeks"].choices
    ]
    return render(
        request,
        "holiday_play/book.html",
        {
            "page": page,
            "playground": playground,
            "form": form,
            "weeks": weeks,
            "not_open_yet": playground.bookings_open_on and timezone.localdate() < playground.bookings_open_on,
            "has_errors": form.is_bound and not valid,
        },
        status=429 if refused else 400 if form.is_bound and not valid else 200,
    )


@transaction.atomic
def _book(form, playground):
    data = form.cleaned_data
    household = create_household(
        contact_name=f"{data['first_name']} {data['last_name']}".strip(),
        phone=data["phone"],
        email=data["email"],
        language=data["language"],
        street=data["street"],
        postcode=data["postcode"],
        city=data["city"],
        members=form.people(),
        idempotency_key=data["idempotency_key"] or None,
    )
    rows = {(row["first_name"], row["birth_date"]): row for row in form.child_rows()}
    children = [member for member in household.members.all() if (member.first_name, member.birth_date) in rows]
    for child in children:
        profile_from_booking(
            child,
            household,
            details=rows[(child.first_name, child.birth_date)],
            uitpas_number=data["uitpas_number"],
            social_tariff=data["social_tariff"],
            pickup=(data["pickup_name"], data["pickup_relationship"], data["pickup_phone"])
            if data["pickup_name"]
            else None,
        )
    tariff = Booking.Tariff.SOCIAL if data["social_tariff"] else Booking.Tariff.NORMAL
    book_days(playground, children, data["play_days"], tariff=tariff, meal=data["meal"])
    return household


def manage_section(request, household, token):
    """The family's play days on its own page, from today."""
    bookings = list(
        Booking.objects.filter(child__household=household, play_day__local_date__gte=timezone.localdate())
        .filter(Q(status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITING]) | Q(cancelled_at__isnull=False))
        .select_related("child", "play_day__programme", "age_group")
        .order_by("play_day__starts_at", "child__first_name")
    )
    if not bookings:
        return None
    now = timezone.now()
    for booking in bookings:
        booking.may_cancel = booking.is_active and now <= cancel_deadline(booking.play_day)
    return ManageSection("holiday_play/includes/manage_play_days.html", {"bookings": bookings, "token": token})


@require_POST
def cancel_play_day(request, token, booking_id):
    household = household_for_link(token)
    if household is None:
        return invalid_link(request)
    booking = get_object_or_404(Booking, pk=booking_id, child__household=household)
    try:
        cancel_booking(booking)
    except ProgrammeError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The play day is cancelled. Thank you for letting us know."))
    return redirect("manage_registrations", token=token)
