from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page, get_page_models
from wagtail.search import index

from programmes.blocks import BodyBlock
from programmes.models.sessions import Session


class Kind(models.TextChoices):
    MEETUP = "meetup", _("Meetup")
    GROUP = "group", _("Group")
    GROCERY = "grocery", _("Social grocery")
    PLAYGROUND = "playground", _("Holiday playground")
    OTHER = "other", _("Other")


class RegistrationMode(models.TextChoices):
    WALK_IN = "walk_in", _("Walk in, no registration")
    PER_SESSION = "per_session", _("Register per session")
    MEMBERSHIP = "membership", _("Join the group")
    PER_DAY = "per_day", _("Book per day")


class CapacityCounts(models.TextChoices):
    PERSONS = "persons", _("Persons")
    HOUSEHOLDS = "households", _("Households")


def shift_templates_panel():
    """The standard volunteer shifts of every session, e.g. two at the door
    from half an hour before: the same panel on every kind of programme."""
    return InlinePanel(
        "shift_templates",
        heading=_("Volunteers per session"),
        label=_("Standard shift"),
        help_text=_("Added to every new session. Minutes move the shift: -30 starts half an hour early."),
        panels=[
            # A plain list: there are few roles, and it works without the chooser.
            FieldRowPanel([FieldPanel("role", widget=forms.Select), FieldPanel("needed")]),
            FieldRowPanel([FieldPanel("start_offset_minutes"), FieldPanel("end_offset_minutes")]),
        ],
    )


