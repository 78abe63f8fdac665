from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GroceriesConfig(AppConfig):
    name = "groceries"
    verbose_name = _("Social grocery")
    default_auto_field = "django.db.models.BigAutoField"
