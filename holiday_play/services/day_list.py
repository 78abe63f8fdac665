"""The play day at the desk: who is booked per age group, arriving
(check-in) and going home (check-out, with who took the child), and how many
animators are with each group.

Arrival and departure are the day's Attendance (programmes): present, with
check-in and check-out times, so the attendance figures and the
certificates count the same days. Who picked the child up stays on the
booking. A child goes home only with someone on the family's list (or alone,
when the family allows it and the child is old enough); anyone else needs a
coordinator, who writes down why.
"""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holiday_play.models import AnimatorCount, Booking, ChildContact
from holiday_play.services.bookings import book_day
from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Attendance, ShiftAssignment
from programmes.models.people import age_in_months

# The value of the "went home alone" choice at check-out.
ALONE = "alone"
MAX_ANIMATORS = 99


class DayListError(ProgrammeError):
    """Codes: not_booked, not_today, not_in, already_out, pickup, override, animators, full."""


@dataclass
class ChildOnDay:
    booking: Booking
    attendance: Attendance | None
    pickups: list = field(default_factory=list)
    may_go_alone: bool = False

    @property
    def child(self):
        return self.booking.child

    @property
    def age(self):
        return age_in_months(self.child.birth_date, self.booking.play_day.local_date) // 12

    @property
    def profile(self):
        return getattr(self.child, "child_profile", None)

    @property
    def checked_in_at(self):
        return self.attendance.checked_in_at if self.attendance else None

    @property
    def checked_out_at(self):
        return self.attendance.checked_out_at if self.attendance else None

    @property
    def is_here(self):
        return self.checked_in_at is not None and self.checked_out_at is None


@dataclass
class GroupOnDay:
    age_group: object
    children: list
    # How many animators the coordinator counted, or None.
    counted: int | None = None
    # The names of who has a shift in the group's role that day; None when
    # the group takes no animators from the roster.
    rostered: list | None = None
    waiting: list = field(default_factory=list)

    @property
    def animators(self):
        """Who works with the group: as counted on the day, else as rostered."""
        if self.counted is not None:
            return self.counted
        return None if self.rostered is None else len(self.rostered)

    @property
    def present(self):
        return sum(1 for child in self.children if child.is_here)

    @property
    def arrived(self):
        return sum(1 for child in self.children if child.checked_in_at)

    @property
    def animators_needed(self):
        return self.age_group.animators_needed(self.present or len(self.children))

    @property
    def short_of_animators(self):
        return self.animators is not None and self.animators < self.animators_needed


def _pickups(child):
    profile = getattr(child, "child_profile", None)
    if profile is None:
        return []
    return [contact for contact in profile.contacts.all() if contact.may_pick_up]


def picked_up_by_text(contact):
    """What the booking keeps of who took the child home: the contact may be
    erased later, the name and relationship stay with the day."""
    return f"{contact.name} ({contact.relationship})"


def went_home_alone():
    return _("went home alone")


def may_go_home_alone(playground, child, day):
    profile = getattr(child, "child_profile", None)
    old_enough = age_in_months(child.birth_date, day) >= playground.home_alone_from_age * 12
    return bool(profile and profile.may_go_home_alone and old_enough)


def day_list(playground, play_day):
    """Every age group of the day with its booked children (confirmed), their
    arrival and departure, who may take them home, and its animators: counted
    by the coordinator, and rostered.
    A fixed number of queries, whatever the number of children."""
    bookings = list(
        Booking.objects.filter(play_day=play_day)
        .confirmed()
        .select_related("child__child_profile", "child__household")
        .prefetch_related("child__child_profile__contacts")
        .order_by("child__first_name", "child__last_name", "pk")
    )
    for booking in bookings:
        booking.play_day = play_day
    attendance = {
        mark.person_id: mark
        for mark in Attendance.objects.filter(session=play_day, person__in=[b.child_id for b in bookings])
    }
    counted = dict(AnimatorCount.objects.filter(play_day=play_day).values_list("age_group_id", "animators"))
    age_groups = list(playground.age_groups.all())
    rostered = _rostered(play_day, {group.role_id for group in age_groups if group.role_id})
    waiting = {}
    for booking in Booking.objects.filter(play_day=play_day).waiting().select_related("child"):
        waiting.setdefault(booking.age_group_id, []).append(booking)
    groups = []
    for age_group in age_groups:
        children = [
            ChildOnDay(
                booking=booking,
                attendance=attendance.get(booking.child_id),
                pickups=_pickups(booking.child),
                may_go_alone=may_go_home_alone(playground, booking.child, play_day.local_date),
            )
            for booking in bookings
            if booking.age_group_id == age_group.pk
        ]
        groups.append(
            GroupOnDay(
                age_group,
                children,
                counted=counted.get(age_group.pk),
                rostered=rostered.get(age_group.role_id, []) if age_group.role_id else None,
                waiting=waiting.get(age_group.pk, []),
            )
        )
    return groups


