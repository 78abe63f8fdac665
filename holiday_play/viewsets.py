"""The playgrounds in the admin: school holidays (a snippet, and an import
from an .ics file that shows what will change before anything is saved),
early-detection signals for social workers, and child profiles for
coordinators."""

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField
from django.forms import inlineformset_factory, modelform_factory
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import linebreaksbr
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import IndexView, SnippetViewSet

from holiday_play.forms import ConfirmImportForm, HolidayFileForm, sign_periods
from holiday_play.models import Booking, ChildContact, ChildProfile, HolidayPeriod, PlaygroundSettings, Signal
from holiday_play.permissions import (
    FOLLOW_UP_PERMISSION,
    MEDICAL_PERMISSION,
    SIGNAL_PERMISSION,
    may_see_child_medical,
    medical_notes_viewed,
    signal_viewed,
    worked_playgrounds,
)
from holiday_play.services import holiday_import
from holiday_play.services.signals import SignalError, follow_up
from programmes import audit, reauth
from programmes.errors import ProgrammeError
from programmes.reauth import RecentAuthenticationRequiredMixin
from programmes.viewsets import ReadOnlyHistoryView, SnippetChooser, VisibleObjectMixin


class HolidayIndexView(IndexView):
    @cached_property
    def header_buttons(self):
        buttons = list(super().header_buttons)
        if self.permission_policy.user_has_permission(self.request.user, "add"):
            buttons.append(
                HeaderButton(_("Import from an .ics file"), url=reverse("holiday_import"), icon_name="upload")
            )
        return buttons


class HolidayImportView(WagtailAdminTemplateMixin, FormView):
    """Step 1: upload and see the changes. Step 2 (`confirm` in the POST): save them."""

    template_name = "holiday_play/admin/import.html"
    page_title = _("Import school holidays")
    header_icon = "calendar"
    form_class = HolidayFileForm

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (user.has_perm("holiday_play.add_holidayperiod") and user.has_perm("holiday_play.change_holidayperiod")):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("wagtailsnippets_holiday_play_holidayperiod:list"), "label": _("School holidays")},
            {"url": "", "label": self.get_page_title()},
        ]

    def post(self, request, *args, **kwargs):
        if "periods" in request.POST:
            return self.confirm(ConfirmImportForm(request.POST))
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            periods, skipped = holiday_import.read_ics(form.cleaned_data["file"])
        except ProgrammeError as error:
            form.add_error("file", error.message)
            return self.form_invalid(form)
        changes = holiday_import.changes(periods)
        context = self.get_context_data(
            form=form,
            changes=changes,
            skipped=skipped,
            to_change=sum(1 for change in changes if change.action != holiday_import.UNCHANGED),
            confirm_form=ConfirmImportForm(initial={"periods": sign_periods(periods)}),
        )
        return self.render_to_response(context)

    def confirm(self, confirm_form):
        if not confirm_form.is_valid():
            for error in confirm_form.errors["periods"]:
                messages.error(self.request, error)
            return redirect("holiday_import")
        periods = [holiday_import.ImportedPeriod.from_data(data) for data in confirm_form.cleaned_data["periods"]]
        made = holiday_import.apply(periods)
        messages.success(
            self.request,
            ngettext(
                "%(count)s school holiday added or changed.", "%(count)s school holidays added or changed.", len(made)
            )
            % {"count": len(made)},
        )
        return redirect("wagtailsnippets_holiday_play_holidayperiod:list")


class HolidayPeriodViewSet(SnippetViewSet):
    model = HolidayPeriod
    chooser_viewset_class = SnippetChooser
    icon = "calendar"
    menu_label = _("School holidays")
    index_view_class = HolidayIndexView
    list_display = ["name", "first_day", "last_day", "school_year"]
    list_filter = ["school_year"]
    search_fields = ["name"]
    ordering = ["-first_day"]
    copy_view_enabled = False


# Early-detection signals, for social workers.
#
# Signals are recorded at the desk (views/signals.py) and never added, edited
# or deleted in the admin: the permission policy grants only "view" (the
# social workers' group has it, migration 0003). Marking a signal followed up
# is its own form behind `change_signal` (FOLLOW_UP_PERMISSION), through
# services/signals.py. The list shows who, where and when, never the concern;
# every opening of a signal's page is audit-logged (permissions.signal_viewed).


class SignalPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)


register_permission_policy(Signal, SignalPermissionPolicy(Signal))


class SignalStateFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        if value == "open":
            return queryset.open()
        if value == "followed_up":
            return queryset.filter(followed_up_at__isnull=False)
        return queryset


class SignalFilterSet(WagtailFilterSet):
    state = SignalStateFilter(
        label=_("Status"),
        choices=[("open", _("Open")), ("followed_up", _("Followed up"))],
        empty_label=_("All"),
    )

    class Meta:
        model = Signal
        fields = ["playground"]


def local_datetime(value):
    return formats.date_format(timezone.localtime(value), "j F Y, H:i") if value else "-"


def signal_state(signal):
    return _("Followed up") if signal.followed_up else _("Open")


class SignalIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related(
            "child", "playground"
        )


class SignalInspectView(RecentAuthenticationRequiredMixin, VisibleObjectMixin, generic.InspectView):
    """A signal is at least as sensitive as medical notes: it opens only with
    a recent password too (programmes.reauth)."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        signal_viewed(self.object, by=request.user)
        return response

    def get_concern_display_value(self):
        if self.object.erased_at:
            return _("Erased after the retention period.")
        return linebreaksbr(self.object.concern)

    def get_follow_up_note_display_value(self):
        return linebreaksbr(self.object.follow_up_note) or "-"

    def get_followed_up_at_display_value(self):
        if not self.object.followed_up:
            return _("Not yet")
        return local_datetime(self.object.followed_up_at)

    def get_created_at_display_value(self):
        return local_datetime(self.object.created_at)

    def get_followed_up_by_display_value(self):
        return self.object.followed_up_by or "-"

    def get_author_display_value(self):
        return self.object.author or "-"

    def get_playground_display_value(self):
        return self.object.playground or "-"

    @cached_property
    def header_buttons(self):
        signal = self.object
        if signal.followed_up or signal.erased_at or not self.request.user.has_perm(FOLLOW_UP_PERMISSION):
            return []
        url = reverse("holiday_play_signal:follow_up", args=[signal.pk])
        return [HeaderButton(_("Mark as followed up"), url=url, icon_name="check")]


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label=_("What was done"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("For the other social workers. The animator who sent the signal does not see this."),
    )


class FollowUpView(WagtailAdminTemplateMixin, FormView):
    template_name = "holiday_play/admin/signal_follow_up.html"
    page_title = _("Mark as followed up")
    header_icon = "warning"
    form_class = FollowUpForm

    def dispatch(self, request, pk):
        if not (request.user.has_perm(SIGNAL_PERMISSION) and request.user.has_perm(FOLLOW_UP_PERMISSION)):
            raise PermissionDenied
        self.signal = get_object_or_404(Signal.objects.select_related("child"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.signal)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("holiday_play_signal:index"), "label": _("Signals")},
            {"url": reverse("holiday_play_signal:inspect", args=[self.signal.pk]), "label": str(self.signal)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(signal=self.signal, **kwargs)

    def form_valid(self, form):
        try:
            follow_up(self.signal, form.cleaned_data["note"], by=self.request.user)
        except SignalError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Signal marked as followed up."))
        return redirect("holiday_play_signal:inspect", self.signal.pk)

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=400)


class SignalViewSet(ModelViewSet):
    model = Signal
    icon = "warning"
    menu_label = _("Signals")
    url_prefix = "holiday-play/signals"
    url_namespace = "holiday_play_signal"
    index_view_class = SignalIndexView
    inspect_view_class = SignalInspectView
    history_view_class = ReadOnlyHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    # The page's usage view must not list signals about children at it.
    add_to_reference_index = False
    filterset_class = SignalFilterSet
    list_display = [
        Column("child", label=_("Child")),
        "playground",
        "created_at",
        Column("state", label=_("Status"), accessor=signal_state),
    ]
    search_fields = ["child__first_name", "child__last_name"]
    search_backend_name = None
    ordering = ["-created_at", "-pk"]
    form_fields = []
    inspect_view_fields = [
        "child",
        "playground",
        "created_at",
        "author",
        "concern",
        "followed_up_at",
        "followed_up_by",
        "follow_up_note",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/follow-up/", FollowUpView.as_view(), name="follow_up"),
        ]


# Child profiles, for the playgrounds' coordinators.
#
# Who sees which profile: users with the medical permission see every
# profile (they are the playgrounds' medical staff and work across them);
# everyone else with the profile's model permissions (coordinators, migration
# 0004) sees the children with a booking at a playground they coordinate or
# are in the animator team of. Another child is a 404. Medical notes and
# medication are in the form and on the page only for those who may see them
# for that child (permissions.may_see_child_medical), and every page that
# shows them writes an audit entry. Profiles come with the booking; nobody
# adds or deletes one here (erasure is services/retention.py).


def visible_profiles(user):
    if not user.is_active:
        return ChildProfile.objects.none()
    if user.has_perm(MEDICAL_PERMISSION):
        return ChildProfile.objects.all()
    booked = Booking.objects.active().filter(play_day__programme__in=worked_playgrounds(user).values("pk"))
    return ChildProfile.objects.filter(child__in=booked.values("child_id"))


class ChildProfilePermissionPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        if action == "view" and user.is_active and user.has_perm(MEDICAL_PERMISSION):
            return True
        return action in ("view", "change") and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and visible_profiles(user).filter(pk=instance.pk).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return ChildProfile.objects.none()
        return visible_profiles(user)


register_permission_policy(ChildProfile, ChildProfilePermissionPolicy(ChildProfile))

PROFILE_FIELDS = [
    "diet",
    "allergies",
    "gp_name",
    "gp_phone",
    "photo_consent",
    "may_go_home_alone",
    "uitpas_number",
    "social_tariff",
]
MEDICAL_FIELDS = ["medical_notes", "medication"]
CONTACT_FIELDS = ["name", "relationship", "phone", "may_pick_up", "emergency"]

ContactFormSet = inlineformset_factory(
    ChildProfile, ChildContact, fields=CONTACT_FIELDS, extra=1, can_delete=True, max_num=10, validate_max=True
)


def profile_fields(request, *, shows_medical):
    fields = list(PROFILE_FIELDS)
    if PlaygroundSettings.load(request_or_site=request).store_national_numbers:
        fields.append("national_number")
    if shows_medical:
        fields[2:2] = MEDICAL_FIELDS
    return fields


class ChildProfileIndexView(generic.IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related(
            "child"
        )


class ShowsMedicalMixin:
    """Scoped lookup (another child is a 404), and whether this user sees
    this child's medical notes.

    Those open only with a recent password (programmes.reauth); a profile
    without them needs none. Checked in `get`, after Wagtail's permission
    check. A POST of the edit form is let through: it shows back what was
    typed, not the stored notes, and an edit of several minutes is not
    thrown away."""

    required_action = "view"

    def get(self, request, *args, **kwargs):
        if self.shows_medical:
            response = reauth.asks_for_password(request)
            if response is not None:
                return response
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        # Once per request: the edit view looks its object up in get(), after
        # shows_medical has needed it.
        if not hasattr(self, "_visible_object"):
            pk = getattr(self, "object_pk", None) or self.pk
            visible = self.permission_policy.instances_user_has_any_permission_for(
                self.request.user, [self.required_action]
            )
            self._visible_object = get_object_or_404(visible.select_related("child"), pk=unquote(str(pk)))
        return self._visible_object

    @cached_property
    def shows_medical(self):
        return may_see_child_medical(self.request.user, self.get_object().child)


class ChildProfileInspectView(ShowsMedicalMixin, generic.InspectView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.fields = [
            "child",
            *profile_fields(self.request, shows_medical=self.shows_medical),
            "contacts",
            "updated_at",
            "updated_by",
        ]

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        # Not when the page was not shown: a redirect to "Confirm your password".
        if self.shows_medical and response.status_code == 200:
            medical_notes_viewed(self.object, by=request.user)
        return response

    def get_field_label(self, field_name, field):
        if field_name == "contacts":
            return _("Contacts")
        return super().get_field_label(field_name, field)

    def get_contacts_display_value(self):
        contacts = self.object.contacts.all()
        if not contacts:
            return "-"
        rows = format_html_join(
            "",
            "<li>{} ({}), {}{}{}</li>",
            (
                (
                    contact.name,
                    contact.relationship,
                    contact.phone,
                    " · " + str(_("may pick the child up")) if contact.may_pick_up else "",
                    " · " + str(_("call in an emergency")) if contact.emergency else "",
                )
                for contact in contacts
            ),
        )
        return format_html("<ul>{}</ul>", rows)

    def get_updated_by_display_value(self):
        return self.object.updated_by or "-"

    def get_updated_at_display_value(self):
        return local_datetime(self.object.updated_at)

    def get_field_display_value(self, field_name, field):
        if isinstance(field, BooleanField):
            return _("Yes") if getattr(self.object, field_name) else _("No")
        return super().get_field_display_value(field_name, field)

    def get_medical_notes_display_value(self):
        return linebreaksbr(self.object.medical_notes) or "-"

    def get_medication_display_value(self):
        return linebreaksbr(self.object.medication) or "-"

    def get_allergies_display_value(self):
        return linebreaksbr(self.object.allergies) or "-"


class ChildProfileEditView(ShowsMedicalMixin, generic.EditView):
    required_action = "change"
    template_name = "holiday_play/admin/child_profile_edit.html"

    def get_form_class(self):
        return modelform_factory(
            ChildProfile,
            form=WagtailAdminModelForm,
            fields=profile_fields(self.request, shows_medical=self.shows_medical),
        )

    @cached_property
    def contact_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ContactFormSet(data, instance=self.object, prefix="contacts")

    def get_context_data(self, **kwargs):
        return super().get_context_data(contact_formset=self.contact_formset, **kwargs)

    def is_valid(self, form):
        form_valid = super().is_valid(form)
        contacts_valid = self.contact_formset.is_valid()
        if form_valid and not contacts_valid:
            self.produced_error_code = "validation_error"
            self.produced_error_message = self.get_error_message()
        return form_valid and contacts_valid

    def save_instance(self):
        profile = self.form.save(commit=False)
        profile.updated_by = self.request.user
        profile.save()
        self.contact_formset.instance = profile
        self.contact_formset.save()
        # Which fields changed (names only): the values stay out of the log.
        audit.log_change(
            profile,
            "holiday_play.child_profile.changed",
            by=self.request.user,
            data={"fields": sorted(self.form.changed_data), "contacts": self.contact_formset.has_changed()},
        )
        return profile

    def render_to_response(self, context, **response_kwargs):
        # The form shows the medical notes: the first page and any page with errors.
        if self.shows_medical:
            medical_notes_viewed(self.object, by=self.request.user)
        return super().render_to_response(context, **response_kwargs)


class ScopedUsageView(UsageView):
    def get_base_object_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])


class ChildProfileViewSet(ModelViewSet):
    model = ChildProfile
    icon = "user"
    menu_label = _("Child profiles")
    url_prefix = "holiday-play/children"
    url_namespace = "holiday_play_child_profile"
    index_view_class = ChildProfileIndexView
    inspect_view_class = ChildProfileInspectView
    edit_view_class = ChildProfileEditView
    history_view_class = ReadOnlyHistoryView
    usage_view_class = ScopedUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    add_to_reference_index = False
    list_display = [
        Column("child", label=_("Child")),
        "diet",
        "photo_consent",
        "may_go_home_alone",
        "social_tariff",
        "updated_at",
    ]
    search_fields = ["child__first_name", "child__last_name"]
    search_backend_name = None
    ordering = ["child__first_name", "child__last_name", "pk"]
    form_fields = PROFILE_FIELDS


class PlaygroundViewSetGroup(ModelViewSetGroup):
    menu_label = _("Holiday playgrounds")
    menu_icon = "group"
    menu_order = 260
    items = (SignalViewSet, ChildProfileViewSet)
