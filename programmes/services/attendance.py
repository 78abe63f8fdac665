"""Taking attendance: marks per person, walk-in head counts and a note.

A save carries an idempotency key: a phone that sends the same save twice (a
double tap, a queue replayed after a lost connection) changes nothing the
second time. Two devices marking the same person: the last save wins, and the
audit log keeps both.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Attendance, AttendanceSubmission, Membership, Person, Registration, RollCall
from programmes.models.attendance import MAX_HEAD_COUNT


class AttendanceError(ProgrammeError):
    """Codes: cancelled_session, not_yet, status, unknown_person, head_count, members."""


def expected_people(session):
    """Everyone with a confirmed place, every member of the group, and whoever
    was already marked (walk-ins)."""
    return Person.objects.filter(
        Q(registrations__session=session, registrations__status=Registration.Status.CONFIRMED)
        | Q(memberships__programme_id=session.programme_id, memberships__status=Membership.Status.ACTIVE)
        | Q(attendances__session=session)
    ).distinct()


def record_attendance(session, marks, *, by, idempotency_key=""):
    """`marks` is {person id: status}. Returns the number of marks that changed."""
    _check_session(session)
    marks = {int(person_id): status for person_id, status in marks.items()}
    if any(status not in Attendance.Status.values for status in marks.values()):
        raise AttendanceError(_("A mark must be present, absent or excused."), code="status")
    known = set(expected_people(session).filter(pk__in=list(marks)).values_list("pk", flat=True))
    if set(marks) - known:
        raise AttendanceError(
            _("Someone in this list is not expected at this session. Reload the page."), code="unknown_person"
        )
    try:
        with transaction.atomic():
            if idempotency_key:
                AttendanceSubmission.objects.create(key=idempotency_key, session=session)
            return _apply(session, marks, by=by)
    except IntegrityError:
        if idempotency_key and AttendanceSubmission.objects.filter(key=idempotency_key).exists():
            return 0  # this save was applied before
        raise


def add_walk_ins(session, people, *, by):
    """People who came without registering: marked present, and from then on
    on the session's list like everyone else."""
    _check_session(session)
    people = list(people)
    if not people:
        raise AttendanceError(_("Choose who came."), code="members")
    with transaction.atomic():
        return _apply(session, {person.pk: Attendance.Status.PRESENT for person in people}, by=by)


def _apply(session, marks, *, by):
    now = timezone.now()
    existing = {
        a.person_id: a
        for a in Attendance.objects.select_for_update().filter(session=session, person_id__in=list(marks))
    }
    changed, new = [], []
    for person_id, status in marks.items():
        attendance = existing.get(person_id)
        if attendance is None:
            new.append(
                Attendance(
                    session=session,
                    person_id=person_id,
                    status=status,
                    recorded_by=_user(by),
                    checked_in_at=now if status == Attendance.Status.PRESENT else None,
                )
            )
        elif attendance.status != status:
            attendance.status = status
            attendance.recorded_by = _user(by)
            attendance.recorded_at = now
            if status == Attendance.Status.PRESENT and attendance.checked_in_at is None:
                attendance.checked_in_at = now
            changed.append(attendance)
    Attendance.objects.bulk_create(new)
    # One UPDATE per status (at most three): bulk_update's CASE per row costs
    # more than the whole save on a roll call of thirty.
    for status in {attendance.status for attendance in changed}:
        pks = [attendance.pk for attendance in changed if attendance.status == status]
        Attendance.objects.filter(pk__in=pks).update(status=status, recorded_by=_user(by), recorded_at=now)
    present = [attendance.pk for attendance in changed if attendance.status == Attendance.Status.PRESENT]
    Attendance.objects.filter(pk__in=present, checked_in_at__isnull=True).update(checked_in_at=now)
    if new or changed:
        # One entry per save, with who got which mark (ids and codes, no names).
        audit.log_change(
            session,
            "programmes.attendance.recorded",
            by=by,
            data={"marks": {str(a.person_id): a.status for a in [*new, *changed]}},
        )
    return len(new) + len(changed)


def set_head_count(session, *, adults, children, by):
    """Walk-ins counted, not named (the parent breakfast): absolute numbers, so
    sending the same count twice counts once."""
    _check_session(session)
    for value in (adults, children):
        if not isinstance(value, int) or not 0 <= value <= MAX_HEAD_COUNT:
            raise AttendanceError(
                _("A head count is a number from 0 to %(max)s.") % {"max": MAX_HEAD_COUNT}, code="head_count"
            )
    with transaction.atomic():
        roll_call, _created = RollCall.objects.select_for_update().get_or_create(session=session)
        if (roll_call.walk_in_adults, roll_call.walk_in_children) == (adults, children):
            return roll_call
        roll_call.walk_in_adults, roll_call.walk_in_children = adults, children
        roll_call.updated_by = _user(by)
        roll_call.save()
        audit.log_change(
            session, "programmes.attendance.head_count", by=by, data={"adults": adults, "children": children}
        )
    return roll_call


def save_note(session, note, *, by):
    note = (note or "").strip()[:1000]
    with transaction.atomic():
        roll_call, _created = RollCall.objects.select_for_update().get_or_create(session=session)
        if roll_call.note != note:
            roll_call.note = note
            roll_call.updated_by = _user(by)
            roll_call.save()
            audit.log_change(session, "programmes.attendance.note", by=by)
    return roll_call


def _check_session(session):
    if session.is_cancelled:
        raise AttendanceError(_("This session is cancelled."), code="cancelled_session")
    if session.local_date > timezone.localdate():
        raise AttendanceError(_("Attendance can be taken from the day of the session."), code="not_yet")


def _user(by):
    return by if by is not None and by.is_authenticated else None
