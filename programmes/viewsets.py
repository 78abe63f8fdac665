import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, ProtectedError, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import BooleanColumn, Column, StatusTagColumn
from wagtail.admin.views.generic import CreateView, DeleteView, EditView, HistoryView, IndexView, InspectView
from wagtail.admin.views.generic import chooser as chooser_views
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.admin.widgets.boolean_radio_select import BooleanRadioSelect
from wagtail.admin.widgets.chooser import BaseChooser
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.views.chooser import SnippetChooserViewSet, SnippetCreateView
from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView
from wagtail.snippets.views.snippets import SnippetViewSet

from programmes import audit, reauth, subject_access
from programmes.errors import ProgrammeError
from programmes.forms.fields import posted_id
from programmes.forms.volunteer_admin import CertificateForm, CertificateFormSet, VolunteerForm
from programmes.models import (
    Certificate,
    Household,
    Language,
    Membership,
    Person,
    ProgrammePage,
    Registration,
    Role,
    Session,
    Shift,
    ShiftTemplate,
    Venue,
    Volunteer,
    VolunteerSettings,
)
from programmes.models.people import digits
from programmes.permissions import coordinated_programmes, coordinated_sources, may_coordinate
from programmes.services import scheduling


class RefuseDeletingWhatIsUsed:
    """For a delete view of something other rows protect (on_delete=PROTECT):
    a message and nothing deleted, not an error page. Wagtail refuses by
    itself only references in its reference index, and sessions,
    registrations and shifts are not in it."""

    def in_use_message(self):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            # Wagtail's delete action logs and deletes in one transaction: a refusal leaves no log.
            return super().form_valid(form)
        except ProtectedError:
            messages.error(self.request, self.in_use_message())
            return redirect(self.get_success_url())


class VenueDeleteView(RefuseDeletingWhatIsUsed, SnippetDeleteView):
    def in_use_message(self):
        return gettext("Sessions take place at “%(venue)s”, so it cannot be deleted.") % {"venue": self.object}


class ChooserCreateView(SnippetCreateView):
    """Wagtail routes a snippet chooser's `create/` even when the chooser
    offers no creation form, and a POST there fails on the missing form (a
    server error). Without a form there is nothing to create: 404, for those
    who may create (the others are refused first, as before)."""

    def get_creation_form(self):
        form = super().get_creation_form()
        if form is None:
            raise Http404
        return form


class SnippetChooser(SnippetChooserViewSet):
    create_view_class = ChooserCreateView


class VenueViewSet(SnippetViewSet):
    model = Venue
    chooser_viewset_class = SnippetChooser
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "street", "postcode", "city", "neighbourhood"]
    list_filter = ["city", "neighbourhood"]
    search_fields = ["name", "street", "city", "neighbourhood"]
    delete_view_class = VenueDeleteView
    # The database's own search, as on the other lists: the search index
    # (Venue.search_fields, for the chooser) knows neither city nor neighbourhood.
    search_backend_name = None


class LanguageViewSet(ModelViewSet):
    model = Language
    icon = "globe"
    menu_label = _("Languages")
    list_display = ["name", "code"]
    search_fields = ["name", "code"]
    search_backend_name = None
    form_fields = ["code", "name"]


class SessionPermissionPolicy(ModelPermissionPolicy):
    """Model permissions (coordinators have them) narrowed to the programmes
    whose pages the user may edit."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_coordinate(user, instance.programme)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Session.objects.none()
        return Session.objects.filter(programme__in=coordinated_programmes(user))


register_permission_policy(Session, SessionPermissionPolicy(Session))


class SessionForm(WagtailAdminModelForm):
    class Meta:
        model = Session
        fields = [
            "programme",
            "starts_at",
            "ends_at",
            "venue",
            "capacity",
            "reserved_places",
            "status",
            "cancel_reason",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reserved_places"].required = False

    def clean_reserved_places(self):
        return self.cleaned_data["reserved_places"] or 0

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Session.Status.CANCELLED and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Say why the session is cancelled: families will see it."))
        return cleaned


class SessionDeleteView(RefuseDeletingWhatIsUsed, DeleteView):
    def in_use_message(self):
        return gettext(
            "This session has registrations, attendance or shifts, so it cannot be deleted. Cancel it instead."
        )


class CoordinatedSessionMixin:
    """Only sessions of programmes the user coordinates exist for them: others are a 404."""

    def get_object(self, queryset=None):
        allowed = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["change", "view"])
        pk = getattr(self, "object_pk", None) or self.pk
        return get_object_or_404(allowed, pk=unquote(str(pk)))


class ServiceErrorsAsFormErrors:
    """A refusal from the scheduling services shows on the form; nothing is saved."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ProgrammeError as error:
            form.add_error(None, error.message)
            self.produced_error_message = error.message
            return self.form_invalid(form)


