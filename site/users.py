"""Wagtail's users list, with its group filter taking ids only: on SQLite a
40-digit group id in the address overflowed in Django's own lookup, a server
error. Installed through website.apps.UsersConfig."""

from wagtail.users.views.users import UserFilterSet as WagtailUserFilterSet
from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from programmes.filters import IdsFilterField


class UserFilterSet(WagtailUserFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Wagtail makes this filter here, per request; its field is made on first use.
        self.filters["group"].field_class = IdsFilterField


class UserViewSet(WagtailUserViewSet):
    filterset_class = UserFilterSet
