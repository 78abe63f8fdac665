"""The coordinator's forms at the desk: find a household, choose who comes,
add a new household in a few fields, give a reason.

A coordinator fills these in on a phone with the family next to them, so each
form asks only what the step needs. Everything is checked here first (a
mistake is a message next to the field); the services check the rules again
when saving.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.forms.fields import BirthDateField, name_field
from programmes.models import CONSENT_TEXTS, Consent, Household
from programmes.models.people import NAME_MAX, phone_validator, postcode_validator
from programmes.services import enrolment
from programmes.services.households import NewPerson, create_household

CHILD_ROWS = 3
SEARCH_MIN, SEARCH_MAX = 2, 100
REASON_MAX = 200


class IdempotencyKeyField(forms.CharField):
    """A hidden random key, made when the form is shown: the same tap sent
    twice carries the same key, and the service returns what the first made."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        super().__init__(max_length=64, required=False, **kwargs)

    def clean(self, value):
        value = super().clean(value)
        return value if value.isalnum() else ""


def new_key():
    return uuid.uuid4().hex


class HouseholdSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Name, phone number or postcode"),
        min_length=SEARCH_MIN,
        max_length=SEARCH_MAX,
        error_messages={
            "required": _("Type a name, a phone number or a postcode."),
            "min_length": _("Type at least %(limit_value)d characters."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )


def describe_person(person, day):
    """Who is who at a glance: "Mila (child, 7 years)", "Ayşe (contact person)"."""
    if person.is_child and person.birth_date and person.birth_date <= day:
        return _("%(name)s (child, %(age)s)") % {"name": person, "age": enrolment.age_text(person.age_in_months(day))}
    if person.is_child:
        return _("%(name)s (child)") % {"name": person}
    if person.is_contact:
        return _("%(name)s (contact person)") % {"name": person}
    return str(person)


class MemberChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple
    day = None

    def label_from_instance(self, person):
        return describe_person(person, self.day or timezone.localdate())


class MembersForm(forms.Form):
    """Who of this household comes to this session."""

    members = MemberChoiceField(
        label=_("Who comes?"),
        queryset=None,
        error_messages={
            "required": _("Choose who comes."),
            "invalid_choice": _("Choose only members of this household."),
            "invalid_pk_value": _("Choose only members of this household."),
        },
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, household, programme, day, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme, self.day = programme, day
        people = list(household.members.all())
        field = self.fields["members"]
        field.queryset, field.day = household.members.all(), day
        field.initial = [person.pk for person in people if self.suggested(person)]
        self.fields["idempotency_key"].initial = new_key()

    def suggested(self, person):
        """Ticked at first: who the activity is for (the coordinator unticks the rest)."""
        if person.is_child:
            try:
                enrolment.check_ages(self.programme, [person], on=self.day)
            except enrolment.EnrolmentError:
                return False
            return self.programme.for_children or not self.programme.for_parents
        return self.programme.for_parents or not self.programme.for_children

    def clean_members(self):
        members = list(self.cleaned_data["members"])
        try:
            enrolment.check_ages(self.programme, members, on=self.day)
        except enrolment.EnrolmentError as error:
            raise ValidationError(error.message, code=error.code) from None
        return members


class NewHouseholdForm(forms.Form):
    """A household the desk does not know yet: the contact person, how to reach
    them, and up to three children. More members can be added later."""

    first_name = name_field(_("First name of the contact person"))
    last_name = name_field(_("Last name of the contact person"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=25,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        required=False,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    language = forms.ChoiceField(label=_("Language for our messages"), choices=settings.LANGUAGES)
    referred = forms.BooleanField(
        label=_("Referred by the social service"),
        required=False,
        help_text=_("May use the places kept for referred families."),
    )
    consent = forms.BooleanField(
        label=_("The family agrees"),
        error_messages={"required": _("We can only keep the family's details when they agree.")},
    )
    idempotency_key = IdempotencyKeyField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, CHILD_ROWS + 1):
            self.fields[f"child_{number}_first_name"] = name_field(_("First name"), required=False)
            self.fields[f"child_{number}_birth_date"] = BirthDateField(label=_("Birth date"), required=False)
        self.fields["consent"].help_text = CONSENT_TEXTS[Consent.Topic.REGISTRATION][1]
        self.fields["language"].initial = settings.LANGUAGES[0][0]
        self.fields["idempotency_key"].initial = new_key()

    def child_rows(self):
        """(number, first name field, birth date field) per child row, for the template."""
        return [
            (number, self[f"child_{number}_first_name"], self[f"child_{number}_birth_date"])
            for number in range(1, CHILD_ROWS + 1)
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("first_name") and len(self.contact_name()) > NAME_MAX and "last_name" not in self.errors:
            # Household.contact_name holds both.
            self.add_error(
                "last_name",
                _("First and last name together: use at most %(limit)d characters.") % {"limit": NAME_MAX},
            )
        if not cleaned.get("phone") and not cleaned.get("email") and not {"phone", "email"} & set(self.errors):
            self.add_error(None, _("Give a phone number or an e-mail address, so that we can reach the family."))
        for number in range(1, CHILD_ROWS + 1):
            name_key, born_key = f"child_{number}_first_name", f"child_{number}_birth_date"
            name, born = cleaned.get(name_key), cleaned.get(born_key)
            if name and not born and born_key not in self.errors:
                self.add_error(born_key, _("Give the birth date of %(name)s.") % {"name": name})
            if born and not name and name_key not in self.errors:
                self.add_error(name_key, _("Give the child's first name."))
        return cleaned

    def contact_name(self):
        cleaned = self.cleaned_data
        return f"{cleaned.get('first_name', '')} {cleaned.get('last_name', '')}".strip()

    def people(self):
        """The contact person first, then the children (`NewPerson`s)."""
        cleaned = self.cleaned_data
        people = [NewPerson(first_name=cleaned["first_name"], last_name=cleaned["last_name"], is_contact=True)]
        for number in range(1, CHILD_ROWS + 1):
            name, born = cleaned.get(f"child_{number}_first_name"), cleaned.get(f"child_{number}_birth_date")
            if name and born:
                people.append(NewPerson(first_name=name, last_name=cleaned["last_name"], birth_date=born))
        return people

    def save(self, *, by):
        """The household as the desk registers it: the roll call, the register
        screen and the playground's walk-ins all make it this way."""
        data = self.cleaned_data
        return create_household(
            contact_name=self.contact_name(),
            phone=data["phone"],
            email=data["email"],
            language=data["language"],
            postcode=data["postcode"],
            members=self.people(),
            referred=data["referred"],
            by=by,
            source=Household.Source.DESK,
            idempotency_key=data["idempotency_key"] or None,
        )


class ReasonForm(forms.Form):
    """Why an application is declined (the family reads it in the e-mail) or a
    membership ends (for the file)."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        error_messages={
            "required": _("Give a short reason."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": REASON_MAX}),
    )

    def __init__(self, *args, for_family, **kwargs):
        super().__init__(*args, **kwargs)
        if for_family:
            self.fields["reason"].help_text = _("The family reads this in the e-mail: keep it short and kind.")
        else:
            self.fields["reason"].help_text = _("For the file, e.g. “moved away”. The family does not get it.")
