"""Households: created online or at the desk, flagged when they look like one
we already know, and merged by a coordinator.

A public form never links itself to an existing household by phone or e-mail:
that would let anyone who knows a number see a family's registrations. It
creates a new household and flags the likely duplicate instead.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import CONSENT_TEXTS, Consent, Household, Membership, Person, Registration
from programmes.models.people import digits


@dataclass
class NewPerson:
    first_name: str
    last_name: str = ""
    birth_date: object = None
    is_contact: bool = False

    @property
    def role(self):
        return Person.Role.ADULT if self.birth_date is None or self.is_contact else Person.Role.CHILD


def create_household(
    *,
    contact_name,
    phone="",
    email="",
    language="nl",
    postcode="",
    street="",
    city="",
    members=(),
    by=None,
    source=Household.Source.ONLINE,
    referred=False,
    idempotency_key=None,
    consent=True,
):
    """A household with its members (`NewPerson`s, the contact person first) and
    the registration consent. The same idempotency key returns the same household."""
    if idempotency_key:
        existing = Household.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None and _same_contact(existing, phone, email):
            return existing
        if existing is not None:
            # Someone else's key (copied from another form): never hand out
            # that household; this is simply a new one.
            idempotency_key = None
    if not (phone or email):
        raise ProgrammeError(_("Give a phone number or an e-mail address, so that we can reach you."), code="contact")
    try:
        with transaction.atomic():
            household = Household.objects.create(
                contact_name=contact_name,
                phone=phone,
                email=email,
                language=language,
                street=street,
                postcode=postcode,
                city=city,
                referred=referred,
                source=source,
                idempotency_key=idempotency_key or None,
                possible_duplicate_of=Household.objects.matching(phone=phone, email=email).order_by("pk").first(),
            )
            Person.objects.bulk_create(
                Person(
                    household=household,
                    first_name=member.first_name,
                    last_name=member.last_name,
                    birth_date=member.birth_date,
                    role=member.role,
                    is_contact=member.is_contact,
                )
                for member in members
            )
            if consent:
                version = CONSENT_TEXTS[Consent.Topic.REGISTRATION][0]
                Consent.objects.create(household=household, topic=Consent.Topic.REGISTRATION, version=version)
            audit.log_change(
                household,
                "programmes.household.created",
                by=by,
                data={"source": source, "possible_duplicate_of": household.possible_duplicate_of_id},
            )
    except IntegrityError:
        existing = Household.objects.filter(idempotency_key=idempotency_key).first() if idempotency_key else None
        if existing is None or not _same_contact(existing, phone, email):
            raise
        return existing
    return household


def _same_contact(household, phone, email):
    return household.phone_digits == digits(phone) and household.email.lower() == (email or "").lower()


@transaction.atomic
def merge_households(keep, duplicate, *, by):
    """Move the duplicate's people, registrations, memberships and consents to
    `keep`, then delete it. Where both hold a place in the same session, the
    better one stays (confirmed before waiting, then the longer wait) and the
    other is cancelled through the usual rule, so a freed place moves the
    waiting list up."""
    from programmes.services import enrolment

    if keep.pk == duplicate.pk:
        raise ProgrammeError(_("A household cannot be merged with itself."), code="same")
    kept = {r.session_id: r for r in Registration.objects.active().filter(household=keep).select_related("session")}
    for theirs in Registration.objects.active().filter(household=duplicate, session_id__in=list(kept)):
        ours = kept[theirs.session_id]
        _cancel_for_merge(max(ours, theirs, key=_weaker), by=by, cancel=enrolment.cancel)
    in_groups = set(
        Membership.objects.filter(household=keep, status__in=Membership.OPEN).values_list("programme_id", flat=True)
    )
    Membership.objects.filter(household=duplicate, programme_id__in=in_groups, status__in=Membership.OPEN).update(
        status=Membership.Status.ENDED, ended_at=timezone.now(), reason=_("Merged with another household")
    )
    Person.objects.filter(household=duplicate, is_contact=True).update(is_contact=False)
    for model in (Person, Registration, Membership, Consent):
        model.objects.filter(household=duplicate).update(household=keep)
    Household.objects.filter(possible_duplicate_of=duplicate).update(possible_duplicate_of=keep)
    if keep.possible_duplicate_of_id == duplicate.pk:
        keep.possible_duplicate_of = None
        keep.save(update_fields=["possible_duplicate_of"])
    audit.log_change(keep, "programmes.household.merged", by=by, data={"merged": duplicate.pk})
    duplicate.delete()
    return keep


def _weaker(registration):
    """Sorts the registration to give up last: waiting after confirmed, a later wait after an earlier one."""
    waiting_since = registration.waiting_since.timestamp() if registration.waiting_since else 0
    return (registration.status == Registration.Status.WAITING, waiting_since, registration.pk)


def _cancel_for_merge(registration, *, by, cancel):
    if registration.session.ends_at > timezone.now():
        cancel(registration, by=by)
        return
    # A session that is over: nothing to free, only the double count to drop.
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    audit.log_change(registration, "programmes.registration.cancelled", by=by)
