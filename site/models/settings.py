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
            [FieldPanel("street"), FieldPanel("postcode"), FieldPanel("city")],
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
