"""The grocery's part of erasing a household (programmes.erasure), registered
in GroceriesConfig.ready.

The badges stay: the annual report counts visits, households reached,
badges issued, renewed and expired, and households per referring
organisation through them (groceries/figures.py). What identified the family
goes: the social worker's notes and reasons, and the card number, which is
replaced by a fresh random one so that the old card, a photo of it or a
door check typed with it leads to nothing. The door checks keep their
verdict but lose the number typed.
"""

from django.db import IntegrityError, transaction
from django.db.models import Q

from groceries import codes
from groceries.models import Badge, CheckAttempt, Renewal, Visit


def erase(household, dry_run):
    """Rows of the household's badges and door checks that held personal data.
    The card numbers are replaced once, when the household is not erased
    yet (a restored backup from before the erasure has it unerased again)."""
    badges = Badge.objects.filter(household=household)
    with_text = badges.filter(~Q(notes="") | ~Q(status_reason=""))
    recoded = badges if household.erased_at is None else badges.none()
    checks = CheckAttempt.objects.filter(badge__in=badges).exclude(code="")
    count = len(set(with_text.values_list("pk", flat=True)) | set(recoded.values_list("pk", flat=True)))
    count += checks.count()
    if dry_run:
        return count
    with_text.update(notes="", status_reason="")
    checks.update(code="")
    for badge in recoded:
        _new_code(badge)
    return count


def _new_code(badge):
    # As when a badge is issued: the unique column decides, another code is drawn on a clash.
    for _attempt in range(5):
        try:
            with transaction.atomic():
                Badge.objects.filter(pk=badge.pk).update(code=codes.new_code())
                return
        except IntegrityError:
            continue
    raise IntegrityError("No free badge number was found.")


def subjects(household):
    badges = Badge.objects.filter(household=household)
    return [
        (Badge, badges.values_list("pk", flat=True)),
        (Renewal, Renewal.objects.filter(badge__in=badges).values_list("pk", flat=True)),
        (Visit, Visit.objects.filter(badge__in=badges).values_list("pk", flat=True)),
    ]


def sessions(household):
    return Visit.objects.filter(badge__household=household).values_list("opening_id", flat=True)


def active(since):
    """Households with a badge valid on or after `since` (a visit needs one)."""
    return Badge.objects.filter(valid_until__gte=since).values("household")
