"""The list of households erased on request, kept so that an erasure can be
done again after a backup from before it is restored (`manage.py
replay_erasures`). It holds no personal data: the household's id (not a
foreign key, so the record outlives the household and survives being
exported on its own), when, who and a reason code."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasureRecord(models.Model):
    class Reason(models.TextChoices):
        REQUESTED = "requested", _("The household asked for it")
        CONSENT_WITHDRAWN = "consent_withdrawn", _("The household withdrew its consent")
        NO_LONGER_NEEDED = "no_longer_needed", _("No longer needed")
        OTHER = "other", _("Other")

    household_id = models.PositiveBigIntegerField(_("household id"), unique=True)
    erased_at = models.DateTimeField(_("erased"))
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("erased by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices, default=Reason.REQUESTED)
    # The last time `replay_erasures` found personal data again (after a restore) and erased it.
    replayed_at = models.DateTimeField(_("erased again"), null=True, blank=True)

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering = ["erased_at", "pk"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.household_id}"