class ProgrammeIndexPage(Page):
    """The public finder ("Aanbod"): upcoming sessions of the programmes below it."""

    intro = models.TextField(_("introduction"), max_length=400, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["website.HomePage"]

    @classmethod
    def clean_subpage_models(cls):
        """Every kind of programme: ProgrammePage and the subclasses other
        apps add (the grocery, the playground), which programmes does not know."""
        if cls._clean_subpage_models is None:
            cls._clean_subpage_models = [model for model in get_page_models() if issubclass(model, ProgrammePage)]
        return cls._clean_subpage_models

    class Meta:
        verbose_name = _("activities page")

    def get_context(self, request, *args, **kwargs):
        from programmes.views.feeds import subscription_links
        from programmes.views.finder import finder_context

        context = super().get_context(request, *args, **kwargs)
        context.update(finder_context(request, self))
        context["feed"] = subscription_links(request, self.get_url(request) + "calendar.ics?" + request.GET.urlencode())
        return context

    def calendar(self, request):
        """The finder's results as a feed: the same query string, the same filters."""
        from programmes.filters import SessionFilter
        from programmes.views.feeds import calendar_response, in_window
        from programmes.views.finder import finder_programmes

        sessions = SessionFilter(
            request.GET or None, queryset=in_window(Session.objects.all()), programmes=finder_programmes(self)
        ).qs
        return calendar_response(request, name=self.title, sessions=sessions)


class ProgrammePage(Page):
    """One thing families can join. Subclasses (the grocery, the playground)
    change behaviour by overriding methods, never by `if kind ==` here."""

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MEETUP)
    intro = models.TextField(_("introduction"), max_length=500)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    for_parents = models.BooleanField(_("for parents"), default=False)
    for_children = models.BooleanField(_("for children"), default=False)
    min_age_months = models.PositiveSmallIntegerField(
        _("youngest age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(18 * 12)],
        help_text=_("For children: the youngest age in months, e.g. 30 for 2½ years."),
    )
    max_age_months = models.PositiveSmallIntegerField(
        _("oldest age (months)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(18 * 12)],
        help_text=_("For children: the oldest age in months, e.g. 155 for up to 12 years and 11 months."),
    )
    languages = ParentalManyToManyField("programmes.Language", verbose_name=_("languages spoken"), blank=True)
    venue = models.ForeignKey(
        "programmes.Venue", verbose_name=_("venue"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=25, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    registration_mode = models.CharField(
        _("how to join"), max_length=20, choices=RegistrationMode.choices, default=RegistrationMode.WALK_IN
    )
    default_capacity = models.PositiveIntegerField(
        _("places per session"), null=True, blank=True, help_text=_("Leave empty when there is no limit.")
    )
    capacity_counts = models.CharField(
        _("places count"),
        max_length=12,
        choices=CapacityCounts.choices,
        default=CapacityCounts.PERSONS,
        help_text=_("Whether a place is one person or one whole household."),
    )
    price = models.DecimalField(_("price"), max_digits=7, decimal_places=2, default=0, help_text=_("0 means free."))
    social_tariff = models.DecimalField(
        _("social tariff"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Reduced price with UiTPAS or for a low income; empty when there is none."),
    )
    what_to_bring = models.TextField(_("what to bring"), blank=True)
    accessibility_notes = models.TextField(_("accessibility"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("image"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("kind"),
                FieldRowPanel([FieldPanel("for_parents"), FieldPanel("for_children")]),
                FieldRowPanel([FieldPanel("min_age_months"), FieldPanel("max_age_months")]),
                FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            ],
            heading=_("Who it is for"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("venue"),
                FieldPanel("registration_mode"),
                FieldRowPanel([FieldPanel("default_capacity"), FieldPanel("capacity_counts")]),
                FieldRowPanel([FieldPanel("price"), FieldPanel("social_tariff")]),
                FieldPanel("what_to_bring"),
                FieldPanel("accessibility_notes"),
            ],
            heading=_("Practical"),
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_phone"), FieldPanel("contact_email")],
            heading=_("Contact"),
        ),
        InlinePanel("schedule_rules", heading=_("When"), label=_("Schedule")),
        shift_templates_panel(),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.FilterField("kind")]

    parent_page_types = ["programmes.ProgrammeIndexPage"]
    subpage_types = []
    SESSIONS_SHOWN = 8

    class Meta:
        verbose_name = _("programme")

    def clean(self):
        super().clean()
        errors = {}
        if (
            self.min_age_months is not None
            and self.max_age_months is not None
            and self.min_age_months > self.max_age_months
        ):
            errors["max_age_months"] = _("The oldest age must not be below the youngest age.")
        if (self.min_age_months is not None or self.max_age_months is not None) and not self.for_children:
            errors["for_children"] = _("An age range only applies to an activity for children.")
        if self.social_tariff is not None and self.social_tariff > self.price:
            errors["social_tariff"] = _("The social tariff must not be higher than the price.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_free(self):
        return self.price == 0

    @property
    def needs_registration(self):
        return self.registration_mode != RegistrationMode.WALK_IN

    @property
    def takes_registrations(self):
        """Whether the page offers the register (or join) form of programmes.
        The playground books days its own way."""
        return self.registration_mode in (RegistrationMode.PER_SESSION, RegistrationMode.MEMBERSHIP)

    def planned_sessions(self, start, end):
        """{original_start: session fields} this programme plans between two
        local dates (programmes.services.scheduling)."""
        from programmes.services.scheduling import sessions_from_rules

        return sessions_from_rules(self, start, end)

    @classmethod
    def report_sections_for(cls, pages, first, last, *, today=None):
        """{page id: [Section]}: the figures this kind of programme adds to
        the reports (programmes.report_sections), for all its pages in one go
        so that a report over many pages costs the same few queries. `pages`
        have an id and a title (report_sections.ReportedPage, or pages).
        Attendance needs none."""
        return {}

    def registration(self, request):
        """The register form (`<page>/register/`)."""
        from programmes.views.registration import registration_view

        if not self.takes_registrations:
            raise Http404
        return registration_view(request, self)

    def calendar(self, request):
        from programmes.views.feeds import calendar_response, in_window

        sessions = in_window(Session.objects.filter(programme__translation_key=self.translation_key))
        return calendar_response(request, name=self.title, sessions=sessions)

    def session_calendar(self, request, uid):
        """ "Add this one to my calendar": one session, as a download."""
        from programmes.views.feeds import calendar_response, session_for_download

        sessions = session_for_download(self, uid)
        if not sessions.exists():
            raise Http404
        filename = f"{self.slug}-{timezone.localtime(sessions.get().starts_at):%Y-%m-%d}.ics"
        return calendar_response(request, name=self.title, sessions=sessions, filename=filename)

    def get_context(self, request, *args, **kwargs):
        from programmes.views.feeds import subscription_links

        context = super().get_context(request, *args, **kwargs)
        context["page_url"] = self.get_url(request)
        context["feed"] = subscription_links(request, context["page_url"] + "calendar.ics")
        # Sessions hang on the programme in the default language; its
        # translations share its translation_key.
        context["upcoming_sessions"] = (
            Session.objects.filter(programme__translation_key=self.translation_key)
            .upcoming()
            .select_related("venue")
            .only("uid", "starts_at", "ends_at", "status", "cancel_reason", "venue__name")
            .order_by("starts_at")[: self.SESSIONS_SHOWN]
        )
        return context
