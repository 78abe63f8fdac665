from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroceriesConfig(AppConfig):
    name = "groceries"
    verbose_name = _("Social grocery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groceries.models import CheckAttempt
        from programmes import audit, retention

        # Every check at the door is kept 90 days (docs/data_protection.md).
        retention.register(
            "groceries: door checks after 90 days", retention.delete_older_than(CheckAttempt.objects.all, "at", 90)
        )
        audit.register_subjects(badges_of_their_households)


def badges_of_their_households(person_ids):
    """The objects the "Who looked at what" report finds about these persons: their households' badges."""
    from groceries.models import Badge

    return [(Badge, Badge.objects.filter(household__members__in=person_ids))]
