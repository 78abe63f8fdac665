"""The family's forms: register, join a group, ask for a new link.

Short on purpose: a parent on a phone, perhaps with little Dutch, fills it in
in under a minute. Everything is checked here first, so that a mistake is a
message next to the field; the services check the rules again when saving.
"""

import uuid

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language, get_supported_language_variant, ngettext
from django.utils.translation import gettext_lazy as _

from programmes.forms.fields import BirthDateField, name_field
from programmes.models import CONSENT_TEXTS, Consent, Person
from programmes.models.people import phone_validator, postcode_validator
from programmes.services import enrolment
from programmes.services.households import NewPerson


class SessionChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, session):
        starts, ends = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
        label = f"{date_format(starts, 'l j F')}, {starts:%H:%M}–{ends:%H:%M}"
        if session.capacity is None:
            return label
        places_left = session.capacity - session.reserved_places - session.general_taken
        if places_left <= 0:
            return _("%(session)s · full: waiting list") % {"session": label}
        return ngettext("%(session)s · %(count)s place left", "%(session)s · %(count)s places left", places_left) % {
            "session": label,
            "count": places_left,
        }


class ChildForm(forms.Form):
    first_name = name_field(_("First name of the child"), required=False)
    birth_date = BirthDateField(label=_("Birth date"), required=False)

    def clean(self):
        cleaned = super().clean()
        name, born = cleaned.get("first_name"), cleaned.get("birth_date")
        if name and not born and "birth_date" not in self.errors:
            self.add_error("birth_date", _("Give the birth date of %(name)s.") % {"name": name})
        if born and not name:
            self.add_error("first_name", _("Give the child's first name."))
        return cleaned


ChildFormSet = forms.formset_factory(ChildForm, extra=3, max_num=8, validate_max=True)


class FamilyForm(forms.Form):
    """Who registers: the contact person and how to reach them."""

    first_name = name_field(_("Your first name"))
    last_name = name_field(_("Your last name"), required=False)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=25,
        required=False,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        help_text=_("We send the confirmation and the link to cancel here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=4,
        required=False,
        validators=[postcode_validator],
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "postal-code"}),
    )
    language = forms.ChoiceField(label=_("Which language do you prefer for our messages?"), choices=settings.LANGUAGES)
    consent = forms.BooleanField(
        label=CONSENT_TEXTS[Consent.Topic.REGISTRATION][1],
        error_messages={"required": _("We can only register you when you agree to this.")},
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["language"].initial = get_supported_language_variant(get_language())[:2]
        self.fields["idempotency_key"].initial = uuid.uuid4().hex

    def clean_idempotency_key(self):
        key = self.cleaned_data["idempotency_key"]
        return key if key.isalnum() else ""

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("phone") and not cleaned.get("email") and not {"phone", "email"} & set(self.errors):
            raise ValidationError(_("Give a phone number or an e-mail address, so that we can reach you."))
        return cleaned


class RegistrationForm(FamilyForm):
    """Registering for sessions (per_session) or asking to join a group (membership)."""

    sessions = SessionChoiceField(
        label=_("Which dates?"),
        queryset=None,
        error_messages={
            "required": _("Choose at least one date."),
            "invalid_choice": _("One of the dates you chose is no longer available. Choose again."),
            "invalid_pk_value": _("One of the dates you chose is no longer available. Choose again."),
        },
    )
    contact_comes = forms.BooleanField(label=_("I come too"), required=False)
    other_adult = name_field(_("Another adult who comes (first name)"), required=False)

    def __init__(self, *args, programme, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme
        self.children = ChildFormSet(*args, prefix="child")
        if sessions is None:
            del self.fields["sessions"]
        else:
            self.fields["sessions"].queryset = sessions
        if programme.for_children:
            self.fields["contact_comes"].initial = programme.for_parents
        else:
            del self.fields["contact_comes"]

    def is_valid(self):
        # Both, always: every mistake is shown at once.
        form_valid = super().is_valid()
        children_valid = not self.programme.for_children or self.children.is_valid()
        return form_valid and children_valid

    def clean(self):
        cleaned = super().clean()
        if "first_name" not in cleaned or (self.programme.for_children and not self.children.is_valid()):
            return cleaned  # the field errors say what is wrong
        coming = [person for person in self.people() if self.comes(person)]
        if not coming:
            raise ValidationError(_("Say who comes: tick “I come too” or add a child."))
        days = [session.local_date for session in cleaned.get("sessions") or []] or [timezone.localdate()]
        children = [Person(first_name=p.first_name, role=p.role, birth_date=p.birth_date) for p in coming]
        for day in days:
            try:
                enrolment.check_ages(self.programme, children, on=day)
            except enrolment.EnrolmentError as error:
                raise ValidationError(error.message, code=error.code) from None
        return cleaned

    def people(self):
        """The new household as NewPersons: the contact person first, then who else comes."""
        cleaned = self.cleaned_data
        last_name = cleaned.get("last_name", "")
        people = [NewPerson(first_name=cleaned["first_name"], last_name=last_name, is_contact=True)]
        if cleaned.get("other_adult"):
            people.append(NewPerson(first_name=cleaned["other_adult"], last_name=last_name))
        if self.programme.for_children:
            people += [
                NewPerson(first_name=child["first_name"], last_name=last_name, birth_date=child["birth_date"])
                for child in self.children.cleaned_data
                if child.get("first_name")
            ]
        return people

    def comes(self, person):
        """Everyone on the form comes, the contact person only when ticked
        (the question is only asked for an activity for children)."""
        return not person.is_contact or self.cleaned_data.get("contact_comes", True)


class NewLinkForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
