"""A grocery badge: the household's right to shop at the social grocery.

The code is printed on a card with a QR code and nothing else about the
household. Expiry follows from `valid_until`, so a badge expires without a
nightly job; suspended and replaced are decisions of a social worker."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groceries import codes


class Referrer(models.TextChoices):
    SOCIAL_SERVICE = "social_service", _("Social House (OCMW)")
    CAW = "caw", _("CAW")
    CLB = "clb", _("CLB")
    KIND_EN_GEZIN = "kind_en_gezin", _("Kind en Gezin")
    OTHER = "other", _("Other partner")


class BadgeQuerySet(models.QuerySet):
    def current(self, today=None):
        """Active badges that are valid today."""
        today = today or timezone.localdate()
        return self.filter(status=Badge.Status.ACTIVE, valid_from__lte=today, valid_until__gte=today)

    def expiring(self, within, today=None):
        """Current badges whose last valid day is within `within` (a timedelta)."""
        today = today or timezone.localdate()
        return self.current(today).filter(valid_until__lte=today + within)


class Badge(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        REPLACED = "replaced", _("Replaced")

    grocery = models.ForeignKey(
        "groceries.GroceryPage", verbose_name=_("grocery"), on_delete=models.PROTECT, related_name="badges"
    )
    household = models.ForeignKey(
        "programmes.Household", verbose_name=_("household"), on_delete=models.CASCADE, related_name="grocery_badges"
    )
    code = models.CharField(_("badge number"), max_length=codes.LENGTH, unique=True, editable=False)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    status_reason = models.CharField(_("reason"), max_length=200, blank=True)
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
    )
    referrer = models.CharField(_("referred by"), max_length=20, choices=Referrer.choices)
    adults = models.PositiveSmallIntegerField(_("adults"), default=1)
    children = models.PositiveSmallIntegerField(_("children"), default=0)
    notes = models.TextField(_("notes"), blank=True, help_text=_("Only social workers see these notes."))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)

    objects = BadgeQuerySet.as_manager()

    class Meta:
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        ordering = ["valid_until"]
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gte=models.F("valid_from")), name="badge_dates_in_order"),
            models.CheckConstraint(condition=Q(adults__gte=1), name="badge_at_least_one_adult"),
            # One badge in use per household and grocery: a lost card is replaced.
            models.UniqueConstraint(
                fields=["grocery", "household"], condition=Q(status="active"), name="one_active_badge_per_household"
            ),
        ]

    def __str__(self):
        return self.printed_code

    @property
    def printed_code(self):
        return codes.printed(self.code)

    @property
    def persons(self):
        return self.adults + self.children

    def is_expired(self, today=None):
        return self.valid_until < (today or timezone.localdate())

    def state(self, today=None):
        """The status as the door and the lists show it: expired is a date, not a decision."""
        if self.status == self.Status.ACTIVE and self.is_expired(today):
            return "expired"
        return self.status

    def get_state_display(self):
        return _("Expired") if self.state() == "expired" else self.get_status_display()


class Renewal(models.Model):
    """Each renewal, for the badge's history and the yearly figures."""

    badge = models.ForeignKey(Badge, verbose_name=_("badge"), on_delete=models.CASCADE, related_name="renewals")
    renewed_at = models.DateTimeField(_("renewed"), default=timezone.now)
    valid_until = models.DateField(_("now valid until"))
    renewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("renewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("renewal")
        ordering = ["-renewed_at"]

    def __str__(self):
        return f"{self.badge} → {self.valid_until}"
