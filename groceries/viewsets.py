"""Badges in the Wagtail admin, for social workers.

Who: users with the badge permissions (the social worker role), and only for
the groceries whose social-work team they are in (groceries/permissions.py):
another grocery's badge is a 404. Nobody deletes a badge: it is suspended or
replaced. Every change goes through services/badges.py; the notes are shown
only on the inspect and edit pages, and each opening of them is audit-logged.
"""

import django_filters
import segno
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import CreateView, EditView, HistoryView, IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from groceries import codes
from groceries.admin_forms import BadgeNotesForm, ConfirmForm, IssueBadgeForm, ReasonForm, RenewForm
from groceries.models import Badge, CheckAttempt, Referrer, Verdict
from groceries.permissions import badge_groceries
from groceries.services import badges
from programmes import audit
from programmes.errors import ProgrammeError
from programmes.models import Household
from programmes.services.households import create_household
from programmes.viewsets import AuditedExportMixin, ServiceErrorsAsFormErrors


class BadgePermissionPolicy(ModelPermissionPolicy):
    """The model permissions, without delete, narrowed to the user's groceries."""

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and badge_groceries(user).filter(pk=instance.grocery_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return Badge.objects.none()
        return Badge.objects.filter(grocery__in=badge_groceries(user))


BADGE_POLICY = BadgePermissionPolicy(Badge)
register_permission_policy(Badge, BADGE_POLICY)


def visible_badges(user, action="view"):
    return BADGE_POLICY.instances_user_has_any_permission_for(user, [action])


class StateFilter(django_filters.ChoiceFilter):
    """Status as the door sees it: an active badge past its end date is expired."""

    def filter(self, queryset, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(status=Badge.Status.ACTIVE, valid_until__lt=today)
        if value == Badge.Status.ACTIVE:
            return queryset.current(today)
        if value:
            return queryset.filter(status=value)
        return queryset


class BadgeFilterSet(WagtailFilterSet):
    state = StateFilter(
        label=_("Status"),
        choices=[*Badge.Status.choices, ("expired", _("Expired"))],
        empty_label=_("All"),
    )
    expiring = django_filters.BooleanFilter(label=_("Ends within 4 weeks"), method="filter_expiring")
    referrer = django_filters.ChoiceFilter(label=_("Referred by"), choices=Referrer.choices, empty_label=_("All"))

    class Meta:
        model = Badge
        fields = ["grocery"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["grocery"].queryset = badge_groceries(user) if user else Badge.objects.none()

    def filter_expiring(self, queryset, name, value):
        if value:
            return queryset.expiring(badges.EXPIRING_WITHIN).order_by("valid_until")
        return queryset


class BadgeIndexView(AuditedExportMixin, IndexView):
    def get_base_queryset(self):
        return visible_badges(self.request.user).select_related("household", "grocery")

    def search_queryset(self, queryset):
        """By the household's name, or by the number however it is typed."""
        if not self.is_searching:
            return queryset
        code = codes.normalise(self.search_query)
        condition = Q(household__contact_name__icontains=self.search_query)
        if len(code) >= 4:
            condition |= Q(code__startswith=code)
        return queryset.filter(condition)

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton(
                _("Ending within 4 weeks"), url=reverse("groceries_badge:index") + "?expiring=true", icon_name="time"
            ),
        ]


class LogsNotesRead:
    """Showing the notes is a read of sensitive data: one audit entry per page view."""

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        badges.notes_viewed(self.object, by=request.user)
        return response


class VisibleBadgeMixin:
    required_action = "view"

    def get_object(self, queryset=None):
        return get_object_or_404(
            visible_badges(self.request.user, self.required_action), pk=unquote(str(self.kwargs["pk"]))
        )


class BadgeInspectView(VisibleBadgeMixin, LogsNotesRead, InspectView):
    def get_printed_code_display_value(self):
        return self.object.printed_code

    def get_state_display_value(self):
        return self.object.get_state_display()

    def get_renewals_display_value(self):
        renewals = self.object.renewals.all()
        return ", ".join(formats.date_format(timezone.localtime(r.renewed_at), "j F Y") for r in renewals) or "-"

    @cached_property
    def header_buttons(self):
        badge, url = self.object, lambda name: reverse(f"groceries_badge:{name}", args=[self.object.pk])
        buttons = [HeaderButton(_("Print the card"), url=url("card"), icon_name="doc-full")]
        if badge.status == Badge.Status.ACTIVE:
            buttons += [
                HeaderButton(_("Renew"), url=url("renew"), icon_name="repeat"),
                HeaderButton(_("Suspend"), url=url("suspend"), icon_name="lock"),
                HeaderButton(_("Replace (lost card)"), url=url("replace"), icon_name="resubmit"),
            ]
        elif badge.status == Badge.Status.SUSPENDED:
            buttons.append(HeaderButton(_("Reactivate"), url=url("reactivate"), icon_name="lock-open"))
        return buttons


class BadgeHistoryView(VisibleBadgeMixin, HistoryView):
    pass


class BadgeUsageView(VisibleBadgeMixin, UsageView):
    # Wagtail's own looks the badge up among all of them: it showed another
    # grocery's badge number to any social worker (tests/test_access_matrix.py).
    pass


class BadgeEditView(VisibleBadgeMixin, LogsNotesRead, EditView):
    required_action = "change"

    def save_instance(self):
        instance = self.form.save()
        audit.log_change(instance, "groceries.badge.notes_changed", by=self.request.user)
        return instance


class BadgeIssueView(ServiceErrorsAsFormErrors, CreateView):
    @transaction.atomic
    def save_instance(self):
        data, user = self.form.cleaned_data, self.request.user
        household = data["household"] or create_household(
            contact_name=data["contact_name"].strip(),
            phone=data["phone"],
            email=data["email"],
            language=data["language"] or "nl",
            postcode=data["postcode"],
            by=user,
            source=Household.Source.DESK,
            referred=True,
            consent=False,
        )
        return badges.issue_badge(
            data["grocery"],
            household,
            by=user,
            referrer=data["referrer"],
            adults=data["adults"],
            children=data["children"],
            valid_from=data["valid_from"],
            notes=data["notes"],
        )

    def get_success_url(self):
        return reverse("groceries_badge:inspect", args=[self.object.pk])


class BadgeActionView(WagtailAdminTemplateMixin, FormView):
    """One change to one badge through its service, with a form for what it needs."""

    template_name = "groceries/admin/badge_action.html"
    header_icon = "tag"
    form_class = ConfirmForm
    page_title = ""
    intro = ""

    def dispatch(self, request, pk):
        self.badge = get_object_or_404(visible_badges(request.user, "change").select_related("grocery"), pk=pk)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.badge.printed_code

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("groceries_badge:index"), "label": _("Badges")},
            {"url": reverse("groceries_badge:inspect", args=[self.badge.pk]), "label": self.badge.printed_code},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(badge=self.badge, intro=self.intro, **kwargs)

    def form_valid(self, form):
        try:
            badge = self.act(form.cleaned_data)
        except ProgrammeError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        messages.success(self.request, self.done)
        return redirect("groceries_badge:inspect", badge.pk)


class RenewView(BadgeActionView):
    form_class = RenewForm
    page_title = _("Renew the badge")
    intro = _("The badge gets another period of validity. Check the household size while you are at it.")
    done = _("Badge renewed.")

    def get_initial(self):
        return {"adults": self.badge.adults, "children": self.badge.children}

    def act(self, data):
        return badges.renew_badge(self.badge, by=self.request.user, adults=data["adults"], children=data["children"])


class SuspendView(BadgeActionView):
    form_class = ReasonForm
    page_title = _("Suspend the badge")
    intro = _("The door refuses a suspended badge until it is reactivated.")
    done = _("Badge suspended.")

    def act(self, data):
        return badges.suspend_badge(self.badge, by=self.request.user, reason=data["reason"])


class ReactivateView(BadgeActionView):
    page_title = _("Reactivate the badge")
    intro = _("The door accepts the badge again.")
    done = _("Badge reactivated.")

    def act(self, data):
        return badges.reactivate_badge(self.badge, by=self.request.user)


class ReplaceView(BadgeActionView):
    form_class = ReasonForm
    page_title = _("Replace the badge")
    intro = _("For a lost or broken card: the old number stops working at once and a new card is made.")
    done = _("A new badge was made. Print its card.")

    def act(self, data):
        return badges.replace_badge(self.badge, by=self.request.user, reason=data["reason"])


def badge_card(request, pk):
    """The printable card: credit-card size, a QR code and the number in large
    print, the grocery and the end date; never the household's name."""
    badge = get_object_or_404(visible_badges(request.user).select_related("grocery", "household"), pk=pk)
    qr = segno.make(badge.printed_code, error="m")
    context = {"badge": badge, "qr": qr.svg_inline(scale=4, border=2, title=badge.printed_code)}
    # The card is for the family: in their language, whatever the admin's.
    with translation.override(badge.household.language):
        return render(request, "groceries/admin/badge_card.html", {**context, "language": translation.get_language()})


class CheckAttemptPermissionPolicy(ModelPermissionPolicy):
    """Read-only, and only the checks at the user's groceries."""

    def user_has_permission(self, user, action):
        return action == "view" and super().user_has_permission(user, action)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and badge_groceries(user).filter(pk=instance.grocery_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return CheckAttempt.objects.none()
        return CheckAttempt.objects.filter(grocery__in=badge_groceries(user))


register_permission_policy(CheckAttempt, CheckAttemptPermissionPolicy(CheckAttempt))


class CheckAttemptFilterSet(WagtailFilterSet):
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices, empty_label=_("All"))

    class Meta:
        model = CheckAttempt
        fields = ["verdict"]


class CheckAttemptIndexView(AuditedExportMixin, IndexView):
    def get_base_queryset(self):
        return self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"]).select_related(
            "user", "opening", "badge"
        )


