"""Who coordinates what: Wagtail's page permissions, not a second system.
A coordinator is whoever may edit the programme's page (or a page above it)."""

from programmes.models import ProgrammePage
from programmes.permission_cache import CachedPagePermissionPolicy


def coordinated_programmes(user):
    """The programme pages `user` may edit."""
    editable = CachedPagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return ProgrammePage.objects.filter(pk__in=editable.values("pk"))


def may_coordinate(user, programme):
    return CachedPagePermissionPolicy().user_has_permission_for_instance(user, "change", programme)
