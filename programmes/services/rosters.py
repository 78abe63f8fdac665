"""Volunteers signing up for shifts, cancelling, and the standard shifts of a session.

A shift is never over-staffed by sign-ups: counting its places and taking one
happen in one transaction that first locks the shift row (`select_for_update`;
on SQLite the IMMEDIATE transaction mode serialises writers instead). The
partial unique constraint on ShiftAssignment is the last word against signing
up twice.

Certificates are checked against the shift's date, not today's: a model 2
certificate that is valid now but runs out before the shift does not count,
unless the organisation chose to warn rather than block (VolunteerSettings):
then a confirmed certificate still counts during the grace period after its
end, and `qualifies` says "certificate_grace" so that pages can warn.
Only the overlap rule can be overridden, by a coordinator with a note; nobody
overrides a missing certificate.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Certificate, Session, Shift, ShiftAssignment, VolunteerSettings
from programmes.permissions import may_coordinate

# Volunteers may cancel until this long before the shift; coordinators any time.
CANCEL_DEADLINE = datetime.timedelta(hours=24)
# Hours on one shift: what a day holds, in quarter hours at most two decimals.
MAX_SHIFT_HOURS = Decimal(24)


class RosterError(ProgrammeError):
    """Codes: inactive, forbidden, cancelled_session, past, certificate_missing,
    certificate_expired, certificate_unconfirmed, duplicate, full, overlap,
    deadline, recorded; for the coordinator's side also not_signed_up,
    not_started, unknown_assignment, hours."""


def qualifies(volunteer, shift, *, certificates=None, grace=None):
    """(True, "") when `volunteer` may take `shift` as far as they themselves
    go (active, certificates on the shift's date); (True, "certificate_grace")
    when only an expired certificate within the grace period lets them; else
    (False, code). Places and overlaps are checked by `sign_up`. A list of
    many shifts passes the volunteer's `certificates` and the `grace`
    (VolunteerSettings.grace), read once."""
    if not volunteer.active:
        return False, "inactive"
    if grace is None:
        grace = VolunteerSettings.load().grace
    code = _certificate_problem(volunteer, shift, certificates, grace)
    if code == "certificate_grace":
        return True, code
    return (False, code) if code else (True, "")


def sign_up(shift, volunteer, *, by, override_note=""):
    """Put `volunteer` on `shift`. `by` is the volunteer or a coordinator of
    the programme; a coordinator's sign-up is confirmed at once, and only a
    coordinator's `override_note` lets an overlapping shift through."""
    override_note = (override_note or "").strip()[:200]
    session = shift.session
    coordinator = by is not None and may_coordinate(by, session.programme)
    if not coordinator and (by is None or by.pk != volunteer.user_id):
        raise RosterError(_("Only a coordinator can sign up someone else."), code="forbidden")
    ok, code = qualifies(volunteer, shift)
    if not ok and code == "inactive":
        raise RosterError(_("This volunteer is not active."), code="inactive")
    if session.status == Session.Status.CANCELLED:
        raise RosterError(_("This session is cancelled."), code="cancelled_session")
    if shift.effective_starts_at <= timezone.now():
        raise RosterError(_("This shift has already started."), code="past")
    if not ok:
        raise RosterError(_certificate_message(code, shift), code=code)
    try:
        with transaction.atomic():
            shift = Shift.objects.select_for_update().select_related("session", "role").get(pk=shift.pk)
            taken = ShiftAssignment.objects.active().filter(shift=shift)
            if taken.filter(volunteer=volunteer).exists():
                raise RosterError(_("You are already signed up for this shift."), code="duplicate")
            if taken.count() >= shift.needed:
                raise RosterError(_("This shift is full."), code="full")
            overlapping = _overlapping(shift, volunteer).exists()
            if overlapping and not (coordinator and override_note):
                raise RosterError(
                    _("This shift overlaps another shift of the same volunteer.")
                    if not coordinator
                    else _("This shift overlaps another shift of the volunteer: say why that is fine."),
                    code="overlap",
                )
            assignment = ShiftAssignment.objects.create(
                shift=shift,
                volunteer=volunteer,
                status=ShiftAssignment.Status.CONFIRMED if coordinator else ShiftAssignment.Status.SIGNED_UP,
                override_note=override_note if overlapping else "",
                created_by=by,
            )
            audit.log_change(
                assignment,
                "programmes.shift.signed_up",
                by=by,
                data={"shift": shift.pk, "status": assignment.status, "override": overlapping},
            )
    except IntegrityError:
        # Lost a race with a double tap: the constraint held, the first one won.
        raise RosterError(_("You are already signed up for this shift."), code="duplicate") from None
    return assignment


@transaction.atomic
def cancel(assignment, *, by):
    """Take the volunteer off the shift. Volunteers can until CANCEL_DEADLINE
    before it starts, coordinators any time. Cancelling twice changes nothing."""
    assignment = ShiftAssignment.objects.select_for_update().select_related("shift__session").get(pk=assignment.pk)
    if not assignment.is_active:
        return assignment
    shift = assignment.shift
    coordinator = by is not None and may_coordinate(by, shift.session.programme)
    if not coordinator:
        if by is None or by.pk != assignment.volunteer.user_id:
            raise RosterError(_("Only a coordinator can cancel someone else's shift."), code="forbidden")
        if timezone.now() > shift.effective_starts_at - CANCEL_DEADLINE:
            raise RosterError(
                _("Shifts can be cancelled until 24 hours before they start: call the coordinator."), code="deadline"
            )
    if assignment.status in (ShiftAssignment.Status.CAME, ShiftAssignment.Status.NO_SHOW):
        raise RosterError(_("Who came to this shift is already recorded."), code="recorded")
    assignment.status = ShiftAssignment.Status.CANCELLED
    assignment.cancelled_at = timezone.now()
    assignment.save(update_fields=["status", "cancelled_at"])
    audit.log_change(assignment, "programmes.shift.cancelled", by=by, data={"shift": shift.pk})
    return assignment


STAFFING_SHORT, STAFFING_OK, STAFFING_OVER = "short", "ok", "over"


def staffing_state(needed, taken):
    """ "short", "ok" or "over": how `taken` places compare with `needed`.
    Over happens when a coordinator lowers `needed` or adds someone who came."""
    if taken < needed:
        return STAFFING_SHORT
    return STAFFING_OK if taken == needed else STAFFING_OVER


def certificates_running_out(volunteers, *, today, window):
    """Each volunteer's newest certificate per kind (of `volunteers`, active
    ones) when it ends within `window` of `today`, before or after: who must
    renew soon, or should have. A newer certificate of the same kind, even an
    unconfirmed one, takes the older one off the list."""
    newer = Certificate.objects.filter(
        volunteer=OuterRef("volunteer"), kind=OuterRef("kind"), issued_on__gt=OuterRef("issued_on")
    )
    return (
        Certificate.objects.filter(
            volunteer__in=volunteers,
            volunteer__active=True,
            valid_until__gte=today - window,
            valid_until__lte=today + window,
        )
        .exclude(Exists(newer))
        .select_related("volunteer__user")
        .order_by("valid_until", "volunteer__user__first_name", "volunteer__user__last_name", "pk")
    )


@transaction.atomic
def confirm(assignment, *, by):
    """A coordinator of the programme confirms a volunteer's own sign-up
    (a coordinator's sign-up is confirmed already). Confirming twice changes
    nothing; a cancelled or recorded assignment cannot be confirmed."""
    assignment = ShiftAssignment.objects.select_for_update().select_related("shift__session").get(pk=assignment.pk)
    if by is None or not may_coordinate(by, assignment.shift.session.programme):
        raise RosterError(_("Only a coordinator can confirm a sign-up."), code="forbidden")
    if assignment.status == ShiftAssignment.Status.CONFIRMED:
        return assignment
    if assignment.status != ShiftAssignment.Status.SIGNED_UP:
        raise RosterError(_("Only a sign-up that is still open can be confirmed."), code="not_signed_up")
    assignment.status = ShiftAssignment.Status.CONFIRMED
    assignment.save(update_fields=["status"])
    audit.log_change(assignment, "programmes.shift.confirmed", by=by, data={"shift": assignment.shift_id})
    return assignment


def shift_hours(shift):
    """The shift's length in hours, to the quarter hour and at most a day:
    what the desk proposes for everyone who came."""
    seconds = (shift.effective_ends_at - shift.effective_starts_at).total_seconds()
    quarters = round(Decimal(seconds) / 900)
    return min(Decimal(quarters) / 4, MAX_SHIFT_HOURS).quantize(Decimal("0.01"))


def record_shift_attendance(shift, entries, *, by):
    """Record who came to `shift` and for how long. `entries` maps the id of
    an active assignment of this shift to the hours worked (a Decimal from 0
    to 24), or to None for "did not come". Assignments not in `entries` stay
    as they are, so a partial save is fine; a save may also correct an
    earlier one (came becomes did not come, other hours).

    Only a coordinator of the programme, and only once the shift has started.
    Everything is checked before anything changes: one id that is not an
    active assignment of this shift (another shift's, a cancelled one) or one
    bad number refuses the whole save. Sending the same save twice changes
    nothing the second time and logs nothing: each assignment gets one
    "programmes.attendance.recorded" entry per real change, with status and
    hours only. Returns the assignments that changed."""
    _guard_recording(shift, by)
    try:
        entries = {int(pk): _clean_hours(hours) for pk, hours in dict(entries).items()}
    except (TypeError, ValueError):
        raise RosterError(_("These ids are not sign-ups of this shift."), code="unknown_assignment") from None
    with transaction.atomic():
        shift = Shift.objects.select_for_update().get(pk=shift.pk)
        # Locking the assignments too: a cancel at the same moment waits, and
        # then refuses with "recorded" instead of being overwritten.
        assignments = {
            assignment.pk: assignment
            for assignment in ShiftAssignment.objects.active()
            .select_for_update()
            .filter(shift=shift, pk__in=list(entries))
        }
        if set(entries) - set(assignments):
            raise RosterError(_("These ids are not sign-ups of this shift."), code="unknown_assignment")
        changed = []
        for pk, hours in sorted(entries.items()):
            assignment = assignments[pk]
            status = ShiftAssignment.Status.CAME if hours is not None else ShiftAssignment.Status.NO_SHOW
            if assignment.status == status and assignment.hours == hours:
                continue
            assignment.status, assignment.hours = status, hours
            changed.append(assignment)
        ShiftAssignment.objects.bulk_update(changed, ["status", "hours"])
        for assignment in changed:
            data = {"shift": shift.pk, "status": assignment.status, "hours": _hours_text(assignment.hours)}
            audit.log_change(assignment, "programmes.attendance.recorded", by=by, data=data)
    return changed


def add_after_the_fact(shift, volunteer, hours, *, by):
    """Record that `volunteer` came to `shift` without having signed up: an
    assignment that starts as "came" with `hours`. Only a coordinator of the
    programme, and only once the shift has started: this is the one way past
    the "past" rule, and it ignores "full" (the shift is then over-staffed)
    and overlaps (the volunteer was there). Certificates still count: nobody
    is recorded on a shift their certificates did not allow. Logged as a
    sign-up with `after_the_fact`. A second send is refused as a duplicate."""
    _guard_recording(shift, by)
    hours = _clean_hours(hours)
    if hours is None:
        raise RosterError(_("Give the hours this volunteer worked."), code="hours")
    ok, code = qualifies(volunteer, shift)
    if not ok and code == "inactive":
        raise RosterError(_("This volunteer is not active."), code="inactive")
    if not ok:
        raise RosterError(_certificate_message(code, shift), code=code)
    try:
        with transaction.atomic():
            shift = Shift.objects.select_for_update().get(pk=shift.pk)
            if ShiftAssignment.objects.active().filter(shift=shift, volunteer=volunteer).exists():
                raise RosterError(_("This volunteer is already on this shift."), code="duplicate")
            assignment = ShiftAssignment.objects.create(
                shift=shift, volunteer=volunteer, status=ShiftAssignment.Status.CAME, hours=hours, created_by=by
            )
            audit.log_change(
                assignment,
                "programmes.shift.signed_up",
                by=by,
                data={"shift": shift.pk, "status": assignment.status, "after_the_fact": True},
            )
    except IntegrityError:
        raise RosterError(_("This volunteer is already on this shift."), code="duplicate") from None
    return assignment


def _guard_recording(shift, by):
    session = shift.session
    if by is None or not may_coordinate(by, session.programme):
        raise RosterError(_("Only a coordinator can record who came."), code="forbidden")
    if session.status == Session.Status.CANCELLED:
        raise RosterError(_("This session is cancelled."), code="cancelled_session")
    if shift.effective_starts_at > timezone.now():
        raise RosterError(_("This shift has not started yet."), code="not_started")


def _clean_hours(hours):
    """None stays None ("did not come"); anything else must be 0 to 24 hours
    with at most two decimals."""
    if hours is None:
        return None
    try:
        hours = Decimal(str(hours))
    except InvalidOperation:
        raise RosterError(_("Hours must be a number from 0 to 24."), code="hours") from None
    if not hours.is_finite() or not 0 <= hours <= MAX_SHIFT_HOURS or hours != hours.quantize(Decimal("0.01")):
        raise RosterError(_("Hours must be a number from 0 to 24."), code="hours")
    return hours.quantize(Decimal("0.01"))


def _hours_text(hours):
    return None if hours is None else str(hours)


def shifts_from_templates(session):
    """Give `session` its programme's standard shifts. Idempotent: a role the
    session already has a shift for is left alone. Returns the new shifts."""
    return apply_shift_templates(session.programme, [session])


def apply_shift_templates(programme, sessions):
    """The standard shifts of `programme` for each of `sessions` (newly
    generated ones, in one query per step), skipping those that exist."""
    templates = list(programme.shift_templates.all())
    sessions = [session for session in sessions if session.pk is not None]
    if not templates or not sessions:
        return []
    existing = set(
        Shift.objects.filter(session__in=sessions, role__in=[t.role_id for t in templates]).values_list(
            "session_id", "role_id"
        )
    )
    new = [
        _shift_from_template(session, template)
        for session in sessions
        for template in templates
        if (session.pk, template.role_id) not in existing
    ]
    # A concurrent run may have made some already: the unique constraint drops those.
    Shift.objects.bulk_create(new, ignore_conflicts=True)
    return new


def _shift_from_template(session, template):
    starts_at = ends_at = None
    if template.start_offset_minutes:
        starts_at = session.starts_at + datetime.timedelta(minutes=template.start_offset_minutes)
    if template.end_offset_minutes:
        ends_at = session.ends_at + datetime.timedelta(minutes=template.end_offset_minutes)
    return Shift(
        session=session, role_id=template.role_id, needed=template.needed, starts_at=starts_at, ends_at=ends_at
    )


def _overlapping(shift, volunteer):
    """The volunteer's other active shifts whose times overlap this one's
    (shifts of cancelled sessions do not count)."""
    return (
        ShiftAssignment.objects.active()
        .filter(volunteer=volunteer)
        .exclude(shift=shift)
        .exclude(shift__session__status=Session.Status.CANCELLED)
        .annotate(
            start=Coalesce(F("shift__starts_at"), F("shift__session__starts_at")),
            end=Coalesce(F("shift__ends_at"), F("shift__session__ends_at")),
        )
        .filter(start__lt=shift.effective_ends_at, end__gt=shift.effective_starts_at)
    )


def _certificate_problem(volunteer, shift, certificates, grace):
    """The first code that keeps `volunteer` from `shift`'s role on its date,
    "certificate_grace" when only the grace period lets them, or ""."""
    day = shift.local_date
    if not shift.role.required_kinds:
        return ""
    if certificates is None:
        certificates = volunteer.certificates.filter(kind__in=shift.role.required_kinds)
    in_grace = False
    for kind in shift.role.required_kinds:
        of_kind = [certificate for certificate in certificates if certificate.kind == kind]
        if any(certificate.covers(day) for certificate in of_kind):
            continue
        if any(certificate.valid_on(day) for certificate in of_kind):
            return "certificate_unconfirmed"
        if grace and any(_in_grace(certificate, day, grace) for certificate in of_kind):
            in_grace = True
            continue
        return "certificate_expired" if of_kind else "certificate_missing"
    return "certificate_grace" if in_grace else ""


def _in_grace(certificate, day, grace):
    return (
        certificate.is_confirmed
        and certificate.valid_until is not None
        and certificate.issued_on <= day <= certificate.valid_until + grace
    )


def _certificate_message(code, shift):
    day = shift.local_date
    if code == "certificate_unconfirmed":
        return _("A coordinator still has to confirm the certificate this shift needs.")
    if code == "certificate_expired":
        return _("This shift needs a certificate that is valid on %(date)s.") % {
            "date": date_format(day, "SHORT_DATE_FORMAT")
        }
    names = ", ".join(str(Certificate.Kind(kind).label) for kind in shift.role.required_kinds)
    return _("This shift needs: %(certificates)s.") % {"certificates": names}
