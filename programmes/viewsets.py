from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import CreateView, EditView, IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import SnippetViewSet

from programmes.errors import ProgrammeError
from programmes.models import Language, Session, Venue
from programmes.permissions import coordinated_programmes, may_coordinate
from programmes.services import scheduling


class VenueViewSet(SnippetViewSet):
    model = Venue
    icon = "site"
    menu_label = _("Venues")
    list_display = ["name", "street", "postcode", "city", "neighbourhood"]
    list_filter = ["city", "neighbourhood"]
    search_fields = ["name", "street", "city", "neighbourhood"]


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
        fields = ["programme", "starts_at", "ends_at", "venue", "capacity", "status", "cancel_reason"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Session.Status.CANCELLED and not (cleaned.get("cancel_reason") or "").strip():
            self.add_error("cancel_reason", _("Say why the session is cancelled: families will see it."))
        return cleaned


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
            by=self.request.user,
        )


class SessionInspectView(CoordinatedSessionMixin, InspectView):
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
        if data["capacity"] != session.capacity:
            session = scheduling.change_capacity(session, capacity=data["capacity"], by=user)
        if data["status"] == Session.Status.CANCELLED and (
            not session.is_cancelled or data["cancel_reason"].strip() != session.cancel_reason
        ):
            session = scheduling.cancel_session(session, reason=data["cancel_reason"], by=user)
        elif session.is_cancelled:
            session = scheduling.reinstate_session(session, by=user)
        return session


class SessionViewSet(ModelViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = SessionIndexView
    add_view_class = SessionCreateView
    edit_view_class = SessionEditView
    inspect_view_class = SessionInspectView
    list_display = ["programme", "starts_at", "ends_at", "venue", "capacity", "status", "needs_attention"]
    list_filter = ["programme", "status", "venue"]
    list_export = ["programme", "starts_at", "ends_at", "venue", "capacity", "status", "cancel_reason", "sequence"]
    export_filename = "sessions"
    search_fields = ["programme__title", "cancel_reason"]
    search_backend_name = None
    ordering = ["starts_at"]
    inspect_view_enabled = True

    def get_form_class(self, for_update=False):
        return SessionForm


class ProgrammesViewSetGroup(ModelViewSetGroup):
    menu_label = _("Programmes")
    menu_icon = "calendar"
    items = (SessionViewSet, LanguageViewSet)
