from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale
from wagtail.snippets.models import register_snippet

from programmes import audit
from programmes.models import ProgrammePage, RegistrationMode
from programmes.viewsets import (
    ProgrammesViewSetGroup,
    VenueViewSet,
    VolunteersViewSetGroup,
    household_chooser_viewset,
    refuse_deleting_roles_in_use,
)

register_snippet(VenueViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ProgrammesViewSetGroup()


@hooks.register("register_admin_viewset")
def register_household_chooser():
    return household_chooser_viewset


@hooks.register("register_admin_viewset")
def register_volunteer_viewsets():
    return VolunteersViewSetGroup()


hooks.register("before_delete_snippet", refuse_deleting_roles_in_use)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    audit.register_actions(
        actions,
        {
            "programmes.certificate.confirmed": (_("Confirm a certificate"), _("Certificate confirmed")),
            "programmes.certificate.unconfirmed": (
                _("Withdraw a certificate's confirmation"),
                _("Certificate no longer confirmed"),
            ),
        },
    )


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def sessions_button(page, user, view_name=None, next_url=None):
    """From a programme's page in the admin straight to its sessions."""
    specific_class = page.specific_class
    if specific_class and issubclass(specific_class, ProgrammePage) and user.has_perm("programmes.view_session"):
        source = page.get_translation_or_none(Locale.get_default()) or page
        yield Button(
            _("Sessions"),
            reverse("session:index") + "?" + urlencode({"programme": source.pk}),
            icon_name="date",
            priority=40,
        )


@hooks.register("register_page_header_buttons")
@hooks.register("register_page_listing_more_buttons")
def registrations_button(page, user, view_name=None, next_url=None):
    """Next to "Sessions": the programme's registrations, or its members for a group."""
    specific_class = page.specific_class
    if not (specific_class and issubclass(specific_class, ProgrammePage)):
        return
    source = page.get_translation_or_none(Locale.get_default()) or page
    mode = getattr(page, "registration_mode", None)
    if mode == RegistrationMode.MEMBERSHIP and user.has_perm("programmes.view_membership"):
        url, label, icon = reverse("membership:index"), _("Group members"), "group"
    elif mode != RegistrationMode.WALK_IN and user.has_perm("programmes.view_registration"):
        url, label, icon = reverse("registration:index"), _("Registrations"), "list-ul"
    else:
        return
    yield Button(label, url + "?" + urlencode({"programme": source.pk}), icon_name=icon, priority=41)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register_actions(
        actions,
        {
            "programmes.session.added": (_("Add session"), _("Session added")),
            "programmes.session.cancelled": (_("Cancel session"), _("Session cancelled")),
            "programmes.session.moved": (_("Move session"), _("Session moved")),
            "programmes.session.reinstated": (_("Reinstate session"), _("Session reinstated")),
            "programmes.session.capacity_changed": (_("Change places"), _("Number of places changed")),
            "programmes.household.created": (_("Add household"), _("Household added")),
            "programmes.household.merged": (_("Merge households"), _("Households merged")),
            "programmes.registration.created": (_("Add registration"), _("Registration added")),
            "programmes.registration.cancelled": (_("Cancel registration"), _("Registration cancelled")),
            "programmes.registration.promoted": (
                _("Move up from the waiting list"),
                _("Moved up from the waiting list"),
            ),
            "programmes.membership.applied": (_("Apply to join"), _("Applied to join the group")),
            "programmes.membership.accepted": (_("Accept member"), _("Member accepted")),
            "programmes.membership.declined": (_("Decline application"), _("Application declined")),
            "programmes.membership.ended": (_("End membership"), _("Membership ended")),
            "programmes.attendance.recorded": (_("Take attendance"), _("Attendance recorded")),
            "programmes.attendance.head_count": (_("Count walk-ins"), _("Walk-ins counted")),
            "programmes.attendance.note": (_("Write a session note"), _("Session note changed")),
            "programmes.shift.signed_up": (_("Sign up for a shift"), _("Signed up for a shift")),
            "programmes.shift.cancelled": (_("Cancel a shift"), _("Shift cancelled")),
            "programmes.certificate.declared": (_("Declare a certificate"), _("Certificate declared")),
            "programmes.shift.confirmed": (_("Confirm a shift sign-up"), _("Shift sign-up confirmed")),
        },
    )


# Volunteer hours per year, in the Reports menu after the annual report.
from programmes.views import volunteer_hours as volunteer_hours_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_volunteer_hours_urls():
    return volunteer_hours_views.admin_urls()


@hooks.register("register_reports_menu_item")
def register_volunteer_hours_menu_item():
    return volunteer_hours_views.menu_item()


@hooks.register("register_log_actions")
def register_volunteer_hours_log_actions(actions):
    audit.register_read_actions(
        actions,
        {volunteer_hours_views.EXPORTED: (_("Export volunteer hours"), _("Volunteer hours exported"))},
    )


# "Who looked at what": every read and export of personal data, for superusers.
from programmes.views import read_audit as read_audit_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_read_audit_urls():
    return read_audit_views.admin_urls()


@hooks.register("register_reports_menu_item")
def register_read_audit_menu_item():
    return read_audit_views.menu_item()


@hooks.register("register_log_actions")
def register_export_log_actions(actions):
    audit.register_read_actions(
        actions,
        {audit.EXPORTED: (_("Download a list with personal data"), _("List with personal data downloaded"))},
    )


# "Export all data" of a household (an access request), from its page in the admin.
from programmes import subject_access  # noqa: E402
from programmes.views import subject_access as subject_access_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_subject_access_urls():
    return subject_access_views.admin_urls()


@hooks.register("register_log_actions")
def register_subject_access_log_actions(actions):
    audit.register_read_actions(
        actions,
        {
            subject_access.EXPORTED: (_("Export all data of a household"), _("All data of a household exported")),
            subject_access.VOLUNTEER_EXPORTED: (
                _("Export all data of a volunteer"),
                _("All data of a volunteer exported"),
            ),
        },
    )


# "Confirm your password" before medical notes, signals and downloads (programmes.reauth).
from programmes.views import reauth as reauth_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_confirm_password_urls():
    return reauth_views.admin_urls()


# "Erase this household" (programmes.erasure), from its page in the admin; superusers only.
from programmes import erasure  # noqa: E402
from programmes.views import erasure as erasure_views  # noqa: E402


@hooks.register("register_admin_urls")
def register_erasure_urls():
    return erasure_views.admin_urls()


@hooks.register("register_log_actions")
def register_erasure_log_actions(actions):
    audit.register_actions(
        actions,
        {
            erasure.ERASED: (_("Erase household"), _("Household erased")),
            erasure.REPLAYED: (_("Erase household again after a restore"), _("Household erased again")),
        },
    )


from programmes import report_hooks  # noqa: E402, F401
