"""Fields that the family's forms and the desk's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models.people import NAME_MAX

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]
# Ids are 64-bit integers: 18 digits always fit.
MAX_ID_DIGITS = 18


def posted_id(text):
    """An id as a page sends it, or None when it cannot be one: ASCII digits
    that fit the database's integers. For the views that read an id
    themselves: str.isdigit alone also takes "²", and int() refuses it, a
    server error where "not found" is the answer. (Model choice fields and
    filters need nothing: their lookups match no id out of range, see
    website.lookups.)"""
    text = "" if text is None else str(text)
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS else None


def name_field(label, *, required=True):
    return forms.CharField(
        label=label,
        max_length=NAME_MAX,
        required=required,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )


class BirthDateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        kwargs.setdefault("error_messages", {"invalid": _("Enter a date, e.g. 14/05/2019.")})
        super().__init__(**kwargs)

    def validate(self, value):
        super().validate(value)
        if value and value > timezone.localdate():
            raise ValidationError(_("A birth date cannot be in the future."), code="future")
        if value and value.year < timezone.localdate().year - 120:
            raise ValidationError(_("Check the year of birth."), code="too_old")
