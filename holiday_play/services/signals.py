"""Early-detection signals ("vroegdetectie"): a staff member records a
concern about a child, a social worker follows it up.

The concern is confidential: the audit log records who recorded, read or
followed up which signal (ids only), never the text, because the log
outlives the erasure of the text (services/retention.py).

A phone at the playground may send the same form twice (a double tap, a
retry after a lost connection, the back button). Signal has no idempotency
key column, so a second signal with the same text by the same author about
the same child within DUPLICATE_WINDOW is taken to be the same one: the
first is returned and nothing new is written. Recording the same words
twice about the same child within minutes is never meant as two concerns.
The check runs under a lock on the child's row, so two requests that arrive
together cannot both pass it (SQLite serialises writers instead).
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from holiday_play.models import Signal
from holiday_play.models.signals import MAX_CONCERN_LENGTH
from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Person

DUPLICATE_WINDOW = datetime.timedelta(minutes=10)


class SignalError(ProgrammeError):
    """Codes: empty, too_long, erased."""


def _checked_text(text, *, required, what):
    text = (text or "").strip()
    if required and not text:
        raise SignalError(_("Write down what worries you."), code="empty")
    if len(text) > MAX_CONCERN_LENGTH:
        raise SignalError(
            _("%(what)s can be at most %(max)s characters long (now %(length)s).")
            % {"what": what, "max": MAX_CONCERN_LENGTH, "length": len(text)},
            code="too_long",
        )
    return text


def record_signal(child, playground, concern, *, by):
    """Record `by`'s concern about `child` at `playground`, for the social
    workers. Returns the signal (the earlier one for a double submit)."""
    concern = _checked_text(concern, required=True, what=_("The concern"))
    with transaction.atomic():
        Person.objects.select_for_update().filter(pk=child.pk).first()
        earlier = (
            Signal.objects.filter(
                child=child,
                author=by,
                concern=concern,
                erased_at__isnull=True,
                created_at__gte=timezone.now() - DUPLICATE_WINDOW,
            )
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return earlier
        signal = Signal.objects.create(child=child, playground=playground, concern=concern, author=by)
        audit.log_change(
            signal,
            "holiday_play.signal.recorded",
            by=by,
            data={"child": child.pk, "playground": playground.pk if playground else None},
        )
    return signal


def follow_up(signal, note, *, by):
    """Mark `signal` followed up by `by`, with what was done (optional).
    A signal that is already followed up stays as it was: a second click on
    another screen must not overwrite the first social worker's note."""
    note = _checked_text(note, required=False, what=_("The note"))
    with transaction.atomic():
        signal = Signal.objects.select_for_update().get(pk=signal.pk)
        if signal.erased_at is not None:
            raise SignalError(_("This signal was erased."), code="erased")
        if signal.followed_up:
            return signal
        signal.followed_up_at = timezone.now()
        signal.followed_up_by = by
        signal.follow_up_note = note
        signal.save(update_fields=["followed_up_at", "followed_up_by", "follow_up_note"])
        audit.log_change(signal, "holiday_play.signal.followed_up", by=by, data={"note": bool(note)})
    return signal
