"""Mails to families about their play days: ids in, fresh rows loaded."""

from django_tasks import task


def _items(bookings, language):
    from programmes.mail import localized_page

    playground = localized_page(bookings[0].play_day.programme, language)
    return playground, [
        {"booking": booking, "day": booking.play_day.local_date, "child": booking.child.first_name}
        for booking in bookings
    ]


@task()
def send_booking_mail(booking_ids):
    """What was booked, who is on a waiting list, and the link to cancel."""
    from holiday_play.models import Booking
    from programmes.mail import send_to_household

    bookings = list(
        Booking.objects.active()
        .filter(pk__in=booking_ids)
        .select_related("child__household", "play_day__programme")
        .order_by("play_day__starts_at", "child__first_name")
    )
    if not bookings:
        return
    household = bookings[0].child.household
    playground, items = _items(bookings, household.language)
    send_to_household(household, "holiday_play/mail/booked.txt", {"playground": playground, "items": items})


@task()
def send_promotion_mail(booking_id):
    from holiday_play.models import Booking
    from programmes.mail import send_to_household

    booking = (
        Booking.objects.confirmed()
        .filter(pk=booking_id, promoted_at__isnull=False)
        .select_related("child__household", "play_day__programme")
        .first()
    )
    if booking is None:
        return
    household = booking.child.household
    playground, items = _items([booking], household.language)
    send_to_household(household, "holiday_play/mail/promoted.txt", {"playground": playground, "item": items[0]})
