"""Erasing a household on request (docs/data_protection.md, column "erasure").

Erasure anonymises, it does not delete: the registrations, attendance marks,
grocery visits and play-day bookings stay on the anonymised household and
persons, so the figures of the annual report do not change. What goes: the
names, contact details, the day and month of birth, free texts (a
membership's reason, the coordinators' session notes where they name the
family, badge notes, medical notes, signals), consents and calendar links,
and every name in the audit log.

programmes may not import the other apps: each registers its part from its
AppConfig.ready with `register(name, erase, subjects=..., sessions=...)`:

- `erase(household, dry_run)` erases the app's personal data of the
  household and returns how many rows held some (or, with `dry_run`, would
  change); a second run returns 0, which is how `replay_erasures` knows that
  nothing is left;
- `subjects(household)` returns `[(model, ids)]`: the app's objects about
  the household, whose audit-log entries get a neutral title;
- `sessions(household)` returns Session ids the household came to through
  the app (grocery openings, play days), whose notes are searched for names.

Parts run before programmes blanks its own rows and the log is scrubbed
last: the names are read first and searched for last. Every erasure is written to ErasureRecord (no personal data), so
that it can be done again after a backup from before it is restored.
"""

import datetime
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.models import ModelLogEntry, PageLogEntry

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import (
    Attendance,
    Consent,
    ErasureRecord,
    FeedToken,
    Household,
    Membership,
    Person,
    Registration,
    RollCall,
    Session,
)

ERASED = "programmes.household.erased"
REPLAYED = "programmes.household.erasure_replayed"
# docs/data_protection.md: a household is kept two years after the last contact.
RETENTION_YEARS = 2
# What replaces a name in a coordinator's session note.
NAME_REMOVED = "…"
# Shorter values (initials) would match inside other words of other people's entries.
SHORTEST_SEARCHED = 2

_parts = []


@dataclass(frozen=True)
class Part:
    name: str
    erase: object
    subjects: object = None
    sessions: object = None
    # `active(since)`: a values queryset of the ids of the households the app
    # was in touch with on or after `since` (a date), for the retention rule.
    active: object = None


def register(name, erase, *, subjects=None, sessions=None, active=None):
    if name not in {part.name for part in _parts}:
        _parts.append(Part(name, erase, subjects, sessions, active))


def parts():
    return list(_parts)


@dataclass
class Result:
    household_id: int
    # {what: rows that held personal data}, in the order erased.
    counts: dict = field(default_factory=dict)

    @property
    def total(self):
        return sum(self.counts.values())


@dataclass(frozen=True)
class PersonalValues:
    """What identifies the household, read before anything is blanked: the
    texts searched for in notes and in the audit log."""

    names: tuple
    contact: tuple

    @classmethod
    def of(cls, household):
        names = {household.contact_name.strip()}
        for first, last in household.members.values_list("first_name", "last_name"):
            names |= {first.strip(), last.strip(), f"{first} {last}".strip()}
        contact = {household.phone.strip(), household.phone_digits, household.email.strip()}
        return cls(_searchable(names), _searchable(contact))

    @property
    def all(self):
        return self.names + self.contact


def _searchable(values):
    # Longest first: "Ayşe Yılmaz" goes as a whole before "Ayşe" and "Yılmaz".
    return tuple(sorted({v for v in values if len(v) >= SHORTEST_SEARCHED}, key=lambda v: (-len(v), v)))


