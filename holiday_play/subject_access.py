"""The playground's part of a household's export (programmes/subject_access.py):
per child, the profile with its contacts, the booked play days and the
signals.

Medical notes and medication are in it: they are the family's own data,
given by the family. So only someone who may read them everywhere (the
`view_medical` permission) exports.

Signals are in it too. A signal is personal data about the child, and the
export is what the organisation holds; it is for the data protection officer,
who answers the request. What leaves the building is their decision: the
GDPR lets an organisation hold back what would put the child at risk or
harm someone else (art. 15(4), art. 23 and the Belgian law of 30 July 2018),
and that is a judgement about one family, not something code can make. The
author of a signal is left out (data about the staff member, and the reason
staff dare to write one); the page shows a warning above the signals.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from programmes import subject_access
from programmes.subject_access import plain, values


def _children(household):
    from holiday_play.models import Booking, ChildContact, Signal
    from programmes.models import Person

    persons = (
        Person.objects.filter(household=household)
        .select_related("child_profile")
        .prefetch_related(
            Prefetch("child_profile__contacts", queryset=ChildContact.objects.order_by("pk")),
            Prefetch(
                "play_bookings",
                queryset=Booking.objects.select_related("play_day__programme", "age_group").order_by(
                    "play_day__starts_at", "pk"
                ),
            ),
            Prefetch("signals", queryset=Signal.objects.select_related("playground").order_by("created_at", "pk")),
        )
        .order_by("pk")
    )
    children = []
    for person in persons:
        profile = getattr(person, "child_profile", None)
        bookings, signals = person.play_bookings.all(), person.signals.all()
        if profile is None and not bookings and not signals:
            continue
        children.append(
            {
                "person_id": person.pk,
                "name": str(person),
                "profile": _profile(profile),
                "contacts": [
                    values(contact, "name", "relationship", "phone", "may_pick_up", "emergency")
                    for contact in (profile.contacts.all() if profile else ())
                ],
                "bookings": [_booking(booking) for booking in bookings],
                "signals": [
                    {
                        "playground": signal.playground.title if signal.playground else None,
                        **values(signal, "created_at", "concern", "followed_up_at", "follow_up_note", "erased_at"),
                    }
                    for signal in signals
                ],
            }
        )
    return children


def _profile(profile):
    if profile is None:
        return None
    return values(
        profile,
        "diet",
        "allergies",
        "medical_notes",
        "medication",
        "gp_name",
        "gp_phone",
        "photo_consent",
        "may_go_home_alone",
        "uitpas_number",
        "national_number",
        "social_tariff",
        "updated_at",
        "erased_at",
    )


def _booking(booking):
    return {
        "playground": booking.play_day.programme.title,
        "play_day": plain(booking.play_day.starts_at),
        "age_group": booking.age_group.name if booking.age_group else None,
        **values(
            booking,
            "status",
            "tariff",
            "price",
            "meal",
            "source",
            "paid",
            "waiting_since",
            "created_at",
            "promoted_at",
            "cancelled_at",
            "age_group_reason",
            "picked_up_by",
            "pickup_override",
        ),
    }


def _logged(household):
    from holiday_play.models import Booking, ChildProfile, Signal

    return [
        (ChildProfile, ChildProfile.objects.filter(child__household=household)),
        (Booking, Booking.objects.filter(child__household=household)),
        (Signal, Signal.objects.filter(child__household=household)),
    ]


def register_sections():
    from holiday_play.models import Booking, ChildContact, ChildProfile, Signal

    subject_access.register(
        subject_access.Section(
            "children",
            _("Holiday playgrounds"),
            (ChildProfile, ChildContact, Booking, Signal),
            _children,
            group="holiday_play",
            logged=_logged,
            permissions=("holiday_play.view_medical", "holiday_play.view_signal"),
            parts={"profile": ChildProfile, "contacts": ChildContact, "bookings": Booking, "signals": Signal},
            note=_(
                "Signals are confidential concerns about a child. Check with the social worker before handing "
                "them over: you may hold back what would put the child or someone else at risk."
            ),
        )
    )
