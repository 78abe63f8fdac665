"""The "Who looked at what" report: every read of sensitive data and every download of a
list with personal data, newest first, in the Reports menu.

Who: superusers only. The data protection officer is an administrator, and
this screen names both the staff and (through the objects) the families, so
no role group gets it. Anonymous users go to Wagtail's login, everyone else
to Wagtail's "no permission" redirect.

What: the entries of the actions registered as reads (programmes.audit),
from both of Wagtail's log models (a certificate print of a whole playground
is logged on its page). Filters: who, what, and about whom — a part of a
name finds the persons, and each app's subject lookup (audit.subjects_of)
says which of its objects are about them. The log stores no names; the
"which object" column shows the object as it is now, or its neutral title
once erased. Queries: a fixed number per page, plus one per kind of object
on it, whatever the number of entries.
"""

from collections import defaultdict
from dataclasses import dataclass

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db.models import CharField, IntegerField, Q, Value
from django.db.models.functions import Cast, Concat
from django.urls import include, path, reverse
from django.utils.decorators import method_decorator
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from wagtail.admin.auth import user_passes_test
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.log_actions import registry as log_action_registry
from wagtail.models import ModelLogEntry, Page, PageLogEntry

from programmes import audit
from programmes.models import Person
from programmes.models.people import NAME_MAX

PER_PAGE = 50
PERSONS_SHOWN = 20
LOG_MODELS = (ModelLogEntry, PageLogEntry)


def may_see_read_audit(user):
    return user.is_active and user.is_superuser


def action_label(action):
    return log_action_registry.get_action_label(action)


def readers(actions):
    """Users with at least one read or download in the log."""
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=ModelLogEntry.objects.filter(action__in=actions).values("user_id"))
            | Q(pk__in=PageLogEntry.objects.filter(action__in=actions).values("user_id"))
        )
        .order_by("first_name", "last_name", "username")
    )


def matching_persons(text):
    """Persons whose first and last name, as one string, contain `text`."""
    return Person.objects.annotate(full_name=Concat("first_name", Value(" "), "last_name")).filter(
        full_name__icontains=text
    )


class ReaderField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        name = user.get_full_name()
        return f"{name} ({user.get_username()})" if name else user.get_username()


