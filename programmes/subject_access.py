"""Subject access (GDPR art. 15): everything we hold about a household and its
members, or about a volunteer, as one JSON document
(`manage.py export_household`, and the "Export all data" page on a
household in the admin, views/subject_access.py).

programmes may not import the other apps: each app registers the sections
it holds from its AppConfig.ready, as for retention and the audit's subject
lookups. A section names the models it covers, so that a test can check that
every model linking to a household, person, child profile or volunteer is in
the export (tests/programmes/test_subject_access.py). A section's rows are
plain JSON values: text, numbers, booleans, None, ISO dates (times in
Europe/Brussels, with their offset), lists and dicts. Stored codes (a status,
a language) stay codes in the JSON; the admin page shows their labels.

What is left out on purpose: secrets (a calendar link's hash, idempotency
keys), values derived from what is exported (a phone number's digits), and
who among the staff recorded a row (that is data about the staff member; the
audit part says who looked at or changed the family's data, which is what
art. 15 asks for).

The audit part: every entry of Wagtail's log about an object of the export
(the household, its members, registrations, badges, child profiles…), each
section saying which of its objects to look for (`logged`). Entries hold
codes and ids only (programmes/audit.py), so they add no one else's data.

Queries: a fixed number per section, however many rows the household has.
"""

import datetime
import decimal
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Prefetch, Q
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import log
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry

from programmes import audit

HOUSEHOLD = "household"
VOLUNTEER = "volunteer"

# Written for every export (the page, its JSON download, the command); a read
# action, so it shows in "Who looked at what".
EXPORTED = "programmes.household.exported"
VOLUNTEER_EXPORTED = "programmes.volunteer.exported"


@dataclass(frozen=True)
class Section:
    """One part of the export.

    `rows(subject)` returns a list of dicts (one dict for `one=True`, e.g. the
    household itself). `group` nests the section under an app's key
    (`{"groceries": {"badges": [...]}}`); empty puts it at the top.
    `note`: a warning the page shows above the section. `parts`: which model
    the nested rows under a key are, for the page's labels.
    `logged(subject)` returns `[(model, queryset)]`: the objects whose audit
    entries belong in the export. `permissions`: besides seeing the household,
    what a user needs to see this part everywhere (medical notes, signals):
    the export shows everything, so only someone who may see all of it
    makes one (`may_export`).
    """

    key: str
    title: object
    models: tuple
    rows: object
    subject: str = HOUSEHOLD
    group: str = ""
    one: bool = False
    logged: object = None
    permissions: tuple = ()
    note: object = ""
    # {key: model} for nested rows (a badge's "visits"): the page labels their values by that model's fields.
    parts: dict = None


_sections = []


def register(section):
    """Register `section` once (ready() may run more than once in tests)."""
    if not any((s.subject, s.group, s.key) == (section.subject, section.group, section.key) for s in _sections):
        _sections.append(section)
    return section


def sections(subject=HOUSEHOLD):
    """programmes' sections first (the household, its members), then the
    other apps' in the order they registered."""
    return sorted((section for section in _sections if section.subject == subject), key=lambda s: bool(s.group))


def covered_models():
    """Every model some section exports, for the introspection test."""
    return {model for section in _sections for model in section.models}


def required_permissions(subject=HOUSEHOLD):
    return sorted({permission for section in sections(subject) for permission in section.permissions})


