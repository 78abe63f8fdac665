"""The family's booking form: who the children are, which days (or whole
weeks), meal and tariff, and what the animators must know.

Built on programmes' family form (contact person, consent, idempotency key):
a parent on a phone fills it in once for all children and days. The ages
are checked here against the age groups, so a mistake is a message next to
the field; the booking service checks again when saving.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from programmes.forms.fields import BirthDateField, name_field
from programmes.forms.public import FamilyForm
from programmes.models.people import CITY_MAX, STREET_MAX, phone_validator
from programmes.services.households import NewPerson

MAX_CHILDREN = 6


class ChildForm(forms.Form):
    first_name = name_field(_("First name of the child"), required=False)
    birth_date = BirthDateField(label=_("Birth date"), required=False)
    allergies = forms.CharField(
        label=_("Allergies"),
        max_length=500,
        required=False,
        help_text=_("The animators see this every day. E.g. nuts, bee stings."),
    )
    diet = forms.CharField(
        label=_("Food your child does not eat"), max_length=200, required=False, help_text=_("E.g. halal, no pork.")
    )
    medical_notes = forms.CharField(
        label=_("Health and medication"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only the playground's coordinators read this. E.g. asthma, a puffer before sports."),
    )
    photo_consent = forms.BooleanField(label=_("Photos of my child may be taken"), required=False)
    may_go_home_alone = forms.BooleanField(
        label=_("My child may go home alone"), required=False, help_text=_("Only for older children.")
    )

    def clean(self):
        cleaned = super().clean()
        name, born = cleaned.get("first_name"), cleaned.get("birth_date")
        if name and not born and "birth_date" not in self.errors:
            self.add_error("birth_date", _("Give the birth date of %(name)s.") % {"name": name})
        if born and not name:
            self.add_error("first_name", _("Give the child's first name."))
        return cleaned


ChildFormSet = forms.formset_factory(ChildForm, extra=2, max_num=MAX_CHILDREN, validate_max=True)


class PlayDayField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, day):
        return date_format(day.local_date, "l j F")


class BookingForm(FamilyForm):
    days = PlayDayField(
        label=_("Which days?"),
        queryset=None,
        required=False,
        error_messages={
            "invalid_choice": _("One of the days you chose can no longer be booked. Choose again."),
            "invalid_pk_value": _("One of the days you chose can no longer be booked. Choose again."),
        },
    )
    weeks = forms.MultipleChoiceField(label=_("Whole weeks"), required=False, widget=forms.CheckboxSelectMultiple)
    meal = forms.BooleanField(label=_("With a warm lunch"), required=False, initial=True)
    social_tariff = forms.BooleanField(
        label=_("We have the social tariff (kansentarief)"),
        required=False,
        help_text=_("For example with an UiTPAS with the social tariff. You pay the lower price."),
    )
    # Optional, and asked here only: the playground's tax certificate names the debtor with the address.
    street = forms.CharField(
        label=_("Street and number"),
        max_length=STREET_MAX,
        required=False,
        help_text=_("Optional: only for the tax certificate for childcare."),
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    city = forms.CharField(
        label=_("City"),
        max_length=CITY_MAX,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    uitpas_number = forms.CharField(
        label=_("UiTPAS number (optional)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    pickup_name = name_field(_("Someone else who may pick up the children (name)"), required=False)
    pickup_relationship = forms.CharField(
        label=_("Who is this for the children?"),
        max_length=60,
        required=False,
        help_text=_("E.g. grandmother, neighbour."),
    )
    pickup_phone = forms.CharField(
        label=_("Their phone"),
        max_length=25,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args, playground, play_days, **kwargs):
        super().__init__(*args, **kwargs)
        self.playground = playground
        self.children = ChildFormSet(*args, prefix="child")
        self.fields["days"].queryset = play_days
        self.week_days = {}
        for day in play_days:
            monday = day.local_date - datetime.timedelta(days=day.local_date.weekday())
            self.week_days.setdefault(monday.isoformat(), []).append(day)
        self.fields["weeks"].choices = [
            (monday, _("The whole week of %(day)s") % {"day": date_format(days[0].local_date, "j F")})
            for monday, days in self.week_days.items()
        ]

    def is_valid(self):
        # Both, always: every mistake is shown at once.
        form_valid = super().is_valid()
        return self.children.is_valid() and form_valid

    def clean_uitpas_number(self):
        number = self.cleaned_data["uitpas_number"].replace(" ", "")
        if number and not (number.isdigit() and len(number) == 13):
            raise ValidationError(_("An UiTPAS number has 13 digits."))
        return number

    def clean(self):
        cleaned = super().clean()
        chosen = {day.pk: day for day in cleaned.get("days") or []}
        for monday in cleaned.get("weeks") or []:
            chosen.update((day.pk, day) for day in self.week_days.get(monday, []))
        cleaned["play_days"] = sorted(chosen.values(), key=lambda day: day.starts_at)
        if not cleaned["play_days"] and "days" not in self.errors:
            self.add_error("days", _("Choose at least one day or a whole week."))
        if cleaned.get("pickup_name") and not cleaned.get("pickup_phone"):
            self.add_error("pickup_phone", _("Give the phone number of the person who picks up."))
        if not self.children.is_valid():
            return cleaned
        children = self.child_rows()
        if not children:
            raise ValidationError(_("Add at least one child."))
        for child in children:
            for day in cleaned["play_days"]:
                if self.playground.age_group_for(child["birth_date"], day.local_date) is None:
                    raise ValidationError(
                        _(
                            "%(name)s is too young or too old for this playground on %(day)s. "
                            "Check the age groups on the playground's page."
                        )
                        % {"name": child["first_name"], "day": date_format(day.local_date, "l j F")}
                    )
        return cleaned

    def child_rows(self):
        return [row for row in self.children.cleaned_data if row.get("first_name")]

    def people(self):
        """The new household: the contact person, then the children."""
        cleaned = self.cleaned_data
        last_name = cleaned.get("last_name", "")
        return [NewPerson(first_name=cleaned["first_name"], last_name=last_name, is_contact=True)] + [
            NewPerson(first_name=row["first_name"], last_name=last_name, birth_date=row["birth_date"])
            for row in self.child_rows()
        ]
