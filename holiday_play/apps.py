from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HolidayPlayConfig(AppConfig):
    name = "holiday_play"
    verbose_name = _("Holiday playgrounds")
    default_auto_field = "django.db.models.BigAutoField"
