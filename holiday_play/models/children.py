"""What the playground knows about a child: for the animators (diet and
allergies, who may pick the child up) and for the coordinators only
(medical notes and medication). Erased automatically some time after the
child's last holiday at the playground (services/retention.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ChildProfile(models.Model):
    child = models.OneToOneField(
        "programmes.Person", verbose_name=_("child"), on_delete=models.CASCADE, related_name="child_profile"
    )
    diet = models.CharField(_("diet"), max_length=200, blank=True, help_text=_("E.g. vegetarian, halal, no pork."))
    allergies = models.TextField(_("allergies"), blank=True, help_text=_("Animators see this on the day lists."))
    medical_notes = models.TextField(
        _("medical notes"),
        blank=True,
        help_text=_("Only the playground's coordinators and the medical staff see this."),
    )
    medication = models.TextField(_("medication"), blank=True)
    gp_name = models.CharField(_("GP"), max_length=120, blank=True)
    gp_phone = models.CharField(_("GP's phone"), max_length=25, blank=True)
    photo_consent = models.BooleanField(_("photos allowed"), default=False)
    may_go_home_alone = models.BooleanField(_("may go home alone"), default=False)
    uitpas_number = models.CharField(_("UiTPAS number"), max_length=20, blank=True)
    # Only shown and stored when the organisation chooses to
    # (PlaygroundSettings.store_national_numbers); certificates leave a line to fill in by hand.
    national_number = models.CharField(_("national register number"), max_length=15, blank=True)
    social_tariff = models.BooleanField(
        _("social tariff (kansentarief)"), default=False, help_text=_("As the family says; no UiTPAS check.")
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField(_("sensitive data erased"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("child profile")
        permissions = [("view_medical", _("Can see children's medical notes"))]

    def __str__(self):
        return str(self.child)


class ChildContact(models.Model):
    """Someone to call in an emergency, or who may pick the child up (not
    necessarily a legal guardian)."""

    profile = models.ForeignKey(
        ChildProfile, verbose_name=_("child"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = models.CharField(_("name"), max_length=120)
    relationship = models.CharField(_("relationship"), max_length=60, help_text=_("E.g. grandmother, neighbour."))
    phone = models.CharField(_("phone"), max_length=25)
    may_pick_up = models.BooleanField(_("may pick the child up"), default=True)
    emergency = models.BooleanField(_("call in an emergency"), default=False)

    class Meta:
        verbose_name = _("contact of a child")

    def __str__(self):
        return f"{self.name} ({self.relationship})"
