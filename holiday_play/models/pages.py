import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from holiday_play.public_holidays import is_play_day
from programmes.models import Kind, ProgrammePage, RegistrationMode
from programmes.models.pages import shift_templates_panel
from programmes.models.people import age_in_months

MAX_AGE_MONTHS = 18 * 12


class PlaygroundPage(ProgrammePage):
    """A holiday playground: children play on the weekdays of the school
    holidays it runs in, public holidays excepted; parents book days."""

    periods = ParentalManyToManyField(
        "holiday_play.HolidayPeriod", verbose_name=_("school holidays it runs in"), blank=True
    )
    opens_at = models.TimeField(_("opens at"), default=datetime.time(9))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(16))
    drop_off_from = models.TimeField(_("drop-off from"), default=datetime.time(8, 30))
    drop_off_until = models.TimeField(_("drop-off until"), default=datetime.time(9, 30))
    pick_up_from = models.TimeField(_("pick-up from"), default=datetime.time(16))
    pick_up_until = models.TimeField(_("pick-up until"), default=datetime.time(17))
    meals = models.TextField(
        _("meals"), blank=True, help_text=_("E.g. a warm lunch and fruit at four; halal and vegetarian on request.")
    )
    bookings_open_on = models.DateField(
        _("booking opens on"), null=True, blank=True, help_text=_("Empty: parents can book at once.")
    )
    home_alone_from_age = models.PositiveSmallIntegerField(
        _("may go home alone from age"),
        default=10,
        validators=[MaxValueValidator(18)],
        help_text=_("Younger children are always picked up, whatever the parents say."),
    )
    animator_team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("animators"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members of this group see the day lists (without medical notes) and check children in and out."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("periods", widget=forms.CheckboxSelectMultiple),
                FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")]),
                FieldRowPanel([FieldPanel("drop_off_from"), FieldPanel("drop_off_until")]),
                FieldRowPanel([FieldPanel("pick_up_from"), FieldPanel("pick_up_until")]),
                FieldPanel("bookings_open_on"),
            ],
            heading=_("When"),
        ),
        MultiFieldPanel([FieldPanel("animator_team"), FieldPanel("home_alone_from_age")], heading=_("Team")),
        InlinePanel("age_groups", heading=_("Age groups"), label=_("Age group"), min_num=1),
        shift_templates_panel(),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("social_tariff")]),
                FieldPanel("meals"),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
                FieldPanel("what_to_bring"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Practical"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    template = "holiday_play/playground_page.html"

    class Meta:
        verbose_name = _("holiday playground")

    def save(self, *args, **kwargs):
        # Always found as a playground for children, and booked per day.
        self.kind = Kind.PLAYGROUND
        self.for_children = True
        self.registration_mode = RegistrationMode.PER_DAY
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        errors = {}
        for first, last, field in (
            ("opens_at", "closes_at", "closes_at"),
            ("drop_off_from", "drop_off_until", "drop_off_until"),
            ("pick_up_from", "pick_up_until", "pick_up_until"),
        ):
            if getattr(self, first) and getattr(self, last) and getattr(self, last) <= getattr(self, first):
                errors[field] = _("This time must come after the one before it.")
        if errors:
            raise ValidationError(errors)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["today"] = timezone.localdate()
        return context

    def registration(self, request):
        """The booking form (`<page>/register/`): days for children, not sessions."""
        from holiday_play.views.booking import book

        return book(request, self)

    @classmethod
    def report_sections_for(cls, pages, first, last, *, today=None):
        from holiday_play.figures import report_sections_for

        return report_sections_for(pages, first, last, today=today)

    def play_days(self, start, end):
        """The weekdays of its school holidays between two dates, public holidays out."""
        days = set()
        for period in self.periods.all():
            days.update(day for day in period.days() if start <= day <= end and is_play_day(day))
        return sorted(days)

    def planned_sessions(self, start, end):
        zone = ZoneInfo(settings.TIME_ZONE)
        wanted = {}
        for day in self.play_days(start, end):
            starts_at = timezone.make_aware(datetime.datetime.combine(day, self.opens_at), zone)
            wanted[starts_at] = {
                "rule": None,
                "starts_at": starts_at,
                "ends_at": timezone.make_aware(datetime.datetime.combine(day, self.closes_at), zone),
                "venue": self.venue,
                # Places are counted per age group, not per day.
                "capacity": None,
            }
        return wanted

    def age_group_for(self, birth_date, day):
        """The age group of a child born on `birth_date` on play day `day`, or None."""
        months = age_in_months(birth_date, day)
        return next((group for group in self.age_groups.all() if group.takes(months)), None)


class AgeGroup(Orderable):
    page = ParentalKey(PlaygroundPage, on_delete=models.CASCADE, related_name="age_groups")
    name = models.CharField(_("name"), max_length=60, help_text=_("E.g. 'Kleuters' or 'Tieners'."))
    min_age_months = models.PositiveSmallIntegerField(
        _("from age (months)"), validators=[MaxValueValidator(MAX_AGE_MONTHS)], help_text=_("E.g. 30 for 2½ years.")
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("up to age (months)"),
        validators=[MaxValueValidator(MAX_AGE_MONTHS)],
        help_text=_("The last month included: 71 for 'up to 5'."),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places per day"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    children_per_animator = models.PositiveSmallIntegerField(
        _("children per animator"),
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_("E.g. 8 for toddlers, 12 for older children."),
    )
    role = models.ForeignKey(
        "programmes.Role",
        verbose_name=_("animators' role on the roster"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "E.g. 'Animator kleuters'. Who has a shift in this role on a play day is this group's animator: "
            "the day list shows them and counts them for the ratio."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("min_age_months"), FieldPanel("max_age_months")]),
        FieldRowPanel([FieldPanel("capacity"), FieldPanel("children_per_animator")]),
        FieldPanel("role"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("age group")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_age_months__gte=models.F("min_age_months")), name="age_group_ages_in_order"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if (
            self.min_age_months is not None
            and self.max_age_months is not None
            and self.max_age_months < self.min_age_months
        ):
            raise ValidationError({"max_age_months": _("The oldest age must not be below the youngest age.")})

    def takes(self, months):
        return self.min_age_months <= months <= self.max_age_months

    def animators_needed(self, children):
        """Animators for `children` at this group's ratio (rounded up)."""
        return -(-children // self.children_per_animator)

    @property
    def ages_text(self):
        return f"{format_years(self.min_age_months)}–{format_years(self.max_age_months + 1)}"


def format_years(months):
    """30 → '2½', 72 → '6'."""
    years, rest = divmod(months, 12)
    return f"{years}½" if rest == 6 else str(years) if rest == 0 else f"{months / 12:.1f}".replace(".", ",")
