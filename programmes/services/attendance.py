"""Taking attendance: marks per person, walk-in head counts and a note.

A save carries an idempotency key: a phone that sends the same save twice (a
double tap, a queue replayed after a lost connection) changes nothing the
second time. Two devices marking the same person: the last save wins, and the
audit log keeps both.

The desk's form saves everything at once (`take_roll_call`): one
transaction and one audit entry for the marks, the head counts and the note.
A tap sent by the page's script saves one mark (`record_attendance`).
"""

from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Attendance, AttendanceSubmission, Membership, Person, Registration, RollCall
from programmes.models.attendance import MAX_HEAD_COUNT, MAX_NOTE_LENGTH

PRESENT = Attendance.Status.PRESENT
STATUSES = frozenset(Attendance.Status.values)


class AttendanceError(ProgrammeError):
    """Codes: cancelled_session, not_yet, status, unknown_person, head_count,
    members, note, key."""


def expected_people(session):
    """Everyone with a confirmed place, every member of the group, and whoever
    was already marked (walk-ins)."""
    return Person.objects.filter(
        Q(registrations__session=session, registrations__status=Registration.Status.CONFIRMED)
        | Q(memberships__programme_id=session.programme_id, memberships__status=Membership.Status.ACTIVE)
        | Q(attendances__session=session)
    ).distinct()


def record_attendance(session, marks, *, by, idempotency_key=""):
    """`marks` is {person id: status}; a mark for someone who is not expected
    is refused. Returns the number of marks that changed."""
    _check_session(session)
    marks = _checked_marks(marks)

    def save():
        changed = _save_marks(session, marks, by=by, unexpected="refuse")
        _log_marks(session, changed, by=by)
        return len(changed)

    return _once(session, idempotency_key, save) or 0


def take_roll_call(session, marks, *, adults, children, note, by, idempotency_key=""):
    """The desk's save: the marks ({person id: status}), the walk-in head
    counts and the note, all or nothing. Marks of people who are no longer
    expected (a registration cancelled since the page was loaded) are left
    out; the rest is saved. Returns the number of marks that changed."""
    _check_session(session)
    marks = _checked_marks(marks)
    _check_head_counts(adults, children)
    note = _clean_note(note)

    def save():
        changed = _save_marks(session, marks, by=by, unexpected="leave_out")
        fields = _update_roll_call(session, by=by, walk_in_adults=adults, walk_in_children=children, note=note)
        data = {}
        if changed:
            data["marks"] = _marks_data(changed)
        if fields & {"walk_in_adults", "walk_in_children"}:
            data |= {"adults": adults, "children": children}
        if "note" in fields:
            data["note_changed"] = True
        if data:
            # One entry per save, named after the most telling change.
            action = "recorded" if changed else "head_count" if "adults" in data else "note"
            audit.log_change(session, f"programmes.attendance.{action}", by=by, data=data)
        return len(changed)

    return _once(session, idempotency_key, save) or 0


def add_walk_ins(session, people, *, by):
    """People who came without registering: marked present, and from then on
    on the session's list like everyone else."""
    _check_session(session)
    people = list(people)
    if not people:
        raise AttendanceError(_("Choose who came."), code="members")
    with transaction.atomic():
        changed = _save_marks(session, {person.pk: PRESENT for person in people}, by=by, unexpected="mark")
        _log_marks(session, changed, by=by)
    return len(changed)


def set_head_count(session, *, adults, children, by):
    """Walk-ins counted, not named (the parent breakfast): absolute numbers, so
    sending the same count twice counts once."""
    _check_session(session)
    _check_head_counts(adults, children)
    with transaction.atomic():
        if _update_roll_call(session, by=by, walk_in_adults=adults, walk_in_children=children):
            audit.log_change(
                session, "programmes.attendance.head_count", by=by, data={"adults": adults, "children": children}
            )


def save_note(session, note, *, by):
    with transaction.atomic():
        if _update_roll_call(session, by=by, note=_clean_note(note)):
            audit.log_change(session, "programmes.attendance.note", by=by)


def _once(session, idempotency_key, save):
    """`save()` in one transaction, unless this idempotency key was applied
    before: then nothing changes and the result is None. A key applied to
    another session is refused: a key is made for one page of one session,
    and "saved" would be untrue when nothing was."""
    try:
        with transaction.atomic():
            if idempotency_key:
                AttendanceSubmission.objects.create(key=idempotency_key, session=session)
            return save()
    except IntegrityError:
        applied_to = _session_of_key(idempotency_key)
        if applied_to is None:
            raise
        if applied_to != session.pk:
            raise AttendanceError(_("This form was sent for another session. Reload the page."), code="key") from None
        return None


def _session_of_key(key):
    """The id of the session an idempotency key was applied to, or None."""
    if not key:
        return None
    return AttendanceSubmission.objects.filter(key=key).values_list("session_id", flat=True).first()


