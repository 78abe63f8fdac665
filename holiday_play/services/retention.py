"""Erasing what a playground knows about a child's health and family some
time after the child's last holiday with us: medical notes, medication,
allergies, diet, GP and the people who may pick the child up. Bookings (the
days, prices and tariffs the certificates and figures need) stay.

The audit log never held these values (entries carry ids and codes), so
there is nothing to scrub there; the erasure itself is logged with a count.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from holiday_play.models import Booking, ChildContact, ChildProfile, HolidayPeriod
from programmes import audit

ERASED_FIELDS = {
    "diet": "",
    "allergies": "",
    "medical_notes": "",
    "medication": "",
    "gp_name": "",
    "gp_phone": "",
}


@dataclass
class Erasure:
    profiles: int = 0
    contacts: int = 0


def due_profiles(today=None):
    """Profiles with something to erase whose child's last booked play day
    (or, without bookings, the last change) is more than the retention days
    ago, counted from the end of the school holiday that day was in."""
    today = today or timezone.localdate()
    keep_days = datetime.timedelta(days=settings.KANSEN_CHILD_DATA_RETENTION_DAYS)
    last_day = (
        Booking.objects.filter(child=OuterRef("child"))
        .active()
        .values("child")
        .annotate(last=Max("play_day__local_date"))
        .values("last")
    )
    holiday_end = HolidayPeriod.objects.filter(
        first_day__lte=OuterRef("last_play_day"), last_day__gte=OuterRef("last_play_day")
    ).values("last_day")[:1]
    profiles = ChildProfile.objects.annotate(last_play_day=Subquery(last_day[:1])).annotate(
        holiday_end=Subquery(holiday_end)
    )
    with_something = ~Q(**dict.fromkeys(ERASED_FIELDS, "")) | Q(contacts__isnull=False)
    booked_and_over = Q(last_play_day__isnull=False) & (
        Q(holiday_end__lt=today - keep_days) | Q(holiday_end__isnull=True, last_play_day__lt=today - keep_days)
    )
    never_booked = Q(last_play_day__isnull=True, updated_at__date__lt=today - keep_days)
    return profiles.filter(with_something).filter(booked_and_over | never_booked).distinct()


@transaction.atomic
def erase_child_data(*, today=None, dry_run=False):
    due = list(due_profiles(today).values_list("pk", flat=True))
    result = Erasure(profiles=len(due))
    contacts = ChildContact.objects.filter(profile_id__in=due)
    result.contacts = contacts.count()
    if dry_run or not due:
        return result
    contacts.delete()
    ChildProfile.objects.filter(pk__in=due).update(**ERASED_FIELDS, erased_at=timezone.now())
    for profile in ChildProfile.objects.filter(pk__in=due):
        audit.log_change(profile, "holiday_play.child_profile.erased", by=None)
    return result