def plain(value):
    """A model value as JSON: dates as ISO text, times in Europe/Brussels."""
    if isinstance(value, datetime.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def values(instance, *names):
    """`{name: plain(instance.name)}` for the given fields, in that order."""
    return {name: plain(getattr(instance, name)) for name in names}


def export(household):
    """Everything we hold about `household` and its members, as one dict."""
    return _export(household, HOUSEHOLD)


def export_volunteer(volunteer):
    """Everything we hold about `volunteer` (a Volunteer: the user's profile)."""
    return _export(volunteer, VOLUNTEER)


def _export(subject, kind):
    data = {"exported_at": plain(timezone.now())}
    for section in sections(kind):
        rows = section.rows(subject)
        target = data.setdefault(section.group, {}) if section.group else data
        target[section.key] = (rows[0] if rows else None) if section.one else rows
    data["audit"] = audit_trail(subject, kind)
    return data


def audit_trail(subject, kind):
    """Who looked at or changed the exported objects, oldest first: one query."""
    condition = Q(pk__in=[])
    for section in sections(kind):
        for model, objects in section.logged(subject) if section.logged else ():
            condition |= Q(
                content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
                object_id__in=objects.order_by().values(pk_text=Cast("pk", output_field=CharField())),
            )
    entries = ModelLogEntry.objects.filter(condition).select_related("user", "content_type").order_by("timestamp", "pk")
    return [
        {
            "when": plain(entry.timestamp),
            "action": entry.action,
            "what": str(log_action_registry.get_action_label(entry.action)),
            "by": (entry.user.get_full_name() or entry.user.get_username()) if entry.user else None,
            "object": f"{entry.content_type.model} {entry.object_id}",
            "details": entry.data or {},
        }
        for entry in entries
    ]


def may_export(user, household):
    """Superusers; or users who may see `household` in the admin and hold
    every section's permissions. The export has medical notes and signals,
    so seeing the household (every coordinator may) is not enough."""
    from wagtail.permissions import policy_registry

    if not user.is_active:
        return False
    if user.is_superuser:
        return True
    policy = policy_registry.get_by_type(type(household))
    return policy.user_has_permission_for_instance(user, "view", household) and user.has_perms(
        required_permissions(HOUSEHOLD)
    )


def log_exported(subject, *, by, export_format):
    """The audit entry for one export: who, when, which household or volunteer
    (its id, not its name) and the format; nothing of what was exported."""
    from programmes.models import Volunteer

    return log(
        subject,
        VOLUNTEER_EXPORTED if isinstance(subject, Volunteer) else EXPORTED,
        user=by if by is not None and by.is_authenticated else None,
        data={"format": export_format},
        title=audit.neutral_title(subject),
    )


# programmes' own sections: the household, its members and what they did here.


def _household(household):
    return [
        values(
            household,
            "id",
            "contact_name",
            "phone",
            "email",
            "language",
            "street",
            "postcode",
            "city",
            "referred",
            "source",
            "possible_duplicate_of_id",
            "created_at",
        )
    ]


def _members(household):
    return [
        values(person, "id", "first_name", "last_name", "role", "birth_date", "is_contact")
        for person in household.members.order_by("pk")
    ]


def _consents(household):
    return [values(consent, "topic", "version", "given_at") for consent in household.consents.order_by("given_at")]


def _session(session):
    return {
        "programme": session.programme.title,
        "starts_at": plain(session.starts_at),
        "ends_at": plain(session.ends_at),
    }


def _names(persons):
    return [str(person) for person in persons]


def _registrations(household):
    registrations = (
        household.registrations.select_related("session__programme")
        .prefetch_related(Prefetch("members", to_attr="who"))
        .order_by("session__starts_at", "pk")
    )
    return [
        {
            "id": registration.id,
            "session": _session(registration.session),
            "who": _names(registration.who),
            **values(
                registration,
                "places",
                "status",
                "source",
                "uses_reserved_place",
                "waiting_since",
                "created_at",
                "cancelled_at",
                "promoted_at",
                "confirmation_mailed_at",
                "promotion_mailed_at",
                "reminder_mailed_at",
                "cancellation_mailed_at",
            ),
        }
        for registration in registrations
    ]


def _memberships(household):
    memberships = (
        household.memberships.select_related("programme")
        .prefetch_related(Prefetch("members", to_attr="who"))
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": membership.id,
            "group": membership.programme.title,
            "who": _names(membership.who),
            **values(membership, "status", "source", "created_at", "decided_at", "ended_at", "reason"),
        }
        for membership in memberships
    ]


