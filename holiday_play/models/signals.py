"""A confidential concern about a child ("vroegdetectie"): any staff
member may record one; only social workers (the built-in `view_signal` permission, given to their group)
read them, the author sees their own, and every read is audit-logged
(holiday_play/permissions.py). The text is erased with the child's other
sensitive data (services/retention.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

MAX_CONCERN_LENGTH = 4000


class SignalQuerySet(models.QuerySet):
    def open(self):
        return self.filter(followed_up_at__isnull=True)


class Signal(models.Model):
    child = models.ForeignKey(
        "programmes.Person", verbose_name=_("child"), on_delete=models.CASCADE, related_name="signals"
    )
    playground = models.ForeignKey(
        "holiday_play.PlaygroundPage",
        verbose_name=_("playground"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="signals",
    )
    concern = models.TextField(_("what worries you"), max_length=MAX_CONCERN_LENGTH)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    followed_up_at = models.DateTimeField(_("followed up"), null=True, blank=True)
    followed_up_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("followed up by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    follow_up_note = models.TextField(_("what was done"), max_length=MAX_CONCERN_LENGTH, blank=True)
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = SignalQuerySet.as_manager()

    class Meta:
        verbose_name = _("signal")
        verbose_name_plural = _("signals")
        ordering = ["-created_at"]

    def __str__(self):
        return _("Signal about %(child)s") % {"child": self.child.first_name}

    @property
    def followed_up(self):
        return self.followed_up_at is not None
