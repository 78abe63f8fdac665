from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet

from programmes import audit
from programmes.viewsets import ProgrammesViewSetGroup, VenueViewSet

register_snippet(VenueViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ProgrammesViewSetGroup()


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
        },
    )
