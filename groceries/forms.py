"""The door's forms: a code to check, a visit to record, a name to look up."""

from django import forms
from django.utils.translation import gettext_lazy as _

from groceries.services.door import MAX_PERSONS

CODE_MAX = 40
NAME_MIN, NAME_MAX = 2, 60


class CheckForm(forms.Form):
    # Any case, spaces and dashes are fine: the service normalises. A
    # keyboard-wedge scanner types the code and presses Enter.
    code = forms.CharField(
        label=_("Badge number"),
        max_length=CODE_MAX,
        error_messages={
            "required": _("Type or scan a badge number."),
            "max_length": _("A badge number has 10 characters: check what you typed."),
        },
        widget=forms.TextInput(
            attrs={
                "autofocus": True,
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "enterkeyhint": "go",
                "class": "door__code",
            }
        ),
    )


class VisitForm(forms.Form):
    badge = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    nonce = forms.UUIDField(widget=forms.HiddenInput)
    persons = forms.IntegerField(
        label=_("Persons served"),
        min_value=1,
        max_value=MAX_PERSONS,
        error_messages={
            "required": _("How many persons does this household shop for?"),
            "invalid": _("Type a number."),
            "min_value": _("At least 1 person."),
            "max_value": _("At most %(limit_value)s persons."),
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class NameSearchForm(forms.Form):
    name = forms.CharField(
        label=_("First name or last name"),
        min_length=NAME_MIN,
        max_length=NAME_MAX,
        error_messages={
            "required": _("Type a name."),
            "min_length": _("Type at least %(limit_value)d characters."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
