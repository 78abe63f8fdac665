from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroceriesConfig(AppConfig):
    name = "groceries"
    verbose_name = _("Social grocery")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from groceries import retention
        from programmes import audit

        # Door checks, visits and badges go when docs/data_protection.md says.
        retention.register_rules()
        audit.register_subjects(badges_of_their_households)
        from groceries import erasure as grocery_erasure
        from programmes import erasure

        erasure.register(
            "groceries",
            grocery_erasure.erase,
            subjects=grocery_erasure.subjects,
            sessions=grocery_erasure.sessions,
            active=grocery_erasure.active,
        )
        from groceries import subject_access

        subject_access.register_sections()


def badges_of_their_households(person_ids):
    """The objects the "Who looked at what" report finds about these persons: their households' badges."""
    from groceries.models import Badge

    return [(Badge, Badge.objects.filter(household__members__in=person_ids))]