def _save_marks(session, marks, *, by, unexpected):
    """Apply {person id: status}; returns those that changed, in the same
    shape. Someone who is not expected is refused, left out, or marked all
    the same (walk-ins), as `unexpected` says. Whoever has a mark already is
    expected by definition, so saving a list that was saved before reads
    only the marks."""
    if not marks:
        return {}
    # All of the session's marks (tens), not only those in `marks`: the ORM
    # spends more on a filter over thirty person ids than the database on the
    # rows. Saves of one session so wait for each other, as they should.
    current = {
        person_id: (pk, status)
        for pk, person_id, status in Attendance.objects.select_for_update()
        .filter(session=session)
        .values_list("pk", "person_id", "status")
    }
    new = [person_id for person_id in marks if person_id not in current]
    if new and unexpected != "mark":
        known = set(expected_people(session).filter(pk__in=new).values_list("pk", flat=True))
        if unexpected == "refuse" and len(known) < len(new):
            raise AttendanceError(
                _("Someone in this list is not expected at this session. Reload the page."), code="unknown_person"
            )
        new = [person_id for person_id in new if person_id in known]
    updated = {
        person_id: status
        for person_id, status in marks.items()
        if person_id in current and current[person_id][1] != status
    }

    now, user = timezone.now(), _user(by)
    Attendance.objects.bulk_create(
        [
            Attendance(
                session=session,
                person_id=person_id,
                status=marks[person_id],
                recorded_by=user,
                checked_in_at=now if marks[person_id] == PRESENT else None,
            )
            for person_id in new
        ],
        # Another phone may have marked the same person since the read
        # above (there was no row to lock): the last save wins.
        update_conflicts=True,
        unique_fields=["session", "person"],
        update_fields=["status", "checked_in_at", "recorded_by", "recorded_at"],
    )
    # One UPDATE per status (at most three): bulk_update's CASE per row costs
    # more than the whole save on a roll call of thirty.
    for status in set(updated.values()):
        fields = {"status": status, "recorded_by": user, "recorded_at": now}
        if status == PRESENT:
            # The first present mark is the check-in; marking present again keeps it.
            fields["checked_in_at"] = Coalesce("checked_in_at", Value(now))
        # By the marks' own ids: the ORM builds a filter over primary keys at a
        # third of the cost of one over a foreign key.
        ids = [current[person_id][0] for person_id, mark in updated.items() if mark == status]
        Attendance.objects.filter(pk__in=ids).update(**fields)
    return {person_id: marks[person_id] for person_id in new} | updated


def _log_marks(session, changed, *, by):
    if changed:
        audit.log_change(session, "programmes.attendance.recorded", by=by, data={"marks": _marks_data(changed)})


def _marks_data(changed):
    # Who got which mark: ids and codes, no names (the log outlives erasure).
    return {str(person_id): status for person_id, status in changed.items()}


def _update_roll_call(session, *, by, **values):
    """Set fields of the session's roll call; returns the names of those that
    changed. Saving nothing new to a roll call writes nothing."""
    # A slice, not first(): its ORDER BY costs a third of the query in the ORM.
    roll_call = next(iter(RollCall.objects.select_for_update().filter(session=session)[:1]), None)
    created = roll_call is None
    if created:
        roll_call = RollCall(session=session)
    changed = {name for name, value in values.items() if getattr(roll_call, name) != value}
    if not (created or changed):
        return changed
    for name, value in values.items():
        setattr(roll_call, name, value)
    roll_call.updated_by = _user(by)
    if created:
        # Also when nothing differs from the defaults: the session then has
        # a record. There is no row to lock yet, and another phone may be
        # creating it too: insert or overwrite, the last save wins.
        RollCall.objects.bulk_create(
            [roll_call],
            update_conflicts=True,
            unique_fields=["session"],
            update_fields=[*values, "updated_by", "updated_at"],
        )
    else:
        roll_call.save(update_fields=[*changed, "updated_by", "updated_at"])
    return changed


def _checked_marks(marks):
    marks = {int(person_id): status for person_id, status in marks.items()}
    if not STATUSES.issuperset(marks.values()):
        raise AttendanceError(_("A mark must be present, absent or excused."), code="status")
    return marks


def _check_head_counts(*counts):
    for value in counts:
        if not isinstance(value, int) or not 0 <= value <= MAX_HEAD_COUNT:
            raise AttendanceError(
                _("A head count is a number from 0 to %(max)s.") % {"max": MAX_HEAD_COUNT}, code="head_count"
            )


def _clean_note(note):
    note = (note or "").strip()[:MAX_NOTE_LENGTH]
    if "\x00" in note:
        # PostgreSQL cannot store it; Django's forms refuse it with this message.
        raise AttendanceError(str(ProhibitNullCharactersValidator.message), code="note")
    return note


def _check_session(session):
    if session.is_cancelled:
        raise AttendanceError(_("This session is cancelled."), code="cancelled_session")
    if session.local_date > timezone.localdate():
        raise AttendanceError(_("Attendance can be taken from the day of the session."), code="not_yet")


def _user(by):
    return by if by is not None and by.is_authenticated else None
