"""The door check: a verdict for a typed or scanned code, and the visit.

`check_badge` answers in a handful of queries whatever the number of badges
(the code is a unique column). `record_visit` locks the badge row, checks
again and inserts; the unique constraint on (badge, opening) is the last word,
so two volunteers tapping at once record one visit. Every attempt is logged,
and guessing is paused: a user or an address with too many unknown codes in a
few minutes is refused until the window has passed."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from groceries import codes
from groceries.errors import GroceryError
from groceries.models import Badge, CheckAttempt, GroceryPage, PackageSize, Verdict, Visit

EXPIRING_WITHIN = datetime.timedelta(weeks=2)
GUESSES_ALLOWED = 10
GUESS_WINDOW = datetime.timedelta(minutes=5)
MAX_PERSONS = 30
# The verdicts after which the door may record a visit.
ADMITTED = {Verdict.VALID, Verdict.EXPIRING, Verdict.LIMIT_WARNING}


@dataclass(frozen=True)
class Check:
    verdict: str
    badge: Badge | None = None
    visits_left: int | None = None
    package: PackageSize | None = None
    expires_soon: bool = False
    visited_at: datetime.datetime | None = None

    @property
    def admitted(self):
        return self.verdict in ADMITTED

    @property
    def first_name(self):
        return first_name(self.badge.household) if self.badge else ""


def first_name(household):
    """What the door may call the household's contact: a first name, nothing more."""
    return household.contact_name.split()[0] if household.contact_name.strip() else ""


def name_to_pick(household):
    """How the door tells households apart in a name search: 'Fatima E.'"""
    parts = household.contact_name.split()
    return f"{parts[0]} {parts[1][0]}." if len(parts) > 1 else first_name(household)


def grocery_of(opening):
    return GroceryPage.objects.prefetch_related("package_sizes").get(pk=opening.programme_id)


def is_paused(*, by, ip):
    """Whether `by` (or the address `ip`) tried too many unknown codes lately."""
    who = Q(user=by) if by is not None and by.is_authenticated else Q(pk__in=[])
    if ip:
        who |= Q(ip=ip)
    recent = CheckAttempt.objects.filter(
        who, verdict__in=[Verdict.UNKNOWN, Verdict.TYPO], at__gte=timezone.now() - GUESS_WINDOW
    )
    return recent.count() >= GUESSES_ALLOWED


def check_badge(code, opening, *, by, ip=None, grocery=None):
    """The verdict for `code` at `opening`. Logs the attempt."""
    grocery = grocery or grocery_of(opening)
    typed = codes.normalise(code)[: CheckAttempt._meta.get_field("code").max_length]

    def decide():
        if not codes.is_well_formed(typed):
            return Check(Verdict.TYPO)
        badge = Badge.objects.select_related("household").filter(code=typed, grocery=grocery).first()
        return Check(Verdict.UNKNOWN) if badge is None else verdict_for(badge, opening, grocery)

    return _attempt(grocery, opening, typed, decide, by=by, ip=ip)


def check_chosen_badge(badge, opening, *, by, ip=None, grocery=None):
    """The verdict for a badge picked by name (someone forgot the card). Logs the attempt."""
    grocery = grocery or grocery_of(opening)
    return _attempt(grocery, opening, "", lambda: verdict_for(badge, opening, grocery), by=by, ip=ip)


def _attempt(grocery, opening, typed, decide, *, by, ip):
    check = Check(Verdict.PAUSED) if is_paused(by=by, ip=ip) else decide()
    _log(grocery, opening, typed, check, by=by, ip=ip)
    return check


def _log(grocery, opening, typed, check, *, by, ip):
    CheckAttempt.objects.create(
        grocery=grocery,
        opening=opening,
        code=typed,
        badge=check.badge,
        verdict=check.verdict,
        user=by if by is not None and by.is_authenticated else None,
        ip=ip or None,
    )


