import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from programmes.blocks import BodyBlock


class HomePage(Page):
    """The front door: what is on this week and the three ways in that most
    families look for (an activity, a grocery badge, the holiday playground)."""

    intro = models.TextField(_("introduction"), max_length=400, blank=True)
    finder_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("activities page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where 'Find an activity' leads."),
    )
    badge_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("grocery badge page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The page that explains how to get a badge for the social grocery."),
    )
    playground_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("holiday playground page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        MultiFieldPanel(
            [FieldPanel("finder_page"), FieldPanel("badge_page"), FieldPanel("playground_page")],
            heading=_("Ways in"),
        ),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["website.StandardPage", "programmes.ProgrammeIndexPage"]

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ways_in"] = [
            (page.localized, label)
            for page, label in (
                (self.finder_page, _("Find an activity")),
                (self.badge_page, _("How do I get a grocery badge?")),
                (self.playground_page, _("Holiday playground")),
            )
            if page is not None and page.live
        ]
        context["sessions_this_week"] = sessions_this_week(request)
        return context


THIS_WEEK_SHOWN = 8


def sessions_this_week(request):
    """The next public sessions of the coming seven days, in the visitor's language."""
    from programmes.models import Session
    from programmes.views.finder import RESULT_FIELDS, localized_programmes

    today = timezone.localdate()
    sessions = list(
        Session.objects.upcoming()
        .public()
        .filter(local_date__lte=today + datetime.timedelta(days=6))
        .select_related("programme", "venue")
        .only(*RESULT_FIELDS)
        .order_by("starts_at", "pk")[:THIS_WEEK_SHOWN]
    )
    programmes = localized_programmes(sessions, request)
    for session in sessions:
        session.localized_programme = programmes[session.programme.translation_key]
    return sessions


class StandardPage(Page):
    """Information pages: the social service, privacy statement, how-tos."""

    intro = models.TextField(_("introduction"), max_length=400, blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    parent_page_types = ["website.HomePage", "website.StandardPage"]
    subpage_types = ["website.StandardPage"]

    class Meta:
        verbose_name = _("standard page")
