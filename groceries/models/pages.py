import calendar
import datetime

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, Page

from programmes.models import Kind, ProgrammePage, RegistrationMode
from programmes.models.pages import shift_templates_panel


class LimitPeriod(models.TextChoices):
    WEEK = "week", _("per week")
    MONTH = "month", _("per month")
    YEAR = "year", _("per year")


class GroceryPage(ProgrammePage):
    """The social grocery: a programme whose sessions are its openings. Nobody
    registers; a household with a badge comes to an opening and the door
    checks the badge."""

    how_to_get_a_badge = models.TextField(
        _("how to get a badge"),
        help_text=_("Who grants a badge (the social service, a partner) and what to bring to that appointment."),
    )
    visit_limit = models.PositiveSmallIntegerField(
        _("visits allowed"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Visits per household in each period, besides one per opening. Empty: no limit."),
    )
    visit_limit_period = models.CharField(
        _("period"), max_length=10, choices=LimitPeriod.choices, default=LimitPeriod.MONTH
    )
    visit_limit_enforced = models.BooleanField(
        _("refuse above the limit"),
        default=True,
        help_text=_("On: the door refuses a visit above the limit. Off: the door only warns."),
    )
    badge_months = models.PositiveSmallIntegerField(
        _("badge valid for (months)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(24)],
        help_text=_("How long a new or renewed badge is valid."),
    )
    door_team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("door volunteers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Volunteers check badges only during their shift at an opening. If you choose a group, "
            "only its members' shifts open the door."
        ),
    )
    social_work_team = models.ForeignKey(
        "auth.Group",
        verbose_name=_("social workers"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Members of this group (with the social worker role) manage this grocery's badges."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("how_to_get_a_badge"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("visit_limit"), FieldPanel("visit_limit_period")]),
                FieldPanel("visit_limit_enforced"),
                FieldPanel("badge_months"),
                InlinePanel("package_sizes", heading=_("Package sizes"), label=_("Package size")),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("price"), FieldPanel("social_tariff")]),
                FieldPanel("languages"),
                FieldPanel("what_to_bring"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Practical"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel([FieldPanel("door_team"), FieldPanel("social_work_team")], heading=_("Teams")),
        InlinePanel("schedule_rules", heading=_("Opening times"), label=_("Schedule")),
        shift_templates_panel(),
    ]
    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    template = "groceries/grocery_page.html"

    class Meta:
        verbose_name = _("social grocery")

    def save(self, *args, **kwargs):
        # A grocery is always found as one, and nobody registers for an opening.
        self.kind = Kind.GROCERY
        self.for_parents = True
        self.registration_mode = RegistrationMode.WALK_IN
        super().save(*args, **kwargs)

    @classmethod
    def report_sections_for(cls, pages, first, last, *, today=None):
        from groceries.figures import report_sections_for

        return report_sections_for(pages, first, last, today=today)

    def package_for(self, persons):
        """The package for a household of `persons`: the size with the highest
        'from' that the household reaches."""
        sizes = [size for size in self.package_sizes.all() if size.from_persons <= persons]
        return max(sizes, key=lambda size: size.from_persons, default=None)

    def limit_period(self, day):
        """The first and last day of the limit period around `day`."""
        if self.visit_limit_period == LimitPeriod.WEEK:
            first = day - datetime.timedelta(days=day.weekday())
            return first, first + datetime.timedelta(days=6)
        if self.visit_limit_period == LimitPeriod.YEAR:
            return day.replace(month=1, day=1), day.replace(month=12, day=31)
        return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


class PackageSize(Orderable):
    page = ParentalKey(GroceryPage, on_delete=models.CASCADE, related_name="package_sizes")
    from_persons = models.PositiveSmallIntegerField(
        _("from household size"), validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    name = models.CharField(_("package"), max_length=60, help_text=_("E.g. 'Small package (1 bag)'."))

    panels = [FieldRowPanel([FieldPanel("from_persons"), FieldPanel("name")])]

    class Meta(Orderable.Meta):
        verbose_name = _("package size")

    def __str__(self):
        return self.name
