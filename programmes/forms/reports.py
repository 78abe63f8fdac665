"""The filters of the figures reports in the admin: which programme and
period, which year. Sent by GET, so a report has an address that can be
bookmarked and shared; every mistake is a message next to the field."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from programmes.forms.fields import DATE_INPUT_FORMATS
from programmes.permissions import coordinated_sources

MAX_YEARS = 3
FIRST_YEAR = 2000
# No figures before it: there are none, and some counts look a day before
# the period (a date before 1 January of year 1 does not exist).
FIRST_DAY = datetime.date(FIRST_YEAR, 1, 1)


def years_later(day, years):
    """The same day `years` later (28 February for 29 February), or None past
    the calendar's end."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        if day.year + years > datetime.MAXYEAR:
            return None
        return day.replace(year=day.year + years, day=28)


class DateInput(forms.DateInput):
    """The browser's own date picker: no script, and a keyboard and screen
    reader know it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class AttendanceFiguresForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=_("Choose a programme"))
    first = forms.DateField(
        label=_("First day"), input_formats=DATE_INPUT_FORMATS, widget=DateInput({"min": FIRST_DAY.isoformat()})
    )
    last = forms.DateField(
        label=_("Last day"), input_formats=DATE_INPUT_FORMATS, widget=DateInput({"min": FIRST_DAY.isoformat()})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The choices and the figures name a programme: its title is all they read.
        self.fields["programme"].queryset = coordinated_sources(user).only("title")

    @classmethod
    def initial_for(cls, today=None):
        today = today or timezone.localdate()
        return {"first": today.replace(month=1, day=1), "last": today}

    def clean(self):
        cleaned = super().clean()
        for name in ("first", "last"):
            day = cleaned.get(name)
            if day is not None and day < FIRST_DAY:
                self.add_error(name, _("Choose a day from 1 January %(year)s on.") % {"year": FIRST_YEAR})
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last:
            if last < first:
                self.add_error("last", _("The last day comes before the first day. Swap them."))
            else:
                limit = years_later(first, MAX_YEARS)
                if limit is not None and last >= limit:
                    self.add_error(
                        "last",
                        _("Choose a period of at most %(years)s years.") % {"years": MAX_YEARS},
                    )
        return cleaned


class AnnualReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"))

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Next year too: a coordinator may look at what is already planned.
        self.last_year = (today or timezone.localdate()).year + 1
        self.fields["year"].widget.attrs.update({"min": FIRST_YEAR, "max": self.last_year})

    def clean_year(self):
        year = self.cleaned_data["year"]
        if not FIRST_YEAR <= year <= self.last_year:
            raise forms.ValidationError(
                _("Choose a year from %(first)s to %(last)s."),
                params={"first": FIRST_YEAR, "last": self.last_year},
                code="year",
            )
        return year
