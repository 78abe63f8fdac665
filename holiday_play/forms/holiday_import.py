from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from holiday_play.services.holiday_import import MAX_BYTES

SIGNING_SALT = "holiday_play.import"
# The preview is confirmed within the hour or uploaded again.
PREVIEW_MAX_AGE = 3600


class HolidayFileForm(forms.Form):
    file = forms.FileField(
        label=_("Calendar file (.ics)"),
        help_text=_("The school holidays as published by the Flemish government or your school board."),
        widget=forms.ClearableFileInput(attrs={"accept": ".ics,text/calendar"}),
        error_messages={"required": _("Choose a calendar file.")},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB: this is not a school-holiday calendar."))
        return upload.read()


class ConfirmImportForm(forms.Form):
    """The periods shown in the preview, signed: what is confirmed is exactly what was shown."""

    periods = forms.CharField(widget=forms.HiddenInput)

    def clean_periods(self):
        try:
            return signing.loads(self.cleaned_data["periods"], salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE)
        except signing.BadSignature as error:
            raise forms.ValidationError(_("This preview has expired or was changed. Upload the file again.")) from error


def sign_periods(periods):
    return signing.dumps([period.as_data() for period in periods], salt=SIGNING_SALT, compress=True)
