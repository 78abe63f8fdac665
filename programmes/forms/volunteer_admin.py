"""The volunteer's admin form, with their certificates inline.

Confirming a certificate is a coordinator's statement that they saw the
document with these dates, so it belongs to a person and a moment: ticking
"confirmed" records the editing user and now, unticking clears both, and
changing the dates (or the kind) of a confirmed certificate drops the
confirmation, because what was confirmed is no longer what is stored. The
confirmation is then given again by ticking the box on a later save, once
the new dates have been checked; the page says so. This lives in the form,
not the model: the desk's declarations and the services save certificates
too, and only here is there a coordinator looking at a document.
"""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.formsets import BaseFormSet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from modelcluster.forms import BaseChildFormSet
from wagtail.admin.forms import WagtailAdminModelForm

from programmes import audit
from programmes.models import Certificate

CONFIRMED, UNCONFIRMED = "programmes.certificate.confirmed", "programmes.certificate.unconfirmed"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class VolunteerForm(WagtailAdminModelForm):
    """A new volunteer is an existing account without a volunteer record; the
    account of an existing volunteer does not change (their shifts and hours
    are theirs)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "user" not in self.fields:
            return
        users = get_user_model().objects.order_by("first_name", "last_name", "username")
        field = self.fields["user"]
        if self.instance.pk:
            self.fields["user"] = UserChoiceField(
                queryset=users.filter(pk=self.instance.user_id), label=field.label, disabled=True
            )
        else:
            self.fields["user"] = UserChoiceField(
                queryset=users.filter(is_active=True, volunteer__isnull=True),
                label=field.label,
                help_text=_(
                    "Accounts that are not a volunteer yet. The account joins the Volunteers group, "
                    "which opens the desk for their shifts."
                ),
            )

    def save(self, commit=True):
        new = self.instance.pk is None
        volunteer = super().save(commit=commit)
        if commit:
            if new:
                # Volunteers sign up for shifts at the desk: without the group they could not.
                group = Group.objects.filter(name=settings.KANSEN_ROLE_GROUPS["volunteers"]).first()
                if group is not None:
                    volunteer.user.groups.add(group)
            self.log_confirmations(volunteer)
        return volunteer

    @property
    def certificate_forms(self):
        formset = self.formsets.get("certificates")
        if formset is None:
            return []
        deleted = set(formset.deleted_forms) if formset.can_delete else set()
        return [form for form in formset.forms if form not in deleted]

    @property
    def dropped_confirmations(self):
        """Certificates whose confirmation went because their dates changed."""
        return [form.instance for form in self.certificate_forms if getattr(form, "dropped_by_change", False)]

    def log_confirmations(self, volunteer):
        # On the volunteer, so the confirmations show in its history next to
        # the edits; the data names the certificate.
        for form in self.certificate_forms:
            action = getattr(form, "confirmation_action", None)
            if action:
                audit.log_change(
                    volunteer,
                    action,
                    by=self.for_user,
                    data={"certificate": form.instance.pk, "kind": form.instance.kind},
                )


class CertificateForm(WagtailAdminModelForm):
    confirmed = forms.BooleanField(
        label=_("confirmed"),
        required=False,
        help_text=_("Tick when you have seen the document and the dates above match it."),
    )

    # Changing any of these after the confirmation drops it.
    CONFIRMED_FIELDS = ("kind", "issued_on", "valid_until")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        certificate = self.instance
        if "valid_until" in self.fields:
            self.fields["valid_until"].help_text = _(
                "For model 2 this is filled in when you save: the issue date plus the validity set in "
                "Settings › Volunteer certificates. For other kinds, leave it empty when there is no end."
            )
        self.was_confirmed = certificate.is_confirmed
        self.fields["confirmed"].initial = self.was_confirmed
        if self.was_confirmed:
            when = date_format(timezone.localtime(certificate.confirmed_at), "DATE_FORMAT")
            who = certificate.confirmed_by.get_full_name() if certificate.confirmed_by else ""
            if who:
                text = _("Confirmed by %(name)s on %(date)s.") % {"name": who, "date": when}
            else:
                text = _("Confirmed on %(date)s.") % {"date": when}
            hint = _("Changing the dates removes the confirmation: tick it again after saving.")
            self.fields["confirmed"].help_text = f"{text} {hint}"
        elif certificate.pk and certificate.declared_by_volunteer:
            self.fields["confirmed"].help_text = _(
                "Declared by the volunteer at the desk. Tick when you have seen the document and the dates match it."
            )

    def clean(self):
        cleaned = super().clean()
        kind, issued_on, valid_until = cleaned.get("kind"), cleaned.get("issued_on"), cleaned.get("valid_until")
        if issued_on and issued_on > timezone.localdate():
            self.add_error("issued_on", _("The issue date is in the future."))
        if kind == Certificate.Kind.MODEL_2:
            # Computed from the issue date when the certificate is saved.
            cleaned["valid_until"] = None
        elif issued_on and valid_until and valid_until < issued_on:
            self.add_error("valid_until", _("The end date comes before the issue date."))
        return cleaned

    def dates_changed(self):
        if not self.instance.pk:
            return False
        fields = self.CONFIRMED_FIELDS
        if self.cleaned_data.get("kind") == Certificate.Kind.MODEL_2:
            fields = ("kind", "issued_on")
        return any(name in self.changed_data for name in fields)

    def save(self, commit=True):
        certificate = super().save(commit=False)
        ticked = self.cleaned_data.get("confirmed", False)
        self.confirmation_action = None
        self.dropped_by_change = False
        if self.was_confirmed and (not ticked or self.dates_changed()):
            certificate.confirmed_by = None
            certificate.confirmed_at = None
            self.confirmation_action = UNCONFIRMED
            self.dropped_by_change = ticked
        elif ticked and not self.was_confirmed:
            certificate.confirmed_by = self.for_user
            certificate.confirmed_at = timezone.now()
            self.confirmation_action = CONFIRMED
        if commit:
            certificate.save()
        return certificate


class CertificateFormSet(BaseChildFormSet):
    """A row whose id is not one of this volunteer's certificates (another's,
    one deleted meanwhile, not a number, or missing from a mangled form) is
    refused: modelcluster would quietly save it as a new certificate, or fail
    on the id."""

    def _construct_form(self, i, **kwargs):
        try:
            return super()._construct_form(i, **kwargs)
        except (ValidationError, KeyError):
            kwargs["instance"] = self.model()
            return BaseFormSet._construct_form(self, i, **kwargs)

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise ValidationError(
                _("A certificate on this page is no longer on this volunteer's record: reload the page.")
            )