class CheckAttemptViewSet(ModelViewSet):
    """Every check at the door, newest first: what happened, and who was paused for guessing."""

    model = CheckAttempt
    icon = "history"
    menu_label = _("Checks at the door")
    url_prefix = "groceries/checks"
    url_namespace = "groceries_check"
    index_view_class = CheckAttemptIndexView
    copy_view_enabled = False
    inspect_view_enabled = False
    filterset_class = CheckAttemptFilterSet
    list_display = ["at", "verdict", "code", "badge", "user", "opening"]
    list_export = ["at", "verdict", "code", "user", "opening"]
    export_filename = "door-checks"
    ordering = ["-at", "-pk"]
    form_fields = []


class BadgeViewSet(ModelViewSet):
    model = Badge
    icon = "tag"
    menu_label = _("Badges")
    url_prefix = "groceries/badges"
    url_namespace = "groceries_badge"
    index_view_class = BadgeIndexView
    add_view_class = BadgeIssueView
    edit_view_class = BadgeEditView
    inspect_view_class = BadgeInspectView
    history_view_class = BadgeHistoryView
    usage_view_class = BadgeUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    filterset_class = BadgeFilterSet
    list_display = [
        Column("printed_code", label=_("Badge number")),
        "household",
        "grocery",
        Column("get_state_display", label=_("Status")),
        "valid_until",
        "referrer",
    ]
    list_export = ["printed_code", "grocery", "status", "valid_from", "valid_until", "referrer", "adults", "children"]
    export_filename = "badges"
    search_fields = ["household__contact_name", "code"]
    search_backend_name = None
    ordering = ["valid_until", "pk"]
    inspect_view_fields = [
        "printed_code",
        "household",
        "grocery",
        "state",
        "status_reason",
        "valid_from",
        "valid_until",
        "referrer",
        "adults",
        "children",
        "issued_by",
        "issued_at",
        "renewals",
        "replaces",
        "notes",
    ]

    def get_form_class(self, for_update=False):
        return BadgeNotesForm if for_update else IssueBadgeForm

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<int:pk>/renew/", RenewView.as_view(), name="renew"),
            path("<int:pk>/suspend/", SuspendView.as_view(), name="suspend"),
            path("<int:pk>/reactivate/", ReactivateView.as_view(), name="reactivate"),
            path("<int:pk>/replace/", ReplaceView.as_view(), name="replace"),
            path("<int:pk>/card/", badge_card, name="card"),
        ]


class GroceryViewSetGroup(ModelViewSetGroup):
    menu_label = _("Social grocery")
    menu_icon = "tag"
    menu_order = 250
    items = (BadgeViewSet, CheckAttemptViewSet)
