"""Issuing and managing badges: what social workers do in the admin.

Every change is audit-logged with codes only (never notes or names), and the
partial unique constraint on Badge keeps one badge in use per household and
grocery whatever happens in parallel."""

import calendar
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groceries import codes
from groceries.errors import GroceryError
from groceries.models import Badge
from programmes import audit

# The admin lists badges that end this soon, so social workers can plan renewals.
EXPIRING_WITHIN = datetime.timedelta(weeks=4)


def add_months(day, months):
    """The same day `months` later, or the month's last day (31 Aug + 6 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _validity(grocery, valid_from):
    # Valid for N months: from 1 March for 6 months is up to and including 31 August.
    return add_months(valid_from, grocery.badge_months) - datetime.timedelta(days=1)


def _check_size(adults, children):
    if adults < 1 or children < 0 or adults + children > 30:
        raise GroceryError(_("A household has at least one adult and at most 30 persons."), code="persons")


@transaction.atomic
def issue_badge(grocery, household, *, by, referrer, adults, children, valid_from=None, notes=""):
    _check_size(adults, children)
    valid_from = valid_from or timezone.localdate()
    if Badge.objects.filter(grocery=grocery, household=household, status=Badge.Status.ACTIVE).exists():
        raise GroceryError(
            _("This household already has a badge. Renew or replace that badge instead."), code="has_badge"
        )
    badge = _create(
        grocery=grocery,
        household=household,
        referrer=referrer,
        adults=adults,
        children=children,
        valid_from=valid_from,
        valid_until=_validity(grocery, valid_from),
        notes=notes,
        issued_by=by,
    )
    audit.log_change(badge, "groceries.badge.issued", by=by, data={"referrer": referrer})
    return badge


def _create(**fields):
    """A new badge with a fresh code. A clash of random codes is astronomically
    rare, but the unique column decides, and then another code is drawn."""
    for _attempt in range(5):
        try:
            with transaction.atomic():
                return Badge.objects.create(code=codes.new_code(), **fields)
        except IntegrityError as error:
            if Badge.objects.filter(
                grocery=fields["grocery"], household=fields["household"], status=Badge.Status.ACTIVE
            ).exists():
                raise GroceryError(
                    _("This household already has a badge. Renew or replace that badge instead."), code="has_badge"
                ) from error
    raise GroceryError(_("No free badge number was found. Try again."), code="code")


def _locked(badge):
    return Badge.objects.select_for_update().select_related("grocery").get(pk=badge.pk)


@transaction.atomic
def renew_badge(badge, *, by, adults=None, children=None):
    """Another period of validity, from the end of the current one while it
    still runs (so renewing early loses nothing), else from today."""
    badge = _locked(badge)
    if badge.status != Badge.Status.ACTIVE:
        raise GroceryError(_("Only a badge in use can be renewed; reactivate it first."), code="not_active")
    adults = badge.adults if adults is None else adults
    children = badge.children if children is None else children
    _check_size(adults, children)
    today = timezone.localdate()
    start = badge.valid_until + datetime.timedelta(days=1) if badge.valid_until >= today else today
    badge.valid_until = _validity(badge.grocery, start)
    badge.adults, badge.children = adults, children
    badge.save(update_fields=["valid_until", "adults", "children"])
    badge.renewals.create(
        valid_until=badge.valid_until, renewed_by=by if by is not None and by.is_authenticated else None
    )
    audit.log_change(badge, "groceries.badge.renewed", by=by, data={"valid_until": badge.valid_until.isoformat()})
    return badge


def _reason(reason):
    reason = (reason or "").strip()
    if not reason:
        raise GroceryError(_("Give a reason."), code="reason")
    if len(reason) > Badge._meta.get_field("status_reason").max_length:
        raise GroceryError(_("Keep the reason under 200 characters."), code="reason")
    return reason


@transaction.atomic
def suspend_badge(badge, *, by, reason):
    reason = _reason(reason)
    badge = _locked(badge)
    if badge.status != Badge.Status.ACTIVE:
        raise GroceryError(_("Only a badge in use can be suspended."), code="not_active")
    badge.status, badge.status_reason = Badge.Status.SUSPENDED, reason
    badge.save(update_fields=["status", "status_reason"])
    audit.log_change(badge, "groceries.badge.suspended", by=by)
    return badge


@transaction.atomic
def reactivate_badge(badge, *, by):
    badge = _locked(badge)
    if badge.status != Badge.Status.SUSPENDED:
        raise GroceryError(_("Only a suspended badge can be reactivated."), code="not_suspended")
    badge.status, badge.status_reason = Badge.Status.ACTIVE, ""
    try:
        with transaction.atomic():
            badge.save(update_fields=["status", "status_reason"])
    except IntegrityError as error:
        raise GroceryError(
            _("This household has another badge in use. Stop that one first."), code="has_badge"
        ) from error
    audit.log_change(badge, "groceries.badge.reactivated", by=by)
    return badge


@transaction.atomic
def replace_badge(badge, *, by, reason):
    """A lost or broken card: the old code stops working at once and a new
    badge carries on with the same household, dates and notes."""
    reason = _reason(reason)
    badge = _locked(badge)
    if badge.status != Badge.Status.ACTIVE:
        raise GroceryError(_("Only a badge in use can be replaced; reactivate it first."), code="not_active")
    badge.status, badge.status_reason = Badge.Status.REPLACED, reason
    badge.save(update_fields=["status", "status_reason"])
    new = _create(
        grocery=badge.grocery,
        household=badge.household,
        referrer=badge.referrer,
        adults=badge.adults,
        children=badge.children,
        valid_from=badge.valid_from,
        valid_until=badge.valid_until,
        notes=badge.notes,
        replaces=badge,
        issued_by=by,
    )
    audit.log_change(badge, "groceries.badge.replaced", by=by, data={"new_badge": new.pk})
    return new


def notes_viewed(badge, *, by):
    audit.log_read(badge, "groceries.badge.notes_viewed", by=by)
