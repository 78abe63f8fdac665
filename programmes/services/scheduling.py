"""Turning schedule rules into sessions, and the coordinator's changes to one session.

Regeneration adds and updates future sessions from the rules but never
deletes, moves or changes a session that people are attached to
(registrations, attendance, visits…): such a session is flagged
(`needs_attention`) for the coordinator instead. Sessions added or changed by
hand are never touched by regeneration.
"""

import datetime
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Session
from programmes.services import enrolment, rosters

HORIZON_DAYS = 365


@dataclass
class Regeneration:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    deleted: int = 0
    flagged: list = field(default_factory=list)


def _local(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time), ZoneInfo(settings.TIME_ZONE))


def planned_sessions(programme, start, end):
    """What the programme wants between two local dates: {original_start: fields}.
    Programmes plan from their schedule rules (`sessions_from_rules`); a kind
    of programme that plans otherwise (the playground plays on the weekdays of
    its school holidays) overrides the page's `planned_sessions`."""
    return programme.specific.planned_sessions(start, end)


def sessions_from_rules(programme, start, end):
    wanted = {}
    for rule in programme.schedule_rules.all():
        for day in rule.occurrence_dates(start, end):
            starts_at = _local(day, rule.start_time)
            wanted[starts_at] = {
                "rule": rule,
                "starts_at": starts_at,
                "ends_at": _local(day, rule.end_time),
                "venue": rule.venue or programme.venue,
                "capacity": rule.capacity if rule.capacity is not None else programme.default_capacity,
            }
    return wanted


@transaction.atomic
def regenerate_sessions(programme, *, today=None, horizon_days=HORIZON_DAYS):
    """Bring the programme's future sessions in line with its rules.

    Every future session is looked at, with or without a rule: a rule that was
    deleted leaves sessions without one, and a rule may land on a session that
    a coordinator added by hand.
    """
    today = today or timezone.localdate()
    now = _local(today, datetime.time.min)
    wanted = planned_sessions(programme, today, today + datetime.timedelta(days=horizon_days))
    existing = {
        s.original_start: s
        for s in Session.objects.select_for_update().filter(programme=programme, original_start__gte=now)
    }
    result = Regeneration()
    for key, fields in wanted.items():
        session = existing.get(key)
        if session is None:
            result.created.append(Session(programme=programme, original_start=key, **fields))
        elif not session.changed_by_hand:
            _follow_rule(session, fields, result)
    for key, session in existing.items():
        if key in wanted or (session.changed_by_hand and session.rule_id is None):
            continue  # in the schedule, or added by hand: not the schedule's to remove
        if session.changed_by_hand or session.has_people():
            _flag(session, _("This session is no longer in the schedule, but it was kept: check it."), result)
        else:
            session.delete()
            result.deleted += 1
    Session.objects.bulk_create(result.created)
    rosters.apply_shift_templates(programme, result.created)
    return result


def _follow_rule(session, fields, result):
    visible = {name: value for name, value in fields.items() if name != "rule" and getattr(session, name) != value}
    if visible and session.has_people():
        _flag(session, _("The schedule changed, but people are registered: check this session."), result)
        return
    rule_id = fields["rule"].pk if fields["rule"] is not None else None
    if not visible and session.rule_id == rule_id:
        return
    for name, value in fields.items():
        setattr(session, name, value)
    if visible:
        session.sequence += 1
        result.updated.append(session)
    session.needs_attention = ""
    session.save()


def extend_horizon(*, today=None):
    """Daily: keep a year of sessions ahead for every live programme in the
    default language (translations share its sessions)."""
    from wagtail.models import Locale

    from programmes.models import ProgrammePage

    total = Regeneration()
    programmes = ProgrammePage.objects.live().filter(locale=Locale.get_default()).specific()
    for programme in programmes.iterator():
        result = regenerate_sessions(programme, today=today)
        total.created += result.created
        total.updated += result.updated
        total.flagged += result.flagged
        total.deleted += result.deleted
    return total


