"""The certificates' admin addresses, their item in the Reports menu and their
audit actions. Imported at the end of wagtail_hooks.py."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from holiday_play.views import certificates
from programmes import audit


class CertificatesMenuItem(MenuItem):
    # The coordinators' role (its permissions are cached on the user: the
    # menu costs no query on every admin page); the screen itself lists only
    # the playgrounds the user coordinates, and says so when there are none.
    def is_shown(self, request):
        return request.user.has_perm("holiday_play.change_childprofile")


@hooks.register("register_admin_urls")
def register_certificate_urls():
    urls = [
        path("", certificates.CertificateIndexView.as_view(), name="index"),
        path("<int:playground_id>/<int:year>/print/", certificates.CertificatePrintView.as_view(), name="print_all"),
        path(
            "<int:playground_id>/<int:year>/child/<int:child_id>/",
            certificates.CertificatePrintView.as_view(),
            name="print_child",
        ),
    ]
    return [path("playground-certificates/", include((urls, "holiday_play_certificates")))]


@hooks.register("register_reports_menu_item")
def register_certificates_menu_item():
    return CertificatesMenuItem(
        _("Playground certificates"),
        reverse("holiday_play_certificates:index"),
        name="playground-certificates",
        icon_name="doc-full",
        order=1320,
    )


@hooks.register("register_log_actions")
def register_certificate_actions(actions):
    audit.register_actions(
        actions,
        {
            certificates.CHILD_PRINTED: (
                _("Print a child's certificates"),
                _("Certificates for childcare costs and the health insurer printed"),
            ),
            certificates.ALL_PRINTED: (
                _("Print a playground's certificates"),
                _("Every child's certificates of a year printed"),
            ),
        },
    )