def erase_household(household, *, by, reason=ErasureRecord.Reason.REQUESTED):
    """Erase `household` (see the module's docstring) in one transaction and
    record it. An erased household is refused with code "already_erased"."""
    reason = reason or ErasureRecord.Reason.REQUESTED
    if reason not in ErasureRecord.Reason.values:
        raise ProgrammeError(_("Choose a reason from the list."), code="reason")
    with transaction.atomic():
        household = Household.objects.select_for_update().filter(pk=household.pk).first()
        if household is None:
            raise ProgrammeError(_("This household does not exist."), code="unknown")
        if household.is_erased:
            raise ProgrammeError(_("This household has already been erased."), code="already_erased")
        now = timezone.now()
        result = _erase(household, dry_run=False, now=now)
        ErasureRecord.objects.update_or_create(
            household_id=household.pk, defaults={"erased_at": now, "erased_by": _user(by), "reason": reason}
        )
        audit.log_change(household, ERASED, by=by, data={"reason": reason, "rows": result.total})
        _neutral_labels(Household, [household.pk])
    return result


def preview(household):
    """What erasing `household` would change: a Result with counts, nothing changed."""
    return _erase(household, dry_run=True)


def replay_erasures(*, dry_run=False):
    """Erase again every household in ErasureRecord that holds personal data
    again (after a backup from before its erasure was restored).
    Returns [(household_id, outcome, Result or None)], outcome one of
    "gone", "erased_again", "would_erase", "nothing_left"."""
    outcomes = []
    for record in ErasureRecord.objects.order_by("erased_at", "pk"):
        household = Household.objects.filter(pk=record.household_id).first()
        if household is None:
            outcomes.append((record.household_id, "gone", None))
            continue
        found = _erase(household, dry_run=True)
        if not found.total and household.is_erased:
            outcomes.append((record.household_id, "nothing_left", found))
            continue
        if dry_run:
            outcomes.append((record.household_id, "would_erase", found))
            continue
        with transaction.atomic():
            household = Household.objects.select_for_update().get(pk=household.pk)
            now = timezone.now()
            result = _erase(household, dry_run=False, now=now)
            if household.erased_at is None:
                Household.objects.filter(pk=household.pk).update(erased_at=record.erased_at)
            ErasureRecord.objects.filter(pk=record.pk).update(replayed_at=now)
            audit.log_change(household, REPLAYED, by=None, data={"rows": result.total})
            _neutral_labels(Household, [household.pk])
        outcomes.append((record.household_id, "erased_again", result))
    return outcomes


def households_out_of_touch_since(since):
    """The households not yet erased that nobody has been in touch with since
    `since` (a date): no new household, registration, attendance or group
    membership since then, nor anything an app registers (a badge still
    valid, a booked play day)."""
    moment = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
    open_or_recent = Q(status__in=Membership.OPEN) | Q(ended_at__gte=moment) | Q(decided_at__gte=moment)
    active = [
        Registration.objects.filter(session__starts_at__gte=moment).values("household"),
        Attendance.objects.filter(session__starts_at__gte=moment).values("person__household"),
        Membership.objects.filter(open_or_recent | Q(created_at__gte=moment)).values("household"),
    ]
    active += [part.active(since) for part in _parts if part.active is not None]
    households = Household.objects.filter(erased_at__isnull=True, created_at__lt=moment)
    for ids in active:
        households = households.exclude(pk__in=ids)
    return households


def erase_out_of_touch(today, dry_run, *, years=RETENTION_YEARS):
    """The retention rule for households (docs/data_protection.md): erased
    `years` after the last contact, as on request but with the reason "no
    longer needed" and by nobody. Each in its own transaction, so one
    household that fails does not keep the others."""
    due = households_out_of_touch_since(_years_before(today, years))
    if dry_run:
        return due.count()
    erased = 0
    for household in due.iterator():
        try:
            erase_household(household, by=None, reason=ErasureRecord.Reason.NO_LONGER_NEEDED)
        except ProgrammeError:
            # Erased in the meantime by someone else: nothing to do.
            continue
        erased += 1
    return erased


def _years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _user(by):
    return by if by is not None and by.is_authenticated else None


