from django.db import models
from django.utils.translation import gettext_lazy as _


class Desk(models.Model):  # noqa: DJ008 - never instantiated, holds a permission
    """Holds the permission to use the desk; it has no table of its own.

    Desk screens belong to several apps, so the permission that opens the desk
    cannot live on any one of their models.
    """

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("use_desk", _("Can use the desk"))]
