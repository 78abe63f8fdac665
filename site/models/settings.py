import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

phone_validator = RegexValidator(
    r"^\+?[0-9 ./()-]{6,25}$",
    _("Enter a phone number with digits, spaces, dots or slashes, e.g. 015 12 34 56."),
)


def validate_enterprise_number(value):
    """A Belgian enterprise number (KBO/BCE): ten digits written 0212.345.668,
    starting with 0 or 1, the last two a mod-97 check on the first eight,
    so that a typo does not end up on every fiscal certificate."""
    if not re.fullmatch(r"[01][0-9]{3}\.?[0-9]{3}\.?[0-9]{3}", value):
        raise ValidationError(
            _("Write the enterprise number as ten digits, e.g. 0212.345.668."), code="enterprise_number_format"
        )
    digits = value.replace(".", "")
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _("This enterprise number does not exist: check the digits."), code="enterprise_number_check"
        )


@register_setting(icon="home")
class OrganisationSettings(BaseSiteSetting):
    """Who runs the site: shown in the footer, on the privacy page and in mails."""

    name = models.CharField(_("organisation name"), max_length=120)
    street = models.CharField(_("street and number"), max_length=120, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        blank=True,
        validators=[RegexValidator(r"^[1-9][0-9]{3}$", _("A Belgian postcode has four digits."))],
    )
    city = models.CharField(_("city"), max_length=80, blank=True)
    enterprise_number = models.CharField(
        _("enterprise number"),
        max_length=12,
        blank=True,
        validators=[validate_enterprise_number],
        help_text=_("The KBO number, e.g. 0212.345.668. Printed on the fiscal certificates for childcare."),
    )
    phone = models.CharField(_("phone"), max_length=25, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    privacy_contact = models.EmailField(
        _("privacy contact"),
        blank=True,
        help_text=_("The e-mail address of the data protection officer, shown in the privacy statement."),
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city"), FieldPanel("enterprise_number")],
            heading=_("Address"),
        ),
        MultiFieldPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
        MultiFieldPanel([FieldPanel("privacy_contact"), FieldPanel("privacy_page")], heading=_("Privacy")),
    ]

    class Meta:
        verbose_name = _("organisation")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if not (self.phone or self.email):
            errors["phone"] = _("Give a phone number or an e-mail address so that families can reach you.")
        if bool(self.postcode) != bool(self.city):
            errors["city" if self.postcode else "postcode"] = _("Give both the postcode and the city.")
        if errors:
            raise ValidationError(errors)
