"""The people we serve, without accounts (DESIGN.md, "Household and Person").

A household is reached through its contact person's phone or e-mail and
manages its registrations through a signed link; there is no password.
"""

import datetime

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

NAME_MAX = 80
STREET_MAX = 120
CITY_MAX = 80
postcode_validator = RegexValidator(r"^\d{4}$", _("A Belgian postcode has four digits, e.g. 2800."))
phone_validator = RegexValidator(r"^\+?[0-9 ./()-]{8,20}$", _("Enter a phone number, e.g. 0470 12 34 56."))


class HouseholdQuerySet(models.QuerySet):
    def matching(self, *, phone="", email=""):
        """Households that share this phone or e-mail: candidates for a merge."""
        condition = Q(pk__in=[])
        if phone:
            condition |= Q(phone_digits=digits(phone))
        if email:
            condition |= Q(email__iexact=email)
        return self.filter(condition)

    def search(self, text):
        """The desk's search: by name, phone or postcode."""
        text = text.strip()
        condition = Q(contact_name__icontains=text) | Q(members__first_name__icontains=text)
        if digits(text) and len(digits(text)) >= 4:
            condition |= Q(phone_digits__contains=digits(text)) | Q(postcode=text)
        return self.filter(condition).distinct()


def digits(phone):
    """The number as dialled in Belgium: +32 470 12 34 56 and 0470 12 34 56 are one number."""
    number = "".join(c for c in phone if c.isdigit())
    if number.startswith("0032"):
        return "0" + number[4:]
    if number.startswith("32") and len(number) in (10, 11) and phone.lstrip().startswith("+"):
        return "0" + number[2:]
    return number


class Household(models.Model):
    class Source(models.TextChoices):
        ONLINE = "online", _("Online")
        DESK = "desk", _("At the desk")

    contact_name = models.CharField(_("contact person"), max_length=NAME_MAX)
    phone = models.CharField(_("phone"), max_length=25, blank=True, validators=[phone_validator])
    # Digits only, for finding a household whatever the spacing was.
    phone_digits = models.CharField(max_length=25, blank=True, editable=False, db_index=True)
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGES[0][0]
    )
    # The address only for the playground's tax certificate (its debtor): optional everywhere.
    street = models.CharField(_("street and number"), max_length=STREET_MAX, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True, validators=[postcode_validator])
    city = models.CharField(_("city"), max_length=CITY_MAX, blank=True)
    referred = models.BooleanField(
        _("referred by the social service"),
        default=False,
        help_text=_("May use the places kept for referred families."),
    )
    possible_duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("possibly the same household as"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="possible_duplicates",
        help_text=_("Same phone or e-mail as another household: check and merge."),
    )
    source = models.CharField(_("added via"), max_length=10, choices=Source.choices, default=Source.ONLINE)
    # A double-submitted public form finds the household the first submit made.
    idempotency_key = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by programmes.erasure: names and contact details are gone, the counts stay.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        ordering = ["contact_name"]
        constraints = [
            # An erased household has neither: nobody can be reached any more.
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email="") | Q(erased_at__isnull=False), name="household_phone_or_email"
            ),
        ]

    def __str__(self):
        if self.erased_at is not None and not self.contact_name:
            return _("Erased household %(id)s") % {"id": self.pk}
        return self.contact_name

    def save(self, *args, **kwargs):
        self.phone_digits = digits(self.phone)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "phone_digits"}
        super().save(*args, **kwargs)

    @property
    def is_erased(self):
        return self.erased_at is not None


class Person(models.Model):
    class Role(models.TextChoices):
        ADULT = "adult", _("Adult")
        CHILD = "child", _("Child")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="members"
    )
    first_name = models.CharField(_("first name"), max_length=NAME_MAX)
    last_name = models.CharField(_("last name"), max_length=NAME_MAX, blank=True)
    role = models.CharField(_("adult or child"), max_length=10, choices=Role.choices, default=Role.ADULT)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    is_contact = models.BooleanField(_("contact person"), default=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["-is_contact", "role", "birth_date", "first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(role="adult") | Q(birth_date__isnull=False), name="person_child_has_birth_date"
            ),
        ]

    def __str__(self):
        # Erasure blanks the names: show which person it was, not an empty cell.
        return f"{self.first_name} {self.last_name}".strip() or _("Person %(id)s") % {"id": self.pk}

    @property
    def is_child(self):
        return self.role == self.Role.CHILD

    def age_in_months(self, on):
        return None if self.birth_date is None else age_in_months(self.birth_date, on)


def age_in_months(birth_date, on):
    """Completed months on day `on` (a child born on 31 January is one month old on 28 February)."""
    months = (on.year - birth_date.year) * 12 + on.month - birth_date.month
    if on.day < birth_date.day and not _last_day_of_month(on):
        months -= 1
    return months


def _last_day_of_month(day):
    return (day + datetime.timedelta(days=1)).month != day.month


class Consent(models.Model):
    """What a household agreed to, when, and which wording it saw: when the text
    changes, the version says who agreed to which."""

    class Topic(models.TextChoices):
        REGISTRATION = "registration", _("Keeping our details for registrations")

    household = models.ForeignKey(
        Household, verbose_name=_("household"), on_delete=models.CASCADE, related_name="consents"
    )
    topic = models.CharField(_("about"), max_length=30, choices=Topic.choices)
    version = models.CharField(_("text version"), max_length=20)
    given_at = models.DateTimeField(_("given"), auto_now_add=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.get_topic_display()} ({self.version})"


# The wording a family agrees to, with its version. A new wording gets a new
# version; consents already given keep the version they were given for.
CONSENT_TEXTS = {
    Consent.Topic.REGISTRATION: (
        "2026-11",
        _(
            "The social service keeps these details to handle your registrations and to contact you about them. "
            "We delete them two years after your last activity. You can ask to see or delete them at any time."
        ),
    ),
}