def _erase(household, *, dry_run, now=None):
    values = PersonalValues.of(household)
    result = Result(household.pk)
    # Sessions and log subjects are read before the parts change anything.
    sessions = household_sessions(household)
    subjects = household_subjects(household)
    result.counts["roll call notes"] = _erase_notes(sessions, values, dry_run)
    # The apps first: they see the household as it was (erased_at still unset on a first erasure).
    for part in _parts:
        result.counts[part.name] = part.erase(household, dry_run)
    result.counts["programmes"] = _erase_programmes(household, dry_run, now)
    result.counts["audit log"] = _scrub_log(subjects, values, dry_run)
    return result


def household_subjects(household):
    """[(model, ids)] of every app's objects about the household, programmes' first."""
    members = list(household.members.values_list("pk", flat=True))
    subjects = [
        (Household, [household.pk]),
        (Person, members),
        (Registration, list(household.registrations.values_list("pk", flat=True))),
        (Membership, list(household.memberships.values_list("pk", flat=True))),
        (Consent, list(household.consents.values_list("pk", flat=True))),
        (FeedToken, list(_feed_tokens(household).values_list("pk", flat=True))),
    ]
    for part in _parts:
        if part.subjects is not None:
            subjects.extend((model, list(ids)) for model, ids in part.subjects(household))
    return subjects


def household_sessions(household):
    """Ids of the sessions the household registered for, was marked at, or
    belongs to as a member of the group, and those the apps add."""
    programmes = household.memberships.values("programme")
    condition = (
        Q(pk__in=household.registrations.values("session"))
        | Q(pk__in=Attendance.objects.filter(person__household=household).values("session"))
        | Q(programme__in=programmes)
    )
    ids = set(Session.objects.filter(condition).values_list("pk", flat=True))
    for part in _parts:
        if part.sessions is not None:
            ids |= set(part.sessions(household))
    return ids


def _feed_tokens(household):
    return FeedToken.objects.filter(owner_type=ContentType.objects.get_for_model(Household), owner_id=household.pk)


def _name_pattern(names):
    if not names:
        return None
    alternatives = "|".join(re.escape(name) for name in names)
    # Whole words only: "Ana" must not blank part of "Banaan".
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def _erase_notes(session_ids, values, dry_run):
    """Coordinators are asked not to name families in session notes; where
    they did, the names of this household are replaced."""
    pattern = _name_pattern(values.names)
    if pattern is None or not session_ids:
        return 0
    changed = 0
    for roll_call in RollCall.objects.filter(session__in=session_ids).exclude(note=""):
        note = pattern.sub(NAME_REMOVED, roll_call.note)
        if note != roll_call.note:
            changed += 1
            if not dry_run:
                # update(), not save(): the note's author and time stay as they were.
                RollCall.objects.filter(pk=roll_call.pk).update(note=note)
    return changed


def _erase_programmes(household, dry_run, now):
    """The household's own rows: names and contact details blanked, birth
    dates to 1 January of the year, free texts blanked, consents and
    calendar links deleted. Registrations, memberships and attendance stay."""
    identified = any(
        (
            household.contact_name,
            household.phone,
            household.email,
            household.postcode,
            household.street,
            household.city,
            household.idempotency_key,
            household.possible_duplicate_of_id,
        )
    )
    persons = household.members.filter(
        ~Q(first_name="")
        | ~Q(last_name="")
        | (Q(birth_date__isnull=False) & ~Q(birth_date__month=1, birth_date__day=1))
    )
    memberships = household.memberships.exclude(reason="")
    consents = household.consents.all()
    tokens = _feed_tokens(household)
    duplicates = Household.objects.filter(possible_duplicate_of=household)
    count = (
        int(identified) + persons.count() + memberships.count() + consents.count() + tokens.count() + duplicates.count()
    )
    if dry_run:
        return count
    for person in persons:
        person.first_name = person.last_name = ""
        if person.birth_date is not None:
            person.birth_date = person.birth_date.replace(month=1, day=1)
        person.save(update_fields=["first_name", "last_name", "birth_date"])
    memberships.update(reason="")
    consents.delete()
    tokens.delete()
    # "Possibly the same as" an erased household: nothing left to compare.
    duplicates.update(possible_duplicate_of=None)
    household.contact_name = household.phone = household.email = ""
    household.street = household.postcode = household.city = ""
    household.idempotency_key = None
    household.possible_duplicate_of = None
    household.erased_at = household.erased_at or now
    household.save(
        update_fields=[
            "contact_name",
            "phone",
            "email",
            "street",
            "postcode",
            "city",
            "idempotency_key",
            "possible_duplicate_of",
            "erased_at",
        ]
    )
    return count


