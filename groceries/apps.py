from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroceriesConfig(AppConfig):
    name = "groceries"
    verbose_name = _("Social grocery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groceries.models import CheckAttempt
        from programmes import retention

        # Every check at the door is kept 90 days (docs/data_protection.md).
        retention.register(
            "groceries: door checks after 90 days", retention.delete_older_than(CheckAttempt.objects.all, "at", 90)
        )
