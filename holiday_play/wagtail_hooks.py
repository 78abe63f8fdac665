from django.urls import path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from holiday_play.views import certificates
from holiday_play.viewsets import HolidayImportView, HolidayPeriodViewSet, PlaygroundViewSetGroup
from programmes import audit

register_snippet(HolidayPeriodViewSet)


@hooks.register("register_admin_viewset")
def register_playground_viewsets():
    return PlaygroundViewSetGroup()


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("holidays/import/", HolidayImportView.as_view(), name="holiday_import")]


@hooks.register("register_log_actions")
def register_playground_actions(actions):
    audit.register_actions(
        actions,
        {
            "holiday_play.booking.created": (_("Book a play day"), _("Play day booked")),
            "holiday_play.booking.cancelled": (_("Cancel a play day"), _("Play day cancelled")),
            "holiday_play.child_profile.erased": (
                _("Erase a child's sensitive data"),
                _("Child's sensitive data erased after the retention period"),
            ),
            "holiday_play.child_profile.changed": (_("Change a child's profile"), _("Child's profile changed")),
            "holiday_play.signal.recorded": (_("Record a signal"), _("Signal recorded")),
            "holiday_play.signal.followed_up": (_("Follow up a signal"), _("Signal followed up")),
            "holiday_play.booking.promoted": (
                _("Move up from the waiting list"),
                _("Moved up from the waiting list"),
            ),
            "holiday_play.booking.checked_in": (_("Check a child in"), _("Child checked in")),
            "holiday_play.booking.checked_out": (_("Check a child out"), _("Child checked out")),
            "holiday_play.booking.paid": (_("Mark a play day paid"), _("Play day paid")),
        },
    )


@hooks.register("register_log_actions")
def register_playground_read_actions(actions):
    # Listed in the "Who looked at what" report, with the certificate prints
    # (registered in certificate_hooks.py).
    audit.register_read_actions(
        actions,
        {
            "holiday_play.child_profile.medical_viewed": (_("Read medical notes"), _("Medical notes read")),
            "holiday_play.signal.viewed": (_("Read a signal"), _("Signal read")),
        },
    )
    audit.mark_reads(certificates.CHILD_PRINTED, certificates.ALL_PRINTED)


from holiday_play import certificate_hooks  # noqa: E402, F401 - registers its hooks