class SessionIndexView(IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(
            self.request.user, ["view", "change"]
        ).select_related("programme", "venue")


class SessionCreateView(ServiceErrorsAsFormErrors, CreateView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["programme"].queryset = coordinated_programmes(self.request.user)
        return form

    def save_instance(self):
        data = self.form.cleaned_data
        return scheduling.add_session(
            data["programme"],
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            venue=data["venue"],
            capacity=data["capacity"],
            reserved_places=data["reserved_places"],
            by=self.request.user,
        )


class SessionInspectView(CoordinatedSessionMixin, InspectView):
    pass


class SessionHistoryView(CoordinatedSessionMixin, HistoryView):
    pass


class SessionUsageView(CoordinatedSessionMixin, UsageView):
    pass


class SessionEditView(CoordinatedSessionMixin, ServiceErrorsAsFormErrors, EditView):
    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        form.fields["programme"].disabled = True
        return form

    def save_instance(self):
        """Every change goes through the scheduling services: they bump the
        iCal sequence and write the audit log."""
        session = Session.objects.get(pk=self.object.pk)
        data, user = self.form.cleaned_data, self.request.user
        moved = (data["starts_at"], data["ends_at"], data["venue"]) != (
            session.starts_at,
            session.ends_at,
            session.venue,
        )
        if moved:
            session = scheduling.move_session(
                session, starts_at=data["starts_at"], ends_at=data["ends_at"], venue=data["venue"], by=user
            )
        if (data["capacity"], data["reserved_places"]) != (session.capacity, session.reserved_places):
            session = scheduling.change_capacity(
                session, capacity=data["capacity"], reserved_places=data["reserved_places"], by=user
            )
        if data["status"] == Session.Status.CANCELLED and (
            not session.is_cancelled or data["cancel_reason"].strip() != session.cancel_reason
        ):
            session = scheduling.cancel_session(session, reason=data["cancel_reason"], by=user)
        elif session.is_cancelled:
            session = scheduling.reinstate_session(session, by=user)
        return session


class ProgrammeFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Programme"))
        kwargs["queryset"] = lambda request: (
            coordinated_sources(request.user) if request is not None else ProgrammePage.objects.none()
        )
        super().__init__(*args, **kwargs)


class SessionFilterSet(WagtailFilterSet):
    programme = ProgrammeFilter()

    class Meta:
        model = Session
        fields = ["programme", "status", "venue"]


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    inspect_view_class = SessionInspectView
    history_view_class = SessionHistoryView
    usage_view_class = SessionUsageView
    delete_view_class = SessionDeleteView
    list_display = ["programme", "starts_at", "ends_at", "venue", "capacity", "status", "needs_attention"]
    filterset_class = SessionFilterSet
    list_export = ["programme", "starts_at", "ends_at", "venue", "capacity", "status", "cancel_reason", "sequence"]
    export_filename = "sessions"
    search_fields = ["programme__title", "cancel_reason"]
    search_backend_name = None
    ordering = ["starts_at"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return SessionForm


# Households, registrations and memberships: read-only in the admin.
#
# Registrations and memberships are made, cancelled, moved up and decided at
# the desk (programmes/views/desk.py) and on the public pages, through
# services.enrolment: that is where capacity, the reserved places, the waiting
# list, the age range and the mails are applied, under a lock on the session.
# An admin edit form would write the row directly and could put a household
# over capacity or confirm it past the waiting list, so there is none: the
# admin lists, filters, exports and inspects. Households likewise: they are
# created through services.households (duplicate flag, consent), and deleting
# one would silently delete its registrations.


class ReadOnlyPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, but only "view" counts in the admin: no add,
    edit or delete views for anyone, superusers included."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


class RegistrationPermissionPolicy(ReadOnlyPermissionPolicy):
    """Coordinators see the registrations of the programmes whose pages they may edit."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_coordinate(user, instance.session.programme)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Registration.objects.none()
        return Registration.objects.filter(session__programme__in=coordinated_programmes(user))


class MembershipPermissionPolicy(ReadOnlyPermissionPolicy):
    """Coordinators see the memberships of the groups whose pages they may edit."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_coordinate(user, instance.programme)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Membership.objects.none()
        return Membership.objects.filter(programme__in=coordinated_programmes(user))


class HouseholdPermissionPolicy(ReadOnlyPermissionPolicy):
    """Everyone with the view permission (coordinators, social workers) sees
    every household, not only those registered for their own programmes: a
    family known from the grocery must be found when it comes to the parent
    breakfast, and a social worker follows a family across programmes.
    Registrations and memberships stay scoped to the coordinator's programmes
    in their own lists; a household's page shows all of them, because that is
    what the person looking the family up needs to see."""


register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))
register_permission_policy(Membership, MembershipPermissionPolicy(Membership))
register_permission_policy(Household, HouseholdPermissionPolicy(Household))


class VisibleObjectMixin:
    """A row the user may not see is a 404, not a page: for inspect and history."""

    def get_object(self, queryset=None):
        visible = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
        return get_object_or_404(visible, pk=unquote(str(self.pk)))


class ReadOnlyHistoryView(VisibleObjectMixin, HistoryView):
    # Wagtail asks for add/change/delete; here the history is part of looking.
    any_permission_required = ["view"]


def csv_safe(value):
    """A name typed by a family must not become a formula in a spreadsheet
    (XLSX export already writes such cells as text)."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class HouseholdLinkMixin:
    """The household of the row, linked to its page (members, other registrations)."""

    def get_household_display_value(self):
        household = self.object.household
        if not self.request.user.has_perm("programmes.view_household"):
            return household.contact_name
        return format_html('<a href="{}">{}</a>', reverse("household:inspect", args=[household.pk]), household)


def desk_button(label, url, user):
    """A link from the admin to the desk screen that acts on the row, for desk users."""
    if user.has_perm("website.use_desk"):
        return [HeaderButton(label, url=url, icon_name="link-external")]
    return []


class RegistrationFilterSet(WagtailFilterSet):
    programme = ProgrammeFilter(field_name="session__programme")

    class Meta:
        model = Registration
        fields = ["status", "source", "programme"]


class AuditedExportMixin:
    """For an IndexView whose download (`?export=csv` / `xlsx`) holds personal
    data: each download writes an audit entry (who, when, which list, format,
    number of rows; never the filters, which may hold a family's name).
    `as_spreadsheet` is where Wagtail's IndexView turns the list into a file.
    A download needs a recent password (programmes.reauth), asked before the
    list is queried; the list on screen does not. `get` runs after Wagtail's
    permission check, so a user without access still gets a 403."""

    def get(self, request, *args, **kwargs):
        if self.is_export:
            response = reauth.asks_for_password(request)
            if response is not None:
                return response
        return super().get(request, *args, **kwargs)

    def as_spreadsheet(self, queryset, spreadsheet_format):
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if response is not None:
            rows = len(queryset) if isinstance(queryset, list) else queryset.count()
            audit.log_export(self.model, by=self.request.user, export_format=spreadsheet_format, rows=rows)
        return response


class RegistrationIndexView(AuditedExportMixin, IndexView):
    custom_field_preprocess = {"household": {"csv": csv_safe}, "session": {"csv": csv_safe}}

    def get_base_queryset(self):
        # Confirmed, then the waiting list in its order, then cancelled.
        return (
            self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
            .select_related("household", "session__programme")
            .annotate(
                status_rank=Case(
                    When(status=Registration.Status.CONFIRMED, then=Value(0)),
                    When(status=Registration.Status.WAITING, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
        )


class RegistrationInspectView(VisibleObjectMixin, HouseholdLinkMixin, InspectView):
    def get_waiting_position_display_value(self):
        return self.object.waiting_position() or "-"

    def get_field_label(self, field_name, field):
        if field_name == "waiting_position":
            return _("Place on the waiting list")
        return super().get_field_label(field_name, field)

    @cached_property
    def header_buttons(self):
        url = reverse("desk:session_registrations", args=[self.object.session_id])
        return desk_button(_("Open at the desk"), url, self.request.user)


class RegistrationViewSet(ModelViewSet):
    model = Registration
    icon = "list-ul"
    menu_label = _("Registrations")
    index_view_class = RegistrationIndexView
    inspect_view_class = RegistrationInspectView
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["household", "session", "status", "places", "source", "created_at"]
    filterset_class = RegistrationFilterSet
    list_export = [
        "household",
        "session",
        "status",
        "places",
        "uses_reserved_place",
        "source",
        "waiting_since",
        "created_at",
        "cancelled_at",
        "promoted_at",
    ]
    export_filename = "registrations"
    search_fields = ["household__contact_name"]
    search_backend_name = None
    ordering = ["session__starts_at", "session_id", "status_rank", "waiting_since", "created_at", "pk"]
    inspect_view_fields = [
        "household",
        "session",
        "status",
        "waiting_position",
        "members",
        "places",
        "uses_reserved_place",
        "source",
        "created_at",
        "waiting_since",
        "promoted_at",
        "cancelled_at",
    ]
    # There is no form (see above); ModelViewSet insists on saying which fields it would have.
    form_fields = []


class MembershipFilterSet(WagtailFilterSet):
    programme = ProgrammeFilter(field_name="programme", label=_("Group"))

    class Meta:
        model = Membership
        fields = ["status", "source", "programme"]


class MembershipIndexView(AuditedExportMixin, IndexView):
    custom_field_preprocess = {"household": {"csv": csv_safe}, "programme": {"csv": csv_safe}}

    def get_base_queryset(self):
        # Applications to answer first, then members, then the past.
        return (
            self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
            .select_related("household", "programme")
            .annotate(
                status_rank=Case(
                    When(status=Membership.Status.APPLIED, then=Value(0)),
                    When(status=Membership.Status.ACTIVE, then=Value(1)),
                    default=Value(2),
                    output_field=IntegerField(),
                )
            )
        )


class MembershipInspectView(VisibleObjectMixin, HouseholdLinkMixin, InspectView):
    @cached_property
    def header_buttons(self):
        url = reverse("desk:group_members", args=[self.object.programme_id])
        return desk_button(_("Open the group at the desk"), url, self.request.user)


class MembershipViewSet(ModelViewSet):
    model = Membership
    icon = "group"
    menu_label = _("Group members")
    index_view_class = MembershipIndexView
    inspect_view_class = MembershipInspectView
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["household", "programme", "status", "source", "created_at", "decided_at"]
    filterset_class = MembershipFilterSet
    list_export = ["household", "programme", "status", "source", "created_at", "decided_at", "ended_at"]
    export_filename = "memberships"
    search_fields = ["household__contact_name"]
    search_backend_name = None
    ordering = ["programme_id", "status_rank", "created_at", "pk"]
    inspect_view_fields = [
        "household",
        "programme",
        "status",
        "members",
        "source",
        "created_at",
        "decided_at",
        "ended_at",
        "reason",
    ]
    form_fields = []


class HouseholdFilterSet(WagtailFilterSet):
    possible_duplicates = django_filters.BooleanFilter(
        label=_("Possible duplicates"),
        field_name="possible_duplicate_of",
        lookup_expr="isnull",
        exclude=True,
        widget=BooleanRadioSelect,
    )

    class Meta:
        model = Household
        fields = ["possible_duplicates", "referred", "source", "language"]


class HouseholdIndexView(IndexView):
    def get_base_queryset(self):
        visible = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
        return visible.select_related("possible_duplicate_of")

    def search_queryset(self, queryset):
        """Also by phone however it is spaced, and by the first name of any member."""
        if not self.is_searching:
            return queryset
        text = self.search_query
        condition = Q(pk__in=Person.objects.filter(first_name__icontains=text).values("household_id"))
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": text})
        if len(digits(text)) >= 4:
            condition |= Q(phone_digits__contains=digits(text))
        return queryset.filter(condition)


class HouseholdInspectView(VisibleObjectMixin, InspectView):
    template_name = "programmes/admin/household_inspect.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        household = self.object
        context["members"] = household.members.all()
        context["registrations"] = household.registrations.select_related("session__programme").order_by(
            "-session__starts_at", "-pk"
        )
        context["memberships"] = household.memberships.select_related("programme").order_by("-created_at", "-pk")
        context["consents"] = household.consents.all()
        return context

    @cached_property
    def header_buttons(self):
        # An access request: everything about the household, for those who may see all of it.
        if not subject_access.may_export(self.request.user, self.object):
            return []
        url = reverse("programmes_subject_access:household", args=[self.object.pk])
        return [HeaderButton(_("Export all data"), url=url, icon_name="download")]


class HouseholdViewSet(ModelViewSet):
    model = Household
    icon = "home"
    menu_label = _("Households")
    index_view_class = HouseholdIndexView
    inspect_view_class = HouseholdInspectView
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["contact_name", "postcode", "phone", "email", "referred", "possible_duplicate_of", "created_at"]
    filterset_class = HouseholdFilterSet
    search_fields = ["contact_name", "phone", "email", "postcode"]
    search_backend_name = None
    ordering = ["contact_name", "pk"]
    inspect_view_fields = [
        "contact_name",
        "phone",
        "email",
        "language",
        "street",
        "postcode",
        "city",
        "referred",
        "possible_duplicate_of",
        "source",
        "created_at",
    ]
    form_fields = []


class HouseholdChooserFilterForm(BaseFilterForm):
    """The desk's household search (name, member's first name, phone, postcode) in the admin's chooser."""

    q = forms.CharField(label=_("Name, phone number or postcode"), required=False, max_length=100)

    def filter(self, objects):
        text = (self.cleaned_data.get("q") or "").strip()
        if text:
            self.is_searching, self.search_query = True, text
            return objects.search(text)
        return objects


class MayViewHouseholds:
    """Wagtail's chooser views let any admin user in; households are for those
    who may view them (coordinators, social workers)."""

    def dispatch(self, request, *args, **kwargs):
        if not policy_registry.get_by_type(Household).user_has_permission(request.user, "view"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class HouseholdChooseView(MayViewHouseholds, chooser_views.ChooseView):
    filter_form_class = HouseholdChooserFilterForm


class HouseholdChooseResultsView(MayViewHouseholds, chooser_views.ChooseResultsView):
    filter_form_class = HouseholdChooserFilterForm


class HouseholdChosenView(MayViewHouseholds, chooser_views.ChosenView):
    pass


class HouseholdChosenMultipleView(MayViewHouseholds, chooser_views.ChosenMultipleView):
    def get_objects(self, pks):
        # What cannot be an id is chosen by nobody, not a server error.
        return super().get_objects([pk for pk in pks if posted_id(pk) is not None])


class ChooserOfIds(BaseChooser):
    """Wagtail's chooser widget, showing nothing chosen for a value that cannot
    be an id, as for an unknown one: a refused form sent back with "²" in the
    field was a server error when it was shown again."""

    def get_instance(self, value):
        if value is not None and not isinstance(value, self.model_class) and posted_id(value) is None:
            return None
        return super().get_instance(value)


class HouseholdChooserViewSet(ChooserViewSet):
    model = Household
    base_widget_class = ChooserOfIds
    icon = "home"
    choose_one_text = _("Choose a household")
    choose_another_text = _("Choose another household")
    url_prefix = "programmes/household-chooser"
    choose_view_class = HouseholdChooseView
    choose_results_view_class = HouseholdChooseResultsView
    chosen_view_class = HouseholdChosenView
    chosen_multiple_view_class = HouseholdChosenMultipleView


household_chooser_viewset = HouseholdChooserViewSet("household_chooser")


class ProgrammesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Programmes")
    menu_icon = "calendar"
    items = (SessionViewSet, RegistrationViewSet, MembershipViewSet, HouseholdViewSet, LanguageViewSet)


# Volunteers, their certificates and the roles of shifts.
#
# Volunteers work across programmes, so whoever may manage volunteers (the
# coordinators, migration 0008) sees all of them; only superusers delete one
# or a role. The certificates are edited on the volunteer's page; what
# confirming one means is in forms/volunteer_admin.py.

MODEL_2_VALID, MODEL_2_EXPIRING, MODEL_2_EXPIRED = "valid", "expiring", "expired"
MODEL_2_UNCONFIRMED, MODEL_2_NONE = "unconfirmed", "none"


def model_2_state(certificates, *, today, reminder):
    """(state, date) of a volunteer's model 2 `certificates` on `today`: "valid"
    with its end (None: no end), "expiring" when that end is within
    `reminder`, "unconfirmed" when only a certificate nobody confirmed yet is
    current, "expired" with the last end, or "none"."""
    covering = [certificate for certificate in certificates if certificate.covers(today)]
    if covering:
        ends = [certificate.valid_until for certificate in covering]
        if None in ends:
            return MODEL_2_VALID, None
        end = max(ends)
        return (MODEL_2_EXPIRING if end <= today + reminder else MODEL_2_VALID), end
    if any(certificate.valid_until is None or certificate.valid_until >= today for certificate in certificates):
        return MODEL_2_UNCONFIRMED, None
    if certificates:
        return MODEL_2_EXPIRED, max(certificate.valid_until for certificate in certificates)
    return MODEL_2_NONE, None


def model_2_label(state, day):
    date = date_format(day, "SHORT_DATE_FORMAT") if day else ""
    if state == MODEL_2_VALID:
        return gettext("Valid until %(date)s") % {"date": date} if day else gettext("Valid")
    if state == MODEL_2_EXPIRING:
        return gettext("Runs out on %(date)s") % {"date": date}
    if state == MODEL_2_EXPIRED:
        return gettext("Expired on %(date)s") % {"date": date}
    if state == MODEL_2_UNCONFIRMED:
        return gettext("To confirm")
    return gettext("No certificate")


def field_label(model, name):
    return capfirst(model._meta.get_field(name).verbose_name)


class VolunteerIndexView(IndexView):
    def get_base_queryset(self):
        model_2 = Certificate.objects.filter(kind=Certificate.Kind.MODEL_2).order_by("-issued_on")
        return (
            super()
            .get_base_queryset()
            .select_related("user")
            .prefetch_related(Prefetch("certificates", queryset=model_2, to_attr="model_2_certificates"))
        )

    def search_queryset(self, queryset):
        """Every word in the first name, the last name or the username: "An Peeters" finds her."""
        if not self.is_searching:
            return queryset
        for word in self.search_query.split()[:5]:
            queryset = queryset.filter(
                Q(user__first_name__icontains=word)
                | Q(user__last_name__icontains=word)
                | Q(user__username__icontains=word)
            )
        return queryset

    @cached_property
    def columns(self):
        today = timezone.localdate()
        weeks = VolunteerSettings.load(request_or_site=self.request).renewal_reminder_weeks
        reminder = datetime.timedelta(weeks=weeks)
        states = {}

        def state(volunteer):
            if volunteer.pk not in states:
                states[volunteer.pk] = model_2_state(volunteer.model_2_certificates, today=today, reminder=reminder)
            return states[volunteer.pk]

        return [
            *super().columns,
            StatusTagColumn(
                "model_2",
                label=_("Model 2 certificate"),
                accessor=lambda volunteer: model_2_label(*state(volunteer)),
                primary=lambda volunteer: state(volunteer)[0] == MODEL_2_VALID,
            ),
        ]


class VolunteerEditView(EditView):
    def save_instance(self):
        instance = super().save_instance()
        for certificate in self.form.dropped_confirmations:
            messages.warning(
                self.request,
                gettext(
                    "The dates of “%(certificate)s” changed, so it is no longer confirmed. "
                    "Check the document and tick “confirmed” again."
                )
                % {"certificate": certificate},
            )
        return instance


class CertificateInlinePanel(InlinePanel):
    """Certificates with the form that turns the "confirmed" box into who and when."""

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name].update(
            form=CertificateForm, formset=CertificateFormSet, inherit_kwargs=["for_user"]
        )
        return options


class VolunteerViewSet(ModelViewSet):
    model = Volunteer
    icon = "user"
    menu_label = _("Volunteers")
    index_view_class = VolunteerIndexView
    edit_view_class = VolunteerEditView
    copy_view_enabled = False
    list_display = [
        "__str__",
        "phone",
        BooleanColumn("active", label=field_label(Volunteer, "active")),
        "agreement_signed_on",
    ]
    list_filter = ["active"]
    search_fields = ["user__first_name", "user__last_name", "user__username"]
    search_backend_name = None
    edit_handler = ObjectList(
        [
            FieldPanel("user"),
            FieldPanel("phone"),
            FieldPanel("languages", widget=forms.CheckboxSelectMultiple),
            FieldPanel("skills"),
            FieldPanel("availability"),
            FieldRowPanel([FieldPanel("agreement_signed_on"), FieldPanel("insurance_note")]),
            FieldPanel("active"),
            CertificateInlinePanel(
                "certificates",
                heading=_("Certificates"),
                label=_("Certificate"),
                help_text=_(
                    "Only the dates are kept, never the document: look at the certificate, note its dates "
                    "and tick “confirmed”. A model 2 certificate counts only once confirmed."
                ),
                panels=[
                    FieldPanel("kind"),
                    FieldRowPanel([FieldPanel("issued_on"), FieldPanel("valid_until")]),
                    FieldPanel("confirmed"),
                ],
            ),
        ],
        base_form_class=VolunteerForm,
    )


class RoleDeleteView(RefuseDeletingWhatIsUsed, SnippetDeleteView):
    # The before_delete_snippet hook refuses a role in use; this catches a
    # shift added in the meantime.
    def in_use_message(self):
        return role_in_use_message(self.object)


def role_in_use_message(role):
    return gettext("“%(role)s” is used by shifts or standard shifts, so it cannot be deleted. Rename it instead.") % {
        "role": role
    }


def refuse_deleting_roles_in_use(request, instances):
    """The before_delete_snippet hook: a role that shifts or standard shifts
    use stays (PROTECT), with a message instead of an error page."""
    roles = [instance for instance in instances if isinstance(instance, Role)]
    if not roles:
        return None
    pks = [role.pk for role in roles]
    used = set(Shift.objects.filter(role__in=pks).values_list("role", flat=True))
    used |= set(ShiftTemplate.objects.filter(role__in=pks).values_list("role", flat=True))
    in_use = [role for role in roles if role.pk in used]
    if not in_use:
        return None
    for role in in_use:
        messages.error(request, role_in_use_message(role))
    return redirect(reverse(Role.snippet_viewset.get_url_name("list")))


def qualifications_display(role):
    labels = dict(Role.QUALIFICATIONS)
    return ", ".join(str(labels.get(kind, kind)) for kind in role.required_qualifications)


class RoleViewSet(SnippetViewSet):
    model = Role
    chooser_viewset_class = SnippetChooser
    icon = "tag"
    menu_label = _("Volunteer roles")
    # Listed in the Volunteers menu, not under Snippets.
    menu_item_is_registered = True
    delete_view_class = RoleDeleteView
    list_display = [
        "name",
        BooleanColumn("child_facing", label=field_label(Role, "child_facing")),
        BooleanColumn("requires_model_2", label=field_label(Role, "requires_model_2")),
        Column(
            "required_qualifications",
            label=field_label(Role, "required_qualifications"),
            accessor=qualifications_display,
        ),
    ]
    search_fields = ["name"]
    search_backend_name = None
    panels = [
        FieldPanel("name"),
        FieldPanel("child_facing"),
        FieldPanel("requires_model_2"),
        FieldPanel("required_qualifications"),
    ]


class VolunteersViewSetGroup(ModelViewSetGroup):
    menu_label = _("Volunteers")
    menu_icon = "group"
    items = (VolunteerViewSet, RoleViewSet)
