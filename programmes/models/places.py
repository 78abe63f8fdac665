from urllib.parse import urlencode

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.search import index


class Venue(index.Indexed, models.Model):
    """Where sessions take place. Editorial and reused across programmes, so a snippet."""

    name = models.CharField(_("name"), max_length=120)
    street = models.CharField(_("street"), max_length=120)
    number = models.CharField(_("number"), max_length=12, blank=True)
    postcode = models.CharField(
        _("postcode"),
        max_length=4,
        validators=[RegexValidator(r"^[1-9][0-9]{3}$", _("A Belgian postcode has four digits."))],
    )
    city = models.CharField(_("city"), max_length=80)
    neighbourhood = models.CharField(
        _("neighbourhood"), max_length=80, blank=True, help_text=_("How families name the area, e.g. 'Nekkerspoel'.")
    )
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility_notes = models.TextField(
        _("accessibility"), blank=True, help_text=_("Steps, lift, accessible toilet, parking for a pram…")
    )

    panels = [
        FieldPanel("name"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("street"), FieldPanel("number")]),
                FieldRowPanel([FieldPanel("postcode"), FieldPanel("city")]),
                FieldPanel("neighbourhood"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Address"),
        ),
        FieldPanel("accessibility_notes"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("street"),
        index.AutocompleteField("name"),
        index.FilterField("neighbourhood"),
    ]

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def address(self):
        street = f"{self.street} {self.number}".strip()
        return f"{street}, {self.postcode} {self.city}"

    @property
    def map_url(self):
        """A link to OpenStreetMap: no tiles or scripts on our pages."""
        if self.latitude is not None and self.longitude is not None:
            return (
                f"https://www.openstreetmap.org/?mlat={self.latitude}&mlon={self.longitude}"
                f"#map=18/{self.latitude}/{self.longitude}"
            )
        return "https://www.openstreetmap.org/search?" + urlencode({"query": self.address})


class Language(models.Model):
    """A language spoken at activities: far more than the site's three."""

    code = models.CharField(_("code"), max_length=8, unique=True, help_text=_("ISO 639 code, e.g. 'bg'."))
    name = models.CharField(_("name"), max_length=60, help_text=_("In the language itself, e.g. 'български'."))

    class Meta:
        verbose_name = _("language")
        verbose_name_plural = _("languages")
        ordering = ["name"]

    def __str__(self):
        return self.name