class ReadAuditForm(forms.Form):
    """Sent by GET, every field optional: the address can be bookmarked."""

    user = ReaderField(label=_("Who"), queryset=None, required=False, empty_label=_("Everyone"))
    action = forms.ChoiceField(label=_("What"), required=False)
    person = forms.CharField(
        label=_("About whom"),
        required=False,
        max_length=NAME_MAX,
        help_text=_("A part of a first or last name, e.g. of a child."),
        error_messages={"max_length": _("Use at most %(limit_value)d characters.")},
    )

    def __init__(self, *args, actions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = readers(actions)
        self.fields["action"].choices = [
            ("", _("All reads and downloads")),
            *((action, action_label(action)) for action in actions),
        ]

    def clean_person(self):
        text = " ".join(self.cleaned_data["person"].split())
        if len(text) == 1:
            raise forms.ValidationError(_("Type at least 2 letters of the name."), code="too_short")
        return text


def about_persons(log_model, person_ids):
    """Entries of `log_model` whose object one of the apps holds about `person_ids`."""
    condition = None
    for model, objects in audit.subjects_of(person_ids):
        if issubclass(model, Page) != (log_model is PageLogEntry):
            continue
        if log_model is PageLogEntry:
            part = Q(page_id__in=objects.order_by().values("pk"))
        else:
            # ModelLogEntry keeps the object's id as text.
            part = Q(
                content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
                object_id__in=objects.order_by().values(pk_text=Cast("pk", output_field=CharField())),
            )
        condition = part if condition is None else condition | part
    return condition


def read_entries(*, actions, user=None, person_ids=None):
    """Both log models' read entries as one `values()` union, newest first
    (Wagtail's site history report does the same: a union of model
    querysets would turn every row into the first model)."""
    queryset = None
    for index, log_model in enumerate(LOG_MODELS):
        entries = log_model.objects.filter(action__in=actions)
        if user is not None:
            entries = entries.filter(user=user)
        if person_ids is not None:
            condition = about_persons(log_model, person_ids)
            entries = entries.none() if condition is None else entries.filter(condition)
        entries = (
            entries.order_by()
            .values("id", "timestamp")
            .annotate(log_model_index=Value(index, output_field=IntegerField()))
        )
        queryset = entries if queryset is None else queryset.union(entries, all=True)
    return queryset.order_by("-timestamp", "-id")


@dataclass(frozen=True)
class Row:
    when: object
    who: str
    what: str
    which: str
    details: str


def describe_object(entry, instance):
    if isinstance(instance, ContentType):
        # A download: the entry is about the list, i.e. its model.
        model = instance.model_class()
        return str(capfirst(model._meta.verbose_name_plural)) if model else str(instance)
    if instance is None:
        return gettext("%(title)s (no longer exists)") % {"title": entry.label}
    return str(instance)


def describe_data(data):
    parts = []
    if "rows" in data:
        parts.append(ngettext("%(rows)d row", "%(rows)d rows", data["rows"]) % {"rows": data["rows"]})
    if "format" in data:
        parts.append(str(data["format"]).upper())
    if "year" in data:
        parts.append(str(data["year"]))
    return ", ".join(parts)


def describe_user(user):
    if user is None:
        return "—"
    return user.get_full_name() or user.get_username()


def rows_for(page_rows):
    """The page's entries with their users and current objects: one query per
    log model and one per kind of object, not one per entry."""
    ids_by_model = defaultdict(list)
    for row in page_rows:
        ids_by_model[row["log_model_index"]].append(row["id"])
    entries = {}
    for index, ids in ids_by_model.items():
        for entry in LOG_MODELS[index].objects.filter(pk__in=ids).select_related("user"):
            entries[(index, entry.pk)] = entry
    ordered = [entries[(row["log_model_index"], row["id"])] for row in page_rows]

    object_ids = defaultdict(set)
    for entry in ordered:
        object_ids[entry.content_type_id].add(str(entry.object_id))
    instances = {}
    for content_type_id, ids in object_ids.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        # select_related(): the objects' names may come from a related row (a profile's child).
        for instance in model._default_manager.select_related().filter(pk__in=ids):
            instances[(content_type_id, str(instance.pk))] = instance

    return [
        Row(
            when=entry.timestamp,
            who=describe_user(entry.user),
            what=str(action_label(entry.action)),
            which=describe_object(entry, instances.get((entry.content_type_id, str(entry.object_id)))),
            details=describe_data(entry.data or {}),
        )
        for entry in ordered
    ]


@method_decorator(user_passes_test(may_see_read_audit), name="dispatch")
class ReadAuditView(WagtailAdminTemplateMixin, View):
    template_name = "programmes/admin/read_audit.html"
    page_title = _("Who looked at what")
    header_icon = "view"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get(self, request):
        actions = audit.read_actions()
        self.form = ReadAuditForm(request.GET, actions=actions)
        self.page = self.persons = None
        self.more_persons = False
        if not self.form.is_valid():
            return self.render_to_response(self.get_context_data(), status=400)
        data = self.form.cleaned_data
        person_ids = None
        if data["person"]:
            found = matching_persons(data["person"])
            self.persons = list(found.select_related("household")[: PERSONS_SHOWN + 1])
            self.more_persons = len(self.persons) > PERSONS_SHOWN
            self.persons = self.persons[:PERSONS_SHOWN]
            person_ids = found.values("pk")
        entries = read_entries(
            actions=[data["action"]] if data["action"] else actions, user=data["user"], person_ids=person_ids
        )
        self.page = Paginator(entries, PER_PAGE).get_page(request.GET.get("p"))
        self.rows = rows_for(list(self.page.object_list))
        return self.render_to_response(self.get_context_data())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(form=self.form, page=self.page, persons=self.persons, more_persons=self.more_persons)
        if self.page is not None:
            context["rows"] = self.rows
        return context


class ReadAuditMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_read_audit(request.user)


def admin_urls():
    """For the `register_admin_urls` hook in wagtail_hooks.py."""
    return [path("read-audit/", include(([path("", ReadAuditView.as_view(), name="index")], "programmes_read_audit")))]


def menu_item():
    """For the `register_reports_menu_item` hook."""
    return ReadAuditMenuItem(
        _("Who looked at what"),
        reverse("programmes_read_audit:index"),
        name="read-audit",
        icon_name="view",
        order=1330,
    )