def verdict_for(badge, opening, grocery, *, sized=True):
    """The rules, in the order the door must hear them: a dead badge first,
    then this opening, then the period's limit, then a friendly reminder.
    With `sized` the check names the household's package too."""
    day = opening.local_date
    if badge.status == Badge.Status.REPLACED:
        return Check(Verdict.REPLACED, badge)
    if badge.status == Badge.Status.SUSPENDED:
        return Check(Verdict.SUSPENDED, badge)
    if badge.valid_until < day:
        return Check(Verdict.EXPIRED, badge)
    if badge.valid_from > day:
        return Check(Verdict.NOT_YET_VALID, badge)
    first, last = grocery.limit_period(day)
    visits = Visit.objects.filter(badge=badge).aggregate(
        here=Count("pk", filter=Q(opening=opening)),
        in_period=Count("pk", filter=Q(opening__local_date__range=(first, last))),
        here_at=Max("recorded_at", filter=Q(opening=opening)),
    )
    if visits["here"]:
        return Check(Verdict.VISITED, badge, visited_at=visits["here_at"])
    package = grocery.package_for(badge.persons) if sized else None
    expires_soon = badge.valid_until <= day + EXPIRING_WITHIN
    visits_left = None
    if grocery.visit_limit:
        visits_left = max(grocery.visit_limit - visits["in_period"], 0)
        if not visits_left:
            verdict = Verdict.LIMIT_REACHED if grocery.visit_limit_enforced else Verdict.LIMIT_WARNING
            return Check(verdict, badge, visits_left=0, package=package, expires_soon=expires_soon)
    verdict = Verdict.EXPIRING if expires_soon else Verdict.VALID
    return Check(verdict, badge, visits_left=visits_left, package=package, expires_soon=expires_soon)


def record_visit(badge, opening, *, by, persons, nonce=None, grocery=None):
    """Record that `badge` (a Badge, or its pk as the door's form sends it)
    shopped at `opening`. Returns the visit, its badge and household loaded;
    a retried tap with the same nonce returns the visit it already made. A
    badge of another grocery is a Badge.DoesNotExist: no door knows it."""
    grocery = grocery or grocery_of(opening)
    if not 1 <= persons <= MAX_PERSONS:
        raise GroceryError(_("Between 1 and 30 persons."), code="persons")
    badge_id = badge.pk if isinstance(badge, Badge) else badge
    try:
        with transaction.atomic():
            # The badge's row only: the household's is read, not guarded.
            locked = Badge.objects.select_for_update(of=("self",)).select_related("household")
            badge = locked.get(pk=badge_id, grocery=grocery)
            # Recording needs the verdict, not the package: one query less.
            check = verdict_for(badge, opening, grocery, sized=False)
            if not check.admitted:
                # A retried tap is refused as "already visited": the nonce
                # says whether the visit is its own. Looked up only then, so
                # a first tap reads one row less.
                earlier = _visit_of_nonce(nonce, badge, opening)
                if earlier is not None:
                    return earlier
                raise GroceryError(str(Verdict(check.verdict).label), code=check.verdict)
            # No savepoint of its own: the error leaves this transaction at
            # once, and the block above rolls it back.
            return Visit.objects.create(
                badge=badge,
                opening=opening,
                persons=persons,
                badge_expiring=check.expires_soon,
                recorded_by=by if by is not None and by.is_authenticated else None,
                nonce=nonce,
            )
    except IntegrityError as error:
        # The nonce of a visit to another badge, or (only where row locks are
        # not taken: SQLite serialises instead) a visit made meanwhile.
        earlier = _visit_of_nonce(nonce, badge, opening)
        if earlier is not None:
            return earlier
        raise GroceryError(str(Verdict(Verdict.VISITED).label), code=Verdict.VISITED) from error


def _visit_of_nonce(nonce, badge, opening):
    """The visit this nonce made for `badge` at `opening`, or None; a nonce
    used for another visit is refused."""
    earlier = Visit.objects.filter(nonce=nonce).first() if nonce is not None else None
    if earlier is None:
        return None
    if earlier.badge_id != badge.pk or earlier.opening_id != opening.pk:
        raise GroceryError(_("This form was already used for another badge."), code="nonce")
    earlier.badge = badge
    return earlier
