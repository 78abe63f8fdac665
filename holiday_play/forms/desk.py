from django import forms
from django.utils.translation import gettext_lazy as _

from holiday_play.models import Booking
from holiday_play.services.day_list import ALONE, MAX_ANIMATORS


class ChildSearchForm(forms.Form):
    """A walk-in's name, to find the child among those booked here before.
    Empty is no search (the page shows the field only)."""

    q = forms.CharField(
        label=_("Has this child been here before? First or last name"),
        max_length=60,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )


class CheckOutForm(forms.Form):
    """Who takes the child home: a contact id from the family's list, `alone`,
    or empty with another name and a coordinator's note."""

    pickup = forms.RegexField(
        regex=rf"^(\d{{1,18}}|{ALONE})$",
        required=False,
        error_messages={"invalid": _("Choose who picks the child up.")},
    )
    other_name = forms.CharField(label=_("Someone else: name"), max_length=200, required=False)
    override = forms.CharField(
        label=_("Why may this person take the child?"),
        max_length=300,
        required=False,
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def clean_pickup(self):
        pickup = self.cleaned_data["pickup"]
        return pickup if pickup == ALONE else int(pickup) if pickup else None


class AnimatorsForm(forms.Form):
    animators = forms.IntegerField(
        label=_("Animators present"),
        min_value=0,
        max_value=MAX_ANIMATORS,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


class DeskBookingForm(forms.Form):
    """A coordinator books a household's children on a play day (a phone call,
    a visit to the office), or on every play day of that week from then on."""

    children = forms.ModelMultipleChoiceField(
        label=_("Which children?"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one child."),
            "invalid_choice": _("Choose children of this household."),
            "invalid_pk_value": _("Choose children of this household."),
        },
    )
    whole_week = forms.BooleanField(label=_("Also the next play days of this week"), required=False)
    tariff = forms.ChoiceField(label=_("Tariff"), choices=Booking.Tariff.choices, initial=Booking.Tariff.NORMAL)
    meal = forms.BooleanField(label=_("With a warm lunch"), required=False, initial=True)
    age_group = forms.ModelChoiceField(
        label=_("Another age group (optional)"),
        queryset=None,
        required=False,
        empty_label=_("The group of their age"),
        error_messages={"invalid_choice": _("Choose an age group of this playground.")},
    )
    reason = forms.CharField(
        label=_("Why another age group?"),
        max_length=200,
        required=False,
        help_text=_("E.g. stays with a brother or sister, needs extra care."),
    )

    def __init__(self, *args, household, playground, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = household.members.filter(birth_date__isnull=False)
        self.fields["children"].label_from_instance = lambda person: (
            f"{person.first_name} ({person.birth_date:%d/%m/%Y})"
        )
        self.fields["age_group"].queryset = playground.age_groups.all()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("age_group") and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why this child goes to another age group."))
        return cleaned
