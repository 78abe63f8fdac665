from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from groceries.viewsets import BadgeViewSet
from programmes import audit


@hooks.register("register_admin_viewset")
def register_badges():
    return BadgeViewSet("badges")


@hooks.register("register_log_actions")
def register_grocery_actions(actions):
    audit.register_actions(
        actions,
        {
            "groceries.badge.issued": (_("Issue badge"), _("Badge issued")),
            "groceries.badge.renewed": (_("Renew badge"), _("Badge renewed")),
            "groceries.badge.suspended": (_("Suspend badge"), _("Badge suspended")),
            "groceries.badge.reactivated": (_("Reactivate badge"), _("Badge reactivated")),
            "groceries.badge.replaced": (_("Replace badge"), _("Badge replaced")),
            "groceries.badge.notes_changed": (_("Change badge notes"), _("Badge notes changed")),
            "groceries.badge.notes_viewed": (_("Read badge notes"), _("Badge notes read")),
        },
    )
