import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel


def school_year_of(day):
    """'2026-2027' for any day from 1 September 2026 to 31 August 2027."""
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


class HolidayPeriodQuerySet(models.QuerySet):
    def overlapping(self, first, last):
        return self.filter(first_day__lte=last, last_day__gte=first)


class HolidayPeriod(models.Model):
    """A school holiday: when the playgrounds run, and when programmes that
    skip school holidays do not."""

    name = models.CharField(_("name"), max_length=100)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    school_year = models.CharField(
        _("school year"), max_length=9, blank=True, help_text=_("E.g. 2026-2027. Empty: from the first day.")
    )
    # The event's UID when it came from an .ics file: importing it again updates, never duplicates.
    uid = models.CharField(max_length=255, unique=True, null=True, blank=True, editable=False)

    objects = HolidayPeriodQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("first_day"), FieldPanel("last_day")]),
        FieldPanel("school_year"),
    ]

    class Meta:
        verbose_name = _("school holiday")
        verbose_name_plural = _("school holidays")
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="holiday_days_in_order")
        ]

    def __str__(self):
        return f"{self.name} ({self.first_day:%d/%m/%Y}–{self.last_day:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        if not self.school_year and self.first_day:
            self.school_year = school_year_of(self.first_day)
        super().save(*args, **kwargs)

    def clean(self):
        if self.first_day and self.last_day and self.last_day < self.first_day:
            raise ValidationError({"last_day": _("The last day comes before the first day.")})
        if self.first_day and self.last_day and (self.last_day - self.first_day).days > 100:
            raise ValidationError({"last_day": _("A school holiday lasts at most 100 days.")})

    def days(self):
        day = self.first_day
        while day <= self.last_day:
            yield day
            day += datetime.timedelta(days=1)
