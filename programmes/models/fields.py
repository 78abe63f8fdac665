from django import forms
from django.db import models


class MultipleChoiceCharField(models.CharField):
    """Several choices stored as text, e.g. "MO,WE": readable in the database
    and close to the RRULE it feeds. In Python the value is a list of codes;
    in forms it is a set of checkboxes."""

    def __init__(self, *args, options=(), **kwargs):
        self.options = list(options)
        super().__init__(*args, **kwargs)

    @staticmethod
    def split(value):
        if value is None:
            return []
        if isinstance(value, list | tuple | set):
            return [str(item) for item in value if str(item)]
        return [part.strip() for part in str(value).split(",") if part.strip()]

    def from_db_value(self, value, expression, connection):
        return self.split(value)

    def to_python(self, value):
        return self.split(value)

    def get_prep_value(self, value):
        return ",".join(self.split(value))

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def formfield(self, **kwargs):
        return forms.MultipleChoiceField(
            choices=self.options,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )
