"""The playground's part of erasing a household (programmes.erasure),
registered in HolidayPlayConfig.ready.

The bookings stay on the anonymised child: places per day, the figures and
the yearly certificates need the days, prices and tariffs. What goes is
what the retention task erases some time after the holidays
(services/retention.py), at once: health, diet, doctor, UiTPAS and national
register numbers, who picked the child up and why, the reason for another
age group, the text of signals; the child's contacts are deleted.
"""

from django.db.models import Q
from django.utils import timezone

from holiday_play.models import Booking, ChildContact, ChildProfile, Signal
from holiday_play.services.retention import ERASED_BOOKING_FIELDS, ERASED_FIELDS, ERASED_SIGNAL_FIELDS

PROFILE_FIELDS = {**ERASED_FIELDS, "uitpas_number": ""}


def _something_left(fields):
    return ~Q(**dict.fromkeys(fields, ""))


def erase(household, dry_run):
    """Rows of the household's children that held personal data."""
    children = household.members.all()
    profiles = ChildProfile.objects.filter(child__in=children).filter(_something_left(PROFILE_FIELDS))
    contacts = ChildContact.objects.filter(profile__child__in=children)
    bookings = Booking.objects.filter(child__in=children).filter(_something_left(ERASED_BOOKING_FIELDS))
    signals = Signal.objects.filter(child__in=children).filter(_something_left(ERASED_SIGNAL_FIELDS))
    count = profiles.count() + contacts.count() + bookings.count() + signals.count()
    if dry_run:
        return count
    now = timezone.now()
    contacts.delete()
    profiles.update(**PROFILE_FIELDS, erased_at=now)
    bookings.update(**ERASED_BOOKING_FIELDS)
    signals.update(**ERASED_SIGNAL_FIELDS, erased_at=now)
    return count


def subjects(household):
    children = household.members.all()
    return [
        (ChildProfile, ChildProfile.objects.filter(child__in=children).values_list("pk", flat=True)),
        (ChildContact, ChildContact.objects.filter(profile__child__in=children).values_list("pk", flat=True)),
        (Booking, Booking.objects.filter(child__in=children).values_list("pk", flat=True)),
        (Signal, Signal.objects.filter(child__in=children).values_list("pk", flat=True)),
    ]


def sessions(household):
    return Booking.objects.filter(child__household=household).values_list("play_day_id", flat=True)


def active(since):
    """Households with a child booked for a play day on or after `since`."""
    return Booking.objects.filter(play_day__starts_at__date__gte=since).values("child__household")