def _neutral_label(model, pk):
    # In the site's language, so that a second run finds nothing to change.
    with translation.override(settings.LANGUAGE_CODE):
        return f"{capfirst(model._meta.verbose_name)} {pk}"


def _neutral_labels(model, ids):
    content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
    for pk in ids:
        ModelLogEntry.objects.filter(content_type=content_type, object_id=str(pk)).exclude(
            label=_neutral_label(model, pk)
        ).update(label=_neutral_label(model, pk))


def _scrub_data(value, pattern):
    """`value` (an entry's data) without any string that holds a personal value."""
    if isinstance(value, dict):
        return {key: _scrub_data(item, pattern) for key, item in value.items() if not pattern.search(str(key))}
    if isinstance(value, list):
        return [_scrub_data(item, pattern) for item in value]
    if isinstance(value, str) and pattern.search(value):
        return ""
    return value


def _scrub_log(subjects, values, dry_run):
    """Give every entry about the household's objects a neutral title and
    drop personal values from its data; then, as a safety net, do the same
    for any entry of either log whose title or data holds the household's
    contact name, phone or e-mail (a log written on another object)."""
    changes = {}
    everything = _name_pattern(values.all)
    for model, ids in subjects:
        if not ids:
            continue
        content_type = ContentType.objects.get_for_model(model, for_concrete_model=False)
        entries = ModelLogEntry.objects.filter(content_type=content_type, object_id__in=[str(pk) for pk in ids])
        for entry in entries.only("pk", "label", "data", "object_id"):
            label = _neutral_label(model, entry.object_id)
            data = _scrub_data(entry.data, everything) if everything else entry.data
            if entry.label != label or data != entry.data:
                changes[(ModelLogEntry, entry.pk)] = {"label": label, "data": data}
    # The contact name, phone and e-mail, and full names: a first name alone would match other families.
    searched = _searchable({*values.contact, *(name for name in values.names if " " in name)})
    pattern = _name_pattern(searched)
    for log_model in (ModelLogEntry, PageLogEntry) if pattern else ():
        for entry in _entries_holding(log_model, searched):
            if (log_model, entry.pk) in changes:
                continue
            label = _log_entry_title(entry) if pattern.search(entry.label) else entry.label
            data = _scrub_data(entry.data, pattern)
            if label != entry.label or data != entry.data:
                changes[(log_model, entry.pk)] = {"label": label, "data": data}
    if not dry_run:
        for (log_model, pk), fields in changes.items():
            log_model.objects.filter(pk=pk).update(**fields)
    return len(changes)


def _entries_holding(log_model, searched):
    """Entries whose label or data (as stored: JSON may escape non-ASCII
    letters) contains one of `searched`."""
    condition = Q(pk__in=[])
    for value in searched:
        escaped = json.dumps(value)[1:-1]
        condition |= Q(label__icontains=value) | Q(data_text__icontains=value)
        if escaped != value:
            condition |= Q(data_text__icontains=escaped)
    return (
        log_model.objects.annotate(data_text=Cast("data", TextField()))
        .filter(condition)
        .only("pk", "label", "data", "content_type")
    )


def _log_entry_title(entry):
    model = entry.content_type.model_class() if entry.content_type_id else None
    return "" if model is None else _neutral_label(model, entry.object_id)
