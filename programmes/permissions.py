"""Who coordinates what: Wagtail's page permissions, not a second system.
A coordinator is whoever may edit the programme's page (or a page above it)."""

from django.conf import settings
from wagtail.coreutils import get_supported_content_language_variant

from programmes.models import ProgrammePage
from programmes.permission_cache import CachedPagePermissionPolicy


def coordinated_programmes(user):
    """The programme pages `user` may edit."""
    editable = CachedPagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProgrammePage.objects.filter(pk__in=editable.values("pk"))


def coordinated_sources(user):
    """The programmes `user` coordinates, once each, by title: the pages in
    the default language, on which sessions, registrations and memberships
    hang. By the locale's code, as Locale.get_default() finds it, without
    asking the database for the locale first."""
    default = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    return coordinated_programmes(user).filter(locale__language_code=default).order_by("title")


def may_coordinate(user, programme):
    return CachedPagePermissionPolicy().user_has_permission_for_instance(user, "change", programme)