def _flag(session, reason, result):
    if session.needs_attention != reason:
        session.needs_attention = reason
        session.save(update_fields=["needs_attention", "modified_at"])
    result.flagged.append(session)


def add_session(programme, *, starts_at, ends_at, by, venue=None, capacity=None, reserved_places=0):
    """A one-off session added by a coordinator; regeneration never touches it."""
    _check_times(starts_at, ends_at)
    capacity = capacity if capacity is not None else programme.default_capacity
    _check_reserved(reserved_places, capacity)
    if Session.objects.filter(programme=programme, original_start=starts_at).exists():
        raise ProgrammeError(_("This programme already has a session at that time."), code="duplicate")
    session = Session.objects.create(
        programme=programme,
        original_start=starts_at,
        starts_at=starts_at,
        ends_at=ends_at,
        venue=venue or programme.venue,
        capacity=capacity,
        reserved_places=reserved_places,
        changed_by_hand=True,
    )
    audit.log_change(session, "programmes.session.added", by=by)
    return session


@transaction.atomic
def cancel_session(session, *, reason, by):
    """Cancel with a reason that families will see; cancelling again with another
    reason corrects the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise ProgrammeError(_("Say why the session is cancelled: families will see it."), code="reason_required")
    from programmes.tasks import send_session_cancelled_mail

    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.is_cancelled and session.cancel_reason == reason[:200]:
        raise ProgrammeError(_("This session is already cancelled."), code="already_cancelled")
    session.status = Session.Status.CANCELLED
    session.cancel_reason = reason[:200]
    session.sequence += 1
    session.save()
    audit.log_change(session, "programmes.session.cancelled", by=by)
    # Registered families hear it by mail; the desk phones those without e-mail.
    transaction.on_commit(lambda: send_session_cancelled_mail.enqueue(session.pk))
    return session


@transaction.atomic
def move_session(session, *, starts_at, ends_at, by, venue=None):
    """A new time or place for one session; it stays the same session for everyone registered."""
    _check_times(starts_at, ends_at)
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.starts_at, session.ends_at = starts_at, ends_at
    if venue is not None:
        session.venue = venue
    session.changed_by_hand = True
    session.needs_attention = ""
    session.sequence += 1
    session.save()
    audit.log_change(session, "programmes.session.moved", by=by)
    return session


@transaction.atomic
def reinstate_session(session, *, by):
    """Undo a cancellation."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if not session.is_cancelled:
        raise ProgrammeError(_("This session is not cancelled."), code="not_cancelled")
    session.status = Session.Status.SCHEDULED
    session.cancel_reason = ""
    session.sequence += 1
    session.save()
    audit.log_change(session, "programmes.session.reinstated", by=by)
    return session


@transaction.atomic
def change_capacity(session, *, capacity, by, reserved_places=None):
    """New number of places, and optionally how many of them are kept for
    families referred by the social service. Free places go to the waiting list."""
    if capacity is not None and capacity < 0:
        raise ProgrammeError(_("The number of places cannot be negative."), code="negative_capacity")
    session = Session.objects.select_for_update().get(pk=session.pk)
    reserved = session.reserved_places if reserved_places is None else reserved_places
    _check_reserved(reserved, capacity)
    session.capacity = capacity
    session.reserved_places = reserved
    session.changed_by_hand = True
    session.sequence += 1
    session.save()
    audit.log_change(
        session,
        "programmes.session.capacity_changed",
        by=by,
        data={"capacity": capacity, "reserved_places": reserved},
    )
    # More places: the waiting list moves up at once, in order.
    enrolment.promote_waiting(session, by=by)
    return session


def _check_reserved(reserved_places, capacity):
    if reserved_places < 0 or (capacity is not None and reserved_places > capacity):
        raise ProgrammeError(
            _("The places kept for referred families must be between 0 and the number of places."),
            code="reserved_places",
        )


def _check_times(starts_at, ends_at):
    if ends_at <= starts_at:
        raise ProgrammeError(_("The end must be after the start."), code="ends_before_start")
