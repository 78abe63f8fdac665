from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        max_length=100,
        strip=True,
        error_messages={
            "required": _("Type what you are looking for."),
            "max_length": _("Use at most %(limit_value)d characters."),
        },
    )
