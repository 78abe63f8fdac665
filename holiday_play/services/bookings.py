"""Booking play days: a place in the child's age group on that day, or the
waiting list; cancelling gives the place to the first child waiting in the
same group on the same day.

As for registrations (programmes.services.enrolment), every change of who
holds a place happens in one transaction that first locks the play day's
session row (`select_for_update`; SQLite's IMMEDIATE mode serialises writers
instead), so counting the places taken and taking one are one step.
"""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holiday_play.models import Booking
from holiday_play.tasks import send_booking_mail, send_promotion_mail
from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Session

# Families cancel until noon on the day before; coordinators at any time.
CANCEL_UNTIL = datetime.time(12)


class BookingError(ProgrammeError):
    """Codes: not_a_play_day, closed, past, cancelled_day, not_a_child, age, reason, duplicate, deadline."""


def price_for(playground, tariff):
    if tariff == Booking.Tariff.SOCIAL and playground.social_tariff is not None:
        return playground.social_tariff
    return playground.price


def book_day(
    playground,
    play_day,
    child,
    *,
    by=None,
    tariff=Booking.Tariff.NORMAL,
    meal=True,
    source=Booking.Source.ONLINE,
    age_group=None,
    reason="",
):
    """Book `child` on `play_day`: confirmed while its age group has places,
    else on the waiting list. A coordinator may choose another age group,
    with a reason."""
    if play_day.programme_id != playground.pk:
        raise BookingError(_("This is not a play day of this playground."), code="not_a_play_day")
    if not child.is_child or child.birth_date is None:
        raise BookingError(_("Only children with a birth date can be booked."), code="not_a_child")
    today = timezone.localdate()
    if playground.bookings_open_on and today < playground.bookings_open_on and source == Booking.Source.ONLINE:
        raise BookingError(_("Booking has not opened yet."), code="closed")
    if age_group is None:
        age_group = playground.age_group_for(child.birth_date, play_day.local_date)
        if age_group is None:
            raise BookingError(_("This child's age does not fit any age group of this playground."), code="age")
        reason = ""
    elif not reason.strip():
        raise BookingError(_("Say why this child goes to another age group."), code="reason")
    try:
        with transaction.atomic():
            day = Session.objects.select_for_update().get(pk=play_day.pk)
            if day.is_cancelled:
                raise BookingError(_("This play day is cancelled."), code="cancelled_day")
            if day.local_date < today or (day.local_date == today and source == Booking.Source.ONLINE):
                raise BookingError(_("This play day can no longer be booked online."), code="past")
            taken = Booking.objects.filter(play_day=day, age_group=age_group).confirmed().count()
            full = taken >= age_group.capacity
            now = timezone.now()
            booking = Booking.objects.create(
                play_day=day,
                child=child,
                age_group=age_group,
                age_group_reason=reason.strip()[:200],
                status=Booking.Status.WAITING if full else Booking.Status.CONFIRMED,
                waiting_since=now if full else None,
                tariff=tariff,
                price=price_for(playground, tariff),
                meal=meal,
                source=source,
                booked_by=by if by is not None and by.is_authenticated else None,
            )
            audit.log_change(booking, "holiday_play.booking.created", by=by, data={"status": booking.status})
    except IntegrityError:
        raise BookingError(_("This child is already booked on this day."), code="duplicate") from None
    return booking


def cancel_deadline(play_day):
    return timezone.make_aware(
        datetime.datetime.combine(play_day.local_date - datetime.timedelta(days=1), CANCEL_UNTIL)
    )


@transaction.atomic
def cancel_booking(booking, *, by=None, as_coordinator=False):
    """Give the place back; the first child waiting in the same age group
    moves up. Cancelling twice changes nothing the second time."""
    day = Session.objects.select_for_update().get(pk=booking.play_day_id)
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    if not booking.is_active:
        return booking
    if not as_coordinator and timezone.now() > cancel_deadline(day):
        raise BookingError(_("Cancelling is possible until noon the day before. Call the playground."), code="deadline")
    was_confirmed = booking.status == Booking.Status.CONFIRMED
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.save(update_fields=["status", "cancelled_at"])
    audit.log_change(booking, "holiday_play.booking.cancelled", by=by)
    if was_confirmed and booking.age_group_id is not None:
        promote_waiting(day, booking.age_group, by=by)
    return booking


def promote_waiting(day, age_group, *, by=None):
    """Fill free places of `age_group` on `day` from its waiting list, in order.
    Runs inside the caller's transaction, which holds the day's lock."""
    free = age_group.capacity - Booking.objects.filter(play_day=day, age_group=age_group).confirmed().count()
    promoted = []
    if free <= 0 or day.is_cancelled or day.local_date < timezone.localdate():
        return promoted
    for waiting in Booking.objects.select_for_update().filter(play_day=day, age_group=age_group).waiting()[:free]:
        waiting.status = Booking.Status.CONFIRMED
        waiting.promoted_at = timezone.now()
        waiting.save(update_fields=["status", "promoted_at"])
        audit.log_change(waiting, "holiday_play.booking.promoted", by=by)
        transaction.on_commit(lambda pk=waiting.pk: send_promotion_mail.enqueue(pk))
        promoted.append(waiting)
    return promoted


def book_days(
    playground,
    children,
    play_days,
    *,
    by=None,
    tariff=Booking.Tariff.NORMAL,
    meal=True,
    source=Booking.Source.ONLINE,
    age_group=None,
    reason="",
):
    """Book every child on every day (confirmed or waiting list). A day a
    child already holds is skipped, so a form sent twice books nothing twice.
    One confirmation mail for all of them."""
    bookings = []
    for day in play_days:
        for child in children:
            try:
                bookings.append(
                    book_day(
                        playground,
                        day,
                        child,
                        by=by,
                        tariff=tariff,
                        meal=meal,
                        source=source,
                        age_group=age_group,
                        reason=reason,
                    )
                )
            except BookingError as error:
                if error.code != "duplicate":
                    raise
    ids = [booking.pk for booking in bookings]
    if ids:
        transaction.on_commit(lambda: send_booking_mail.enqueue(ids))
    return bookings


def set_paid(booking, paid, *, by):
    """Record whether the family paid for the day (cash or card at the gate).
    Only a change is written and logged: a second tap changes nothing."""
    if booking.paid == paid:
        return booking
    booking.paid = paid
    booking.save(update_fields=["paid"])
    audit.log_change(booking, "holiday_play.booking.paid", by=by, data={"paid": paid})
    return booking
