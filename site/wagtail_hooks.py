from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from programmes import audit


@hooks.register("register_log_actions")
def register_log_actions(actions):
    audit.register_actions(
        actions,
        {
            "website.desk.signed_in": (_("Sign in to the desk"), _("Signed in to the desk")),
            "website.desk.signed_out": (_("Sign out of the desk"), _("Signed out of the desk")),
        },
    )
