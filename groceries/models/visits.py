"""What happens at the door: every check attempt, and the visits recorded."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Verdict(models.TextChoices):
    VALID = "valid", _("Valid")
    EXPIRING = "expiring", _("Valid, expires soon")
    LIMIT_WARNING = "limit_warning", _("Limit reached (warning only)")
    VISITED = "visited", _("Already visited this opening")
    LIMIT_REACHED = "limit_reached", _("Limit for this period reached")
    EXPIRED = "expired", _("Expired")
    NOT_YET_VALID = "not_yet_valid", _("Not valid yet")
    SUSPENDED = "suspended", _("Suspended")
    REPLACED = "replaced", _("Replaced")
    UNKNOWN = "unknown", _("Unknown code")
    TYPO = "typo", _("Typing error")
    PAUSED = "paused", _("Refused: too many unknown codes")


class Visit(models.Model):
    badge = models.ForeignKey(
        "groceries.Badge", verbose_name=_("badge"), on_delete=models.CASCADE, related_name="visits"
    )
    opening = models.ForeignKey(
        "programmes.Session", verbose_name=_("opening"), on_delete=models.PROTECT, related_name="grocery_visits"
    )
    persons = models.PositiveSmallIntegerField(_("persons served"))
    # For the annual report: how many households came on a badge about to expire.
    badge_expiring = models.BooleanField(_("badge expiring"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    # The door sends one per tap: a retried tap finds its visit instead of failing.
    nonce = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        constraints = [models.UniqueConstraint(fields=["badge", "opening"], name="one_visit_per_badge_per_opening")]

    def __str__(self):
        return f"{self.badge} · {self.opening}"


class CheckAttempt(models.Model):
    """One check at the door, kept to see what happened and to pause guessing."""

    # A log, written at every check: Wagtail's reference index would add queries to each.
    wagtail_reference_index_ignore = True

    grocery = models.ForeignKey(
        "groceries.GroceryPage", verbose_name=_("grocery"), on_delete=models.CASCADE, related_name="+"
    )
    opening = models.ForeignKey(
        "programmes.Session", verbose_name=_("opening"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    code = models.CharField(_("code tried"), max_length=40, blank=True)
    badge = models.ForeignKey(
        "groceries.Badge", verbose_name=_("badge"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verdict = models.CharField(_("verdict"), max_length=20, choices=Verdict.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("checked by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    ip = models.GenericIPAddressField(_("IP address"), null=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("check at the door")
        verbose_name_plural = _("checks at the door")
        ordering = ["-at"]

    def __str__(self):
        return f"{self.code} · {self.get_verdict_display()}"


class VisitYearCount(models.Model):
    """What a grocery's figures need of one calendar year once its visits (and
    old badges) are gone (groceries/retention.py): counts only, no household.

    Counts that add up are kept per opening or per day, so any period gives
    the numbers it gave before; households reached cannot be added up, so
    they are kept per year and per month, as they were at roll-up."""

    grocery = models.ForeignKey(
        "groceries.GroceryPage", verbose_name=_("grocery"), on_delete=models.CASCADE, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    visits = models.PositiveIntegerField(_("visits"), default=0)
    households = models.PositiveIntegerField(_("households reached"), default=0)
    persons = models.PositiveIntegerField(_("persons in those households"), default=0)
    # {opening (session) id: [visits, persons served, visits with a badge about to expire]}
    openings = models.JSONField(default=dict)
    # {month number: [households reached, persons in them]}
    months = models.JSONField(default=dict)
    # {referrer: [households reached, visits]}
    referrers = models.JSONField(default=dict)
    # {"issued" / "replaced" / "expired" / "renewed": {ISO date: number of badges}}
    badges = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("yearly visit counts")
        verbose_name_plural = _("yearly visit counts")
        constraints = [models.UniqueConstraint(fields=["grocery", "year"], name="one_visit_count_per_grocery_year")]

    def __str__(self):
        return f"{self.grocery_id} · {self.year}"
