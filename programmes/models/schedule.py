import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.models import Orderable

from programmes.models.fields import MultipleChoiceCharField
from programmes.recurrence import MONTHS, WEEKDAYS, build_rrule, occurrence_dates, parse_dates


class Preset(models.TextChoices):
    WEEKLY = "weekly", _("Every week on…")
    MONTHLY = "monthly", _("Every first/second/… weekday of the month")
    WEEKDAYS_BETWEEN = "weekdays_between", _("Every weekday between two dates")
    ONE_OFF = "one_off", _("On these dates")


class Nth(models.TextChoices):
    FIRST = "1", _("first")
    SECOND = "2", _("second")
    THIRD = "3", _("third")
    FOURTH = "4", _("fourth")
    LAST = "-1", _("last")


class ScheduleRule(Orderable):
    """When a programme meets, in local time (Europe/Brussels), never as UTC
    instants: "every first Wednesday 9:00–11:00" stays 9:00 across DST."""

    programme = ParentalKey("programmes.ProgrammePage", on_delete=models.CASCADE, related_name="schedule_rules")
    preset = models.CharField(_("repeats"), max_length=20, choices=Preset.choices, default=Preset.WEEKLY)
    weekdays = MultipleChoiceCharField(
        _("weekdays"),
        max_length=30,
        blank=True,
        options=WEEKDAYS,
        help_text=_("For 'every week' and 'every Nth weekday'."),
    )
    nths = MultipleChoiceCharField(_("which ones in the month"), max_length=20, blank=True, options=Nth.choices)
    dates = models.TextField(
        _("dates"), blank=True, help_text=_("For 'on these dates': one date per line, e.g. 2026-12-16.")
    )
    start_time = models.TimeField(_("from"))
    end_time = models.TimeField(_("until"))
    first_date = models.DateField(_("first date"), null=True, blank=True)
    last_date = models.DateField(_("last date"), null=True, blank=True, help_text=_("Empty: no end."))
    excluded_dates = models.TextField(
        _("not on"), blank=True, help_text=_("Dates without a session, one per line, e.g. 2026-07-01.")
    )
    excluded_months = MultipleChoiceCharField(
        _("not in these months"), max_length=40, blank=True, options=MONTHS, help_text=_("E.g. July and August.")
    )
    skip_school_holidays = models.BooleanField(_("not during school holidays"), default=False)
    venue = models.ForeignKey(
        "programmes.Venue",
        verbose_name=_("other venue"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only when different from the programme's venue."),
    )
    capacity = models.PositiveIntegerField(
        _("other number of places"), null=True, blank=True, help_text=_("Only when different from the programme's.")
    )
    rrule = models.CharField(_("recurrence (RFC 5545)"), max_length=300, blank=True, editable=False)

    panels = [
        FieldPanel("preset"),
        FieldPanel("weekdays"),
        FieldPanel("nths"),
        FieldPanel("dates"),
        FieldRowPanel([FieldPanel("start_time"), FieldPanel("end_time")]),
        FieldRowPanel([FieldPanel("first_date"), FieldPanel("last_date")]),
        MultiFieldPanel(
            [
                FieldPanel("excluded_dates"),
                FieldPanel("excluded_months"),
                FieldPanel("skip_school_holidays"),
            ],
            heading=_("Exceptions"),
        ),
        FieldRowPanel([FieldPanel("venue"), FieldPanel("capacity")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self):
        return self.rrule or self.get_preset_display()

    def clean(self):
        super().clean()
        self.weekdays = MultipleChoiceCharField.split(self.weekdays)
        self.nths = MultipleChoiceCharField.split(self.nths)
        self.excluded_months = MultipleChoiceCharField.split(self.excluded_months)
        errors = {}
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            errors["end_time"] = _("The end time must be after the start time.")
        if self.first_date and self.last_date and self.last_date < self.first_date:
            errors["last_date"] = _("The last date must not be before the first date.")
        if self.preset in (Preset.WEEKLY, Preset.MONTHLY) and not self.weekdays:
            errors["weekdays"] = _("Choose at least one weekday.")
        if self.preset == Preset.MONTHLY and not self.nths:
            errors["nths"] = _("Choose which ones in the month, e.g. first and third.")
        if self.preset == Preset.WEEKDAYS_BETWEEN and not (self.first_date and self.last_date):
            errors["last_date"] = _("Give the first and the last date.")
        if self.preset != Preset.ONE_OFF and not self.first_date:
            errors["first_date"] = _("Give the date of the first session.")
        for field in ("dates", "excluded_dates"):
            try:
                parse_dates(getattr(self, field))
            except ValueError as error:
                errors[field] = _("Write one date per line as year-month-day, e.g. 2026-12-16 (%(error)s).") % {
                    "error": error
                }
        if self.preset == Preset.ONE_OFF and not errors.get("dates") and not parse_dates(self.dates):
            errors["dates"] = _("Give at least one date.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.rrule = build_rrule(self)
        super().save(*args, **kwargs)

    def occurrence_dates(self, start: datetime.date, end: datetime.date):
        """Local dates of this rule in [start, end], exceptions applied."""
        return occurrence_dates(self, start, end)
