"""Erasing what a playground knows about a child's health and family some
time after the child's last holiday with us: medical notes, medication,
allergies, diet, GP, the people who may pick the child up (and who did),
and the text of signals about the child. Bookings (the days, prices and
tariffs the certificates and figures need) stay.

The audit log never held these values (entries carry ids and codes), so
there is nothing to scrub there; the erasure itself is logged with a count.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from holiday_play.models import Booking, ChildContact, ChildProfile, HolidayPeriod, Signal
from programmes import audit

ERASED_FIELDS = {
    "diet": "",
    "allergies": "",
    "medical_notes": "",
    "medication": "",
    "gp_name": "",
    "gp_phone": "",
    "national_number": "",
}
# Who took the child home, and why a coordinator allowed it; why another age group.
ERASED_BOOKING_FIELDS = {"picked_up_by": "", "pickup_override": "", "age_group_reason": ""}
ERASED_SIGNAL_FIELDS = {"concern": "", "follow_up_note": ""}


@dataclass
class Erasure:
    profiles: int = 0
    contacts: int = 0
    bookings: int = 0
    signals: int = 0


def _over(today):
    """Children (Person ids) whose last booked play day (or, without bookings,
    the last change of their profile) is more than the retention days ago,
    counted from the end of the school holiday that day was in."""
    keep_days = datetime.timedelta(days=settings.KANSEN_CHILD_DATA_RETENTION_DAYS)
    periods = list(HolidayPeriod.objects.values_list("first_day", "last_day"))

    def end_of_holiday(day):
        return next((last for first, last in periods if first <= day <= last), day)

    last_days = Booking.objects.active().values("child").annotate(last=Max("play_day__local_date"))
    booked = {row["child"] for row in last_days if end_of_holiday(row["last"]) < today - keep_days}
    never_booked = ChildProfile.objects.filter(updated_at__date__lt=today - keep_days).exclude(
        child__in=Booking.objects.active().values("child")
    )
    return booked | set(never_booked.values_list("child", flat=True))


def _something_left(fields):
    return ~Q(**dict.fromkeys(fields, ""))


def due(today=None):
    """What the retention task erases today: (profiles, contacts, bookings, signals) querysets."""
    children = _over(today or timezone.localdate())
    profiles = ChildProfile.objects.filter(child__in=children).filter(_something_left(ERASED_FIELDS))
    contacts = ChildContact.objects.filter(profile__child__in=children)
    bookings = Booking.objects.filter(child__in=children).filter(_something_left(ERASED_BOOKING_FIELDS))
    signals = Signal.objects.filter(child__in=children, erased_at__isnull=True)
    return profiles, contacts, bookings, signals


@transaction.atomic
def erase_child_data(*, today=None, dry_run=False):
    profiles, contacts, bookings, signals = due(today)
    # Profiles whose only remaining data is their contacts are erased too.
    profile_ids = set(profiles.values_list("pk", flat=True)) | set(contacts.values_list("profile_id", flat=True))
    result = Erasure(
        profiles=len(profile_ids), contacts=contacts.count(), bookings=bookings.count(), signals=signals.count()
    )
    if dry_run:
        return result
    now = timezone.now()
    contacts.delete()
    ChildProfile.objects.filter(pk__in=profile_ids).update(**ERASED_FIELDS, erased_at=now)
    bookings.update(**ERASED_BOOKING_FIELDS)
    signals.update(**ERASED_SIGNAL_FIELDS, erased_at=now)
    for profile in ChildProfile.objects.filter(pk__in=profile_ids):
        audit.log_change(profile, "holiday_play.child_profile.erased", by=None)
    return result


def erase_child_data_rule(today, dry_run):
    """For the project's daily retention task (programmes.retention): the
    number of children's profiles, bookings and signals erased."""
    result = erase_child_data(today=today, dry_run=dry_run)
    return result.profiles + result.bookings + result.signals