def _attendance(household):
    from programmes.models import Attendance

    marks = (
        Attendance.objects.filter(person__household=household)
        .select_related("person", "session__programme")
        .order_by("session__starts_at", "person_id")
    )
    return [
        {
            "person": str(mark.person),
            "session": _session(mark.session),
            **values(mark, "status", "checked_in_at", "checked_out_at", "recorded_at"),
        }
        for mark in marks
    ]


def _feed_tokens_of(owner):
    from programmes.models import FeedToken

    tokens = FeedToken.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk).order_by(
        "created_at", "pk"
    )
    # Never the hash: it is a secret, not data about the family.
    return [{**values(token, "created_at", "revoked_at"), "active": token.revoked_at is None} for token in tokens]


def _household_logged(household):
    from programmes.models import Attendance, Household, Membership, Person, Registration

    return [
        (Household, Household.objects.filter(pk=household.pk)),
        (Person, household.members.all()),
        (Registration, household.registrations.all()),
        (Membership, household.memberships.all()),
        (Attendance, Attendance.objects.filter(person__household=household)),
    ]


# A volunteer: their profile, certificates and shifts.


def _volunteer(volunteer):
    user = volunteer.user
    return [
        {
            "id": volunteer.id,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "username": user.get_username(),
            "languages": [language.name for language in volunteer.languages.order_by("name")],
            **values(
                volunteer,
                "phone",
                "skills",
                "availability",
                "agreement_signed_on",
                "insurance_note",
                "active",
                "created_at",
            ),
        }
    ]


def _certificates(volunteer):
    return [
        values(
            certificate,
            "kind",
            "issued_on",
            "valid_until",
            "declared_by_volunteer",
            "confirmed_at",
            "renewal_reminded_at",
            "created_at",
        )
        for certificate in volunteer.certificates.order_by("issued_on", "pk")
    ]


def _shifts(volunteer):
    assignments = volunteer.assignments.select_related("shift__role", "shift__session__programme").order_by(
        "shift__session__starts_at", "pk"
    )
    return [
        {
            "role": assignment.shift.role.name,
            "session": _session(assignment.shift.session),
            **values(assignment, "status", "hours", "override_note", "created_at", "cancelled_at", "reminded_at"),
        }
        for assignment in assignments
    ]


def _volunteer_logged(volunteer):
    from programmes.models import Certificate, ShiftAssignment, Volunteer

    return [
        (Volunteer, Volunteer.objects.filter(pk=volunteer.pk)),
        (Certificate, volunteer.certificates.all()),
        (ShiftAssignment, volunteer.assignments.all()),
    ]


def register_programmes_sections():
    from programmes.models import (
        Attendance,
        Certificate,
        Consent,
        FeedToken,
        Household,
        Membership,
        Person,
        Registration,
        ShiftAssignment,
        Volunteer,
    )

    register(Section("household", _("Household"), (Household,), _household, one=True, logged=_household_logged))
    register(Section("members", _("Members"), (Person,), _members))
    register(Section("consents", _("Consents"), (Consent,), _consents))
    register(Section("registrations", _("Registrations"), (Registration,), _registrations))
    register(Section("memberships", _("Groups"), (Membership,), _memberships))
    register(Section("attendance", _("Attendance"), (Attendance,), _attendance))
    register(Section("feed_tokens", _("Calendar links"), (FeedToken,), _feed_tokens_of))

    register(
        Section(
            "volunteer",
            _("Volunteer"),
            (Volunteer,),
            _volunteer,
            subject=VOLUNTEER,
            one=True,
            logged=_volunteer_logged,
        )
    )
    register(Section("certificates", _("Certificates"), (Certificate,), _certificates, subject=VOLUNTEER))
    register(Section("shifts", _("Shifts"), (ShiftAssignment,), _shifts, subject=VOLUNTEER))
    register(Section("feed_tokens", _("Calendar links"), (FeedToken,), _feed_tokens_of, subject=VOLUNTEER))
