"""The social workers' forms in the admin: issue a badge (to a known or a new
household), renew it, and give a reason to suspend or replace it."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from groceries.models import Badge
from groceries.permissions import badge_groceries
from programmes.models import Household
from programmes.models.people import NAME_MAX, phone_validator, postcode_validator
from programmes.viewsets import household_chooser_viewset

MAX_PERSONS = 30


class IssueBadgeForm(WagtailAdminModelForm):
    contact_name = forms.CharField(label=_("Contact person"), max_length=NAME_MAX, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=25, required=False, validators=[phone_validator])
    email = forms.EmailField(label=_("E-mail"), required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=4, required=False, validators=[postcode_validator])
    language = forms.ChoiceField(
        label=_("Language"), choices=Household._meta.get_field("language").choices, initial="nl", required=False
    )

    class Meta:
        model = Badge
        fields = ["grocery", "household", "referrer", "adults", "children", "valid_from", "notes"]
        widgets = {"household": household_chooser_viewset.widget_class}
        help_texts = {
            "household": _("Choose the household, or fill in a new household below."),
            "valid_from": _("Empty: from today. The badge is valid for the months the grocery sets."),
        }

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["grocery"].queryset = badge_groceries(for_user).order_by("title")
        self.fields["household"].required = False
        self.fields["valid_from"].required = False
        for name in ("adults", "children"):
            self.fields[name].max_value = MAX_PERSONS

    def clean(self):
        cleaned = super().clean()
        new = cleaned.get("contact_name", "").strip()
        if cleaned.get("household") and new:
            raise ValidationError(_("Choose a household or fill in a new one, not both."))
        if not cleaned.get("household"):
            if not new:
                self.add_error("household", _("Choose a household, or fill in the contact person of a new one."))
            elif not (cleaned.get("phone") or cleaned.get("email")):
                self.add_error("phone", _("Give a phone number or an e-mail address for the new household."))
        adults, children = cleaned.get("adults"), cleaned.get("children")
        if adults is not None and adults < 1:
            self.add_error("adults", _("A household has at least one adult."))
        if adults is not None and children is not None and adults + children > MAX_PERSONS:
            self.add_error("children", _("A household has at most 30 persons."))
        return cleaned


class BadgeNotesForm(WagtailAdminModelForm):
    class Meta:
        model = Badge
        fields = ["referrer", "notes"]


class RenewForm(forms.Form):
    adults = forms.IntegerField(label=_("Adults"), min_value=1, max_value=MAX_PERSONS)
    children = forms.IntegerField(label=_("Children"), min_value=0, max_value=MAX_PERSONS)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        help_text=_("Volunteers at the door do not see this reason."),
        error_messages={"required": _("Give a reason.")},
    )


class ConfirmForm(forms.Form):
    pass
