"""The organisation's choices for its playgrounds, in the admin's Settings
(superusers, or whoever is given the change permission: a privacy choice,
not a coordinator's)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting


@register_setting(icon="doc-full")
class PlaygroundSettings(BaseGenericSetting):
    # The fiscal certificate asks for the child's national register number.
    # Off, nobody stores it: the certificate leaves a line the parent fills in
    # by hand. Switching it off later hides the field; numbers already typed
    # stay until the child's data is erased (retention or erasure).
    store_national_numbers = models.BooleanField(
        _("store children's national register numbers"),
        default=False,
        help_text=_(
            "Coordinators can then type a child's national register number in its profile, and the tax "
            "certificate prints it. It is an identifying number that the law protects: only switch this on "
            "when your privacy notice says so. Off, the certificate leaves a line the parent fills in by hand."
        ),
    )

    panels = [FieldPanel("store_national_numbers")]

    class Meta:
        verbose_name = _("playgrounds")
