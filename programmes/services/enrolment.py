"""Registering households for sessions and groups, cancelling, and the waiting list.

Capacity is the invariant that matters: a full session is never over-booked,
also when twenty phones press the button at once. Every change of who holds a
place happens inside one transaction that first locks the session row
(`select_for_update`; on SQLite the IMMEDIATE transaction mode in the settings
serialises writers instead), so counting the places taken and taking one are
one step. The partial unique constraint on Registration (one active
registration per household and session) is the database's last word against
a double booking.
"""

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import CapacityCounts, Membership, Registration, RegistrationMode, Session


class EnrolmentError(ProgrammeError):
    """Codes: closed, cancelled_session, past, members, age, duplicate, full,
    not_waiting, not_applied, not_member."""


def register(session, household, members, *, by=None, source=Registration.Source.ONLINE, idempotency_key=""):
    """Book `members` of `household` on `session`: confirmed when it fits,
    else on the waiting list. The same idempotency key returns the same registration."""
    if idempotency_key:
        existing = household.registrations.filter(session=session, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    programme = session.programme
    members = _check_members(programme, household, members, on=session.local_date)
    if programme.registration_mode != RegistrationMode.PER_SESSION:
        raise EnrolmentError(_("You cannot register for single sessions of this activity."), code="closed")
    places = 1 if programme.capacity_counts == CapacityCounts.HOUSEHOLDS else len(members)
    try:
        with transaction.atomic():
            session = Session.objects.select_for_update().get(pk=session.pk)
            if idempotency_key:
                existing = household.registrations.filter(session=session, idempotency_key=idempotency_key).first()
                if existing is not None:
                    return existing
            _check_open(session)
            if Registration.objects.active().filter(session=session, household=household).exists():
                raise EnrolmentError(_("You are already registered for this session."), code="duplicate")
            open_to_household = _places_open_to(session, household)
            if open_to_household is not None and places > open_to_household:
                raise EnrolmentError(
                    _("This session has %(capacity)s places: fewer than the people you want to register.")
                    % {"capacity": open_to_household},
                    code="full",
                )
            pool = _pool(session, household, places)
            now = timezone.now()
            registration = Registration.objects.create(
                household=household,
                session=session,
                places=places,
                status=Registration.Status.WAITING if pool is None else Registration.Status.CONFIRMED,
                uses_reserved_place=pool == "reserved",
                waiting_since=now if pool is None else None,
                source=source,
                idempotency_key=idempotency_key,
            )
            registration.members.set(members)
            audit.log_change(
                registration,
                "programmes.registration.created",
                by=by,
                data={"status": registration.status, "source": source},
            )
    except IntegrityError:
        # Lost a race with a double submit of the same form, or with the same
        # household registering twice: the constraint held, the first one won.
        existing = household.registrations.filter(session=session, idempotency_key=idempotency_key).first()
        if idempotency_key and existing is not None:
            return existing
        raise EnrolmentError(_("You are already registered for this session."), code="duplicate") from None
    return registration


@transaction.atomic
def register_for_sessions(
    sessions, household, members, *, by=None, source=Registration.Source.ONLINE, idempotency_key=""
):
    """One form, several sessions: all of them or none, and one confirmation mail.
    Sessions are locked in id order, so two such calls never wait on each other in a circle."""
    from programmes.tasks import send_registration_mail

    sessions = sorted(sessions, key=lambda session: session.pk)
    if not sessions:
        raise EnrolmentError(_("Choose at least one date."), code="sessions")
    registrations = [
        register(session, household, members, by=by, source=source, idempotency_key=idempotency_key)
        for session in sessions
    ]
    # The task mails each registration once, however often the form was sent.
    ids = [registration.pk for registration in registrations]
    transaction.on_commit(lambda: send_registration_mail.enqueue(ids))
    return registrations


@transaction.atomic
def cancel(registration, *, by=None):
    """Give the place back; the first waiting registration that fits moves up.
    Cancelling twice changes nothing the second time."""
    session = Session.objects.select_for_update().get(pk=registration.session_id)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if not registration.is_active:
        return registration
    if session.ends_at <= timezone.now():
        raise EnrolmentError(_("This session is over; it can no longer be cancelled."), code="past")
    was_confirmed = registration.status == Registration.Status.CONFIRMED
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.log_change(registration, "programmes.registration.cancelled", by=by)
    if was_confirmed:
        promote_waiting(session, by=by)
    return registration


@transaction.atomic
def promote_waiting(session, *, by=None, registration=None):
    """Move waiting registrations up into free places, in order, skipping one
    that does not fit (a household of five waits while a single parent takes
    the last place). With `registration`, a coordinator picks that one.
    Returns the promoted registrations; each family gets a mail."""
    from programmes.tasks import send_promotion_mail

    session = Session.objects.select_for_update().get(pk=session.pk)
    if registration is not None:
        candidates = Registration.objects.select_for_update().filter(pk=registration.pk, session=session)
        if not candidates.waiting().exists():
            raise EnrolmentError(_("This registration is not on the waiting list."), code="not_waiting")
    else:
        candidates = Registration.objects.select_for_update().filter(session=session).waiting()
    if session.is_cancelled or session.starts_at <= timezone.now():
        if registration is not None:
            _check_open(session)
        return []
    promoted = []
    for candidate in candidates.select_related("household"):
        pool = _pool(session, candidate.household, candidate.places)
        if pool is None:
            continue
        candidate.status = Registration.Status.CONFIRMED
        candidate.uses_reserved_place = pool == "reserved"
        candidate.promoted_at = timezone.now()
        candidate.save(update_fields=["status", "uses_reserved_place", "promoted_at"])
        audit.log_change(candidate, "programmes.registration.promoted", by=by)
        transaction.on_commit(lambda pk=candidate.pk: send_promotion_mail.enqueue(pk))
        promoted.append(candidate)
    if registration is not None and not promoted:
        raise EnrolmentError(_("There is no free place for this registration."), code="full")
    return promoted


def places_taken(session):
    """Confirmed places: (in the general pool, in the reserved pool)."""
    rows = (
        Registration.objects.filter(session=session)
        .confirmed()
        .values("uses_reserved_place")
        .annotate(total=Sum("places"))
    )
    taken = {row["uses_reserved_place"]: row["total"] for row in rows}
    return taken.get(False, 0), taken.get(True, 0)


def _places_open_to(session, household):
    """All the places a household could ever hold in the session (None: no limit):
    without a referral, the reserved ones are not among them."""
    if session.capacity is None:
        return None
    return session.capacity if household.referred else max(session.capacity - session.reserved_places, 0)


def _pool(session, household, places):
    """Where `places` fit now: "reserved" (kept for referred families),
    "general", or None (the waiting list). Call with the session locked."""
    if session.capacity is None:
        return "general"
    general_taken, reserved_taken = places_taken(session)
    reserved = min(session.reserved_places, session.capacity)
    if household.referred and reserved_taken + places <= reserved:
        return "reserved"
    if general_taken + places <= session.capacity - reserved:
        return "general"
    return None


def _check_open(session):
    if session.is_cancelled:
        raise EnrolmentError(_("This session is cancelled."), code="cancelled_session")
    if session.starts_at <= timezone.now():
        raise EnrolmentError(_("This session has already started."), code="past")


def _check_members(programme, household, members, *, on):
    members = list(members)
    if not members:
        raise EnrolmentError(_("Choose who comes."), code="members")
    if any(person.household_id != household.pk for person in members):
        raise EnrolmentError(_("Only members of your own household can be registered."), code="members")
    check_ages(programme, members, on=on)
    return members


def check_ages(programme, people, *, on):
    """Children must be within the programme's age range on day `on`; adults
    are not asked. Forms call this too, before anything is saved."""
    low, high = programme.min_age_months, programme.max_age_months
    for person in people:
        age = person.age_in_months(on)
        if not person.is_child or age is None:
            continue
        if (low is not None and age < low) or (high is not None and age > high):
            raise EnrolmentError(
                _("%(name)s is %(age)s on that day; this activity is for children of %(range)s.")
                % {"name": person.first_name, "age": age_text(age), "range": age_range_text(low, high)},
                code="age",
            )


def age_text(months):
    years, rest = divmod(months, 12)
    if years >= 3 or not rest:
        return ngettext("%(years)s year", "%(years)s years", years) % {"years": years}
    if not years:
        return ngettext("%(months)s month", "%(months)s months", months) % {"months": months}
    return (
        ngettext("%(years)s year", "%(years)s years", years) % {"years": years}
        + " "
        + ngettext("and %(months)s month", "and %(months)s months", rest) % {"months": rest}
    )


def age_range_text(low, high):
    if low is not None and high is not None:
        return _("%(low)s to %(high)s") % {"low": age_text(low), "high": age_text(high)}
    if low is not None:
        return _("%(low)s and older") % {"low": age_text(low)}
    return _("up to %(high)s") % {"high": age_text(high)}


# Groups (membership mode): a household applies, the coordinator decides.


def apply_for_membership(
    programme, household, members, *, by=None, source=Registration.Source.ONLINE, idempotency_key=""
):
    from programmes.tasks import send_membership_mail

    if idempotency_key:
        existing = Membership.objects.filter(household=household, idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if programme.registration_mode != RegistrationMode.MEMBERSHIP:
        raise EnrolmentError(_("This activity is not a group you can join."), code="closed")
    members = _check_members(programme, household, members, on=timezone.localdate())
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                household=household, programme=programme, source=source, idempotency_key=idempotency_key
            )
            membership.members.set(members)
            audit.log_change(membership, "programmes.membership.applied", by=by, data={"source": source})
            transaction.on_commit(lambda: send_membership_mail.enqueue(membership.pk, membership.status))
    except IntegrityError:
        raise EnrolmentError(_("You have already applied to join this group."), code="duplicate") from None
    return membership


@transaction.atomic
def add_member(programme, household, members, *, by):
    """The coordinator adds a household to the group directly: the same rules
    as an application, accepted at once (the family gets the welcome mail)."""
    membership = apply_for_membership(programme, household, members, by=by, source=Registration.Source.DESK)
    return accept_membership(membership, by=by)


def accept_membership(membership, *, by):
    return _decide(membership, Membership.Status.ACTIVE, "programmes.membership.accepted", by=by)


def decline_membership(membership, *, by, reason=""):
    return _decide(membership, Membership.Status.DECLINED, "programmes.membership.declined", by=by, reason=reason)


@transaction.atomic
def _decide(membership, status, action, *, by, reason=""):
    from programmes.tasks import send_membership_mail

    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Membership.Status.APPLIED:
        raise EnrolmentError(_("This application has already been answered."), code="not_applied")
    membership.status = status
    membership.decided_at = timezone.now()
    membership.reason = (reason or "").strip()[:200]
    membership.save(update_fields=["status", "decided_at", "reason"])
    audit.log_change(membership, action, by=by)
    transaction.on_commit(lambda: send_membership_mail.enqueue(membership.pk, membership.status))
    return membership


@transaction.atomic
def end_membership(membership, *, by, reason=""):
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status not in Membership.OPEN:
        raise EnrolmentError(_("This membership has already ended."), code="not_member")
    membership.status = Membership.Status.ENDED
    membership.ended_at = timezone.now()
    membership.reason = (reason or "").strip()[:200]
    membership.save(update_fields=["status", "ended_at", "reason"])
    audit.log_change(membership, "programmes.membership.ended", by=by)
    return membership
