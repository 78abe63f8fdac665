"""The "Export all data" page of a household (an access request, GDPR
art. 15): printable, and the same data as a JSON download (`?format=json`).

Who: superusers, and users who may see the household in the admin and hold
every section's permissions (programmes.subject_access.may_export): the
export has medical notes and signals, which seeing a household does not
open. A household the user may not see is a 404; one they see but may not
export is refused (PermissionDenied: Wagtail sends them to the dashboard with
its "no permission" message); anonymous users go to Wagtail's login. Like the other
downloads of personal data, it needs a recent password (programmes.reauth),
asked after the access check. Every view and every download writes an audit
entry (`programmes.household.exported`, with the format only).
"""

import json
import re

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path, reverse
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.decorators import method_decorator
from django.utils.formats import date_format
from django.utils.http import content_disposition_header
from django.utils.text import capfirst
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.cache import never_cache
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permissions import policy_registry

from programmes import reauth, subject_access
from programmes.models import Household

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$")

# Keys of the export that are no model field of the section.
LABELS = {
    "id": pgettext_lazy("identifier", "Number"),
    "person_id": _("Person number"),
    "confirmation_mailed_at": _("Confirmation mailed"),
    "promotion_mailed_at": _("Moving up mailed"),
    "reminder_mailed_at": _("Reminder mailed"),
    "cancellation_mailed_at": _("Cancellation mailed"),
    "name": _("Name"),
    "person": _("Person"),
    "who": _("Who"),
    "session": _("Session"),
    "programme": _("Programme"),
    "group": _("Group"),
    "starts_at": _("Starts"),
    "ends_at": _("Ends"),
    "grocery": _("Grocery"),
    "renewals": _("Renewals"),
    "visits": _("Visits"),
    "checks": _("Checks at the door"),
    "opening": _("Opening"),
    "profile": _("Child profile"),
    "contacts": _("Contacts"),
    "bookings": _("Booked play days"),
    "signals": _("Signals"),
    "playground": _("Playground"),
    "play_day": _("Play day"),
    "active": _("In use"),
}


def visible_households(user):
    return policy_registry.get_by_type(Household).instances_user_has_any_permission_for(user, ["view"])


class Item:
    """One value on the page: a text, or nested rows under a heading."""

    def __init__(self, label, text=None, rows=None):
        self.label, self.text, self.rows = label, text, rows


def find_field(models, key):
    for model in models:
        try:
            return model._meta.get_field(key)
        except FieldDoesNotExist:
            continue
    return None


def label_for(models, key):
    if key in LABELS:
        return LABELS[key]
    field = find_field(models, key)
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(field.verbose_name)
    return capfirst(key.replace("_", " "))


def text_for(models, key, value):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, list):
        return ", ".join(str(part) for part in value) or "—"
    field = find_field(models, key)
    if field is not None and getattr(field, "flatchoices", None):
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, str) and ISO_DATE.match(value):
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return date_format(timezone.localtime(moment) if timezone.is_aware(moment) else moment, "DATETIME_FORMAT")
        day = parse_date(value)
        if day is not None:
            return date_format(day, "DATE_FORMAT")
    return str(value)


def items(models, row, parts):
    result = []
    for key, value in row.items():
        # Nested rows are labelled by their own model first (a signal's "created_at" is not a booking's).
        inner = (parts[key], *models) if key in parts else models
        if isinstance(value, dict):
            result.append(Item(label_for(models, key), rows=[items(inner, value, parts)] if value else []))
        elif isinstance(value, list) and any(isinstance(part, dict) for part in value):
            result.append(Item(label_for(models, key), rows=[items(inner, part, parts) for part in value]))
        else:
            result.append(Item(label_for(models, key), text=text_for(models, key, value)))
    return result


def readable(data, subject=subject_access.HOUSEHOLD):
    """The export's sections for the page: title, note and rows of items."""
    blocks = []
    for section in subject_access.sections(subject):
        value = (data.get(section.group) or {}).get(section.key) if section.group else data.get(section.key)
        rows = ([value] if value else []) if section.one else value or []
        blocks.append(
            {
                "id": f"section-{section.group or 'programmes'}-{section.key}",
                "title": section.title,
                "note": section.note,
                "rows": [items(section.models, row, section.parts or {}) for row in rows],
            }
        )
    return blocks


@method_decorator(never_cache, name="dispatch")
class HouseholdExportView(WagtailAdminTemplateMixin, View):
    template_name = "programmes/admin/subject_access.html"
    page_title = _("All data of a household")
    header_icon = "download"

    def get_page_subtitle(self):
        return str(self.household)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("household:index"), "label": capfirst(Household._meta.verbose_name_plural)},
            {"url": reverse("household:inspect", args=[self.household.pk]), "label": str(self.household)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get(self, request, pk):
        self.household = get_object_or_404(visible_households(request.user), pk=pk)
        if not subject_access.may_export(request.user, self.household):
            raise PermissionDenied
        response = reauth.asks_for_password(request)
        if response is not None:
            return response
        data = subject_access.export(self.household)
        if request.GET.get("format") == "json":
            subject_access.log_exported(self.household, by=request.user, export_format="json")
            response = HttpResponse(
                json.dumps(data, indent=2, ensure_ascii=False) + "\n", content_type="application/json; charset=utf-8"
            )
            filename = f"household-{self.household.pk}-{timezone.localdate():%Y-%m-%d}.json"
            response["Content-Disposition"] = content_disposition_header(True, filename)
            return response
        subject_access.log_exported(self.household, by=request.user, export_format="html")
        self.data = data
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            household=self.household,
            exported_at=timezone.localtime(),
            sections=readable(self.data),
            audit_entries=[{**entry, "when": parse_datetime(entry["when"])} for entry in self.data["audit"]],
            json_url=reverse("programmes_subject_access:household", args=[self.household.pk]) + "?format=json",
        )
        return context


def admin_urls():
    """For the `register_admin_urls` hook in wagtail_hooks.py."""
    return [
        path(
            "subject-access/",
            include(
                (
                    [path("household/<int:pk>/", HouseholdExportView.as_view(), name="household")],
                    "programmes_subject_access",
                )
            ),
        )
    ]


def export_url(household):
    return reverse("programmes_subject_access:household", args=[household.pk])
