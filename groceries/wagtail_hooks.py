from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from groceries.views import reports
from groceries.viewsets import GroceryViewSetGroup
from programmes import audit


@hooks.register("register_admin_viewset")
def register_grocery_viewsets():
    return GroceryViewSetGroup()


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
        },
    )


@hooks.register("register_log_actions")
def register_grocery_read_actions(actions):
    # Listed in the "Who looked at what" report.
    audit.register_read_actions(
        actions, {"groceries.badge.notes_viewed": (_("Read badge notes"), _("Badge notes read"))}
    )


class GroceryFiguresMenuItem(MenuItem):
    def is_shown(self, request):
        # Permissions only (cached): the menu is drawn on every admin page.
        return reports.may_see_figures(request.user)


@hooks.register("register_admin_urls")
def register_report_urls():
    urls = [
        path("", reports.GroceryFiguresView.as_view(), name="figures"),
        path("print/", reports.GroceryFiguresPrintView.as_view(), name="print"),
    ]
    return [path("grocery-figures/", include((urls, "groceries_reports")))]


@hooks.register("register_reports_menu_item")
def register_grocery_figures_menu_item():
    return GroceryFiguresMenuItem(
        _("Grocery figures"),
        reverse("groceries_reports:figures"),
        name="grocery-figures",
        icon_name="table",
        order=1320,
    )
