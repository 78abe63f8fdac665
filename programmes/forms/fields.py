"""Fields that the family's forms and the desk's forms share."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.models.people import NAME_MAX

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"]


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


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField that refuses what cannot be an id before asking the
    database: a 40-digit number overflows SQLite's integer (a 500) where it
    should be "not one of the choices"."""

    MAX_DIGITS = 18

    def to_python(self, value):
        text = str(value)
        if value not in self.empty_values and not (text.isdigit() and len(text) <= self.MAX_DIGITS):
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)