def _rostered(play_day, roles):
    """{role id: names} of the volunteers with a shift that day in `roles`:
    signed up, confirmed or came; not who cancelled or did not come."""
    if not roles:
        return {}
    names = {}
    assignments = (
        ShiftAssignment.objects.filter(shift__session=play_day, shift__role_id__in=roles)
        .exclude(status__in=[ShiftAssignment.Status.CANCELLED, ShiftAssignment.Status.NO_SHOW])
        .select_related("shift", "volunteer__user")
        .order_by("volunteer__user__first_name", "volunteer__user__last_name", "pk")
    )
    for assignment in assignments:
        names.setdefault(assignment.shift.role_id, []).append(str(assignment.volunteer))
    return names


def _checked_booking(booking):
    if booking.status != Booking.Status.CONFIRMED:
        # Raising undoes the booking: the child is not put on a waiting list.
        raise DayListError(_("This child is not booked on this day."), code="not_booked")
    if booking.play_day.local_date != timezone.localdate():
        raise DayListError(_("Children are checked in and out on the day itself."), code="not_today")


@transaction.atomic
def check_in(booking, *, by):
    """The child arrived. Tapping twice keeps the first time."""
    _checked_booking(booking)
    mark, created = Attendance.objects.select_for_update().get_or_create(
        session_id=booking.play_day_id,
        person_id=booking.child_id,
        defaults={"status": Attendance.Status.PRESENT, "checked_in_at": timezone.now(), "recorded_by": by},
    )
    if not created:
        if mark.checked_in_at is not None:
            return mark
        # Marked absent earlier (or by the roll call): the child came after all.
        mark.status = Attendance.Status.PRESENT
        mark.checked_in_at = timezone.now()
        mark.recorded_by = by
        mark.save(update_fields=["status", "checked_in_at", "recorded_by", "recorded_at"])
    audit.log_change(booking, "holiday_play.booking.checked_in", by=by)
    return mark


@transaction.atomic
def walk_in(playground, play_day, child, *, by, age_group=None, reason=""):
    """A child who comes without a booking: booked for today and checked in
    at once, when the age group still has a place (no waiting list at the gate)."""
    profile = getattr(child, "child_profile", None)
    tariff = Booking.Tariff.SOCIAL if profile is not None and profile.social_tariff else Booking.Tariff.NORMAL
    booking = book_day(
        playground,
        play_day,
        child,
        by=by,
        tariff=tariff,
        source=Booking.Source.WALK_IN,
        age_group=age_group,
        reason=reason,
    )
    if booking.status != Booking.Status.CONFIRMED:
        # Raising undoes the booking: the child is not put on a waiting list.
        raise DayListError(_("This age group is full today."), code="full")
    check_in(booking, by=by)
    return booking


@transaction.atomic
def check_out(booking, pickup, *, by, other_name="", override="", as_coordinator=False):
    """The child went home: with a contact on the family's list (`pickup` is
    a ChildContact id), alone (`pickup == ALONE`, when allowed), or with
    someone else (`other_name`), which only a coordinator may allow, with a
    note saying why."""
    _checked_booking(booking)
    mark = Attendance.objects.select_for_update().filter(session_id=booking.play_day_id, person_id=booking.child_id)
    mark = mark.first()
    if mark is None or mark.checked_in_at is None:
        raise DayListError(_("Check the child in first."), code="not_in")
    if mark.checked_out_at is not None:
        raise DayListError(_("This child has already gone home."), code="already_out")
    playground = booking.play_day.programme.specific
    if pickup == ALONE:
        if not may_go_home_alone(playground, booking.child, booking.play_day.local_date):
            raise DayListError(_("This child may not go home alone."), code="pickup")
        picked_up_by, override_code = went_home_alone(), ""
    elif pickup:
        contact = ChildContact.objects.filter(pk=pickup, profile__child=booking.child_id, may_pick_up=True).first()
        if contact is None:
            raise DayListError(_("Choose someone from the list of people who may pick up this child."), code="pickup")
        picked_up_by, override_code = picked_up_by_text(contact), ""
    else:
        if not as_coordinator:
            raise DayListError(
                _("This person is not on the family's list. Ask a coordinator to let the child go."), code="override"
            )
        if not other_name.strip() or not override.strip():
            raise DayListError(
                _("Write down who picks the child up and why they may, for instance: mother phoned."),
                code="override",
            )
        picked_up_by, override_code = other_name.strip()[:200], "override"
    mark.checked_out_at = timezone.now()
    mark.save(update_fields=["checked_out_at", "recorded_at"])
    booking.picked_up_by = picked_up_by
    booking.pickup_override = override.strip()[:300] if override_code else ""
    booking.checked_out_by = by
    booking.save(update_fields=["picked_up_by", "pickup_override", "checked_out_by"])
    audit.log_change(booking, "holiday_play.booking.checked_out", by=by, data={"override": bool(override_code)})
    return mark


def set_animators(play_day, age_group, animators, *, by):
    if not isinstance(animators, int) or not 0 <= animators <= MAX_ANIMATORS:
        raise DayListError(_("Give the number of animators, from 0 to 99."), code="animators")
    count, _created = AnimatorCount.objects.update_or_create(
        play_day=play_day, age_group=age_group, defaults={"animators": animators, "updated_by": by}
    )
    return count
