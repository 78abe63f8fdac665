"""Certificates a volunteer tells us about themselves.

A declaration is only dates: the document itself (for model 2, an extract of
the criminal record) is shown to a coordinator and never uploaded. It does not
count until a coordinator confirms it in the admin, so a volunteer cannot
unlock child-facing shifts on their own word.
"""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Certificate, Volunteer

# An older document says little about today; the organisation will ask for a new one.
OLDEST_ISSUE = datetime.timedelta(days=5 * 365)


class CertificateError(ProgrammeError):
    """Codes: future, too_old, ends_before_issue, no_end, duplicate."""


@transaction.atomic
def declare(volunteer, *, kind, issued_on, valid_until, by, today):
    """Record an unconfirmed certificate of `volunteer`. A model 2 certificate's
    end follows from the organisation's validity; other kinds need their own.
    Declaring the same kind and issue date again changes nothing."""
    if issued_on > today:
        raise CertificateError(_("The issue date is in the future."), code="future")
    if issued_on < today - OLDEST_ISSUE:
        raise CertificateError(_("That certificate is more than five years old: ask for a new one."), code="too_old")
    if kind == Certificate.Kind.MODEL_2:
        valid_until = None
    elif valid_until is None:
        raise CertificateError(_("Give the date until which the certificate is valid."), code="no_end")
    elif valid_until < issued_on:
        raise CertificateError(_("The end date comes before the issue date."), code="ends_before_issue")
    # The row lock turns a double submit into one declaration.
    Volunteer.objects.select_for_update().filter(pk=volunteer.pk).first()
    if volunteer.certificates.filter(kind=kind, issued_on=issued_on).exists():
        raise CertificateError(_("You already gave us this certificate."), code="duplicate")
    certificate = Certificate.objects.create(
        volunteer=volunteer, kind=kind, issued_on=issued_on, valid_until=valid_until, declared_by_volunteer=True
    )
    audit.log_change(certificate, "programmes.certificate.declared", by=by, data={"kind": kind})
    return certificate
