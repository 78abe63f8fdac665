import hashlib

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def token_hash(raw):
    return hashlib.sha256(raw.encode()).hexdigest()


class FeedToken(models.Model):
    """The secret in a personal calendar feed's address (calendar apps cannot
    log in). Only its hash is stored; the owner is a household or a volunteer.
    One active token per owner: issuing a new one revokes the old."""

    owner_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, verbose_name=_("owner type"))
    owner_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("owner_type", "owner_id")
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            models.UniqueConstraint(
                fields=["owner_type", "owner_id"], condition=Q(revoked_at__isnull=True), name="one_active_feed_token"
            )
        ]

    def __str__(self):
        return f"{self.owner_type.model} {self.owner_id}"
