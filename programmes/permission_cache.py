"""A user's permissions, remembered across requests in the shared cache.

Django's ModelBackend reads a user's permissions with two queries and
Wagtail's page permission policy with a third, once per request. On the desk,
where a volunteer checks a badge every few seconds and a coordinator saves a
roll call on a bad connection, that is a fifth of every request. Here each
user's sets are kept in the shared cache, tagged with a version that changes
with every change to groups, group members, permissions, page permissions
and the page tree (and after every migrate): an entry made under another
version is never used, so a change counts from the next request on every
worker. The version changes again when the change commits, so a request that
read the old rows while the change was still open cannot keep them. An entry
lives ENTRY_SECONDS at most in any case.

Only what the database says is kept; is_active and is_superuser are read from
the user each request loads, so deactivating someone needs no invalidation.
"""

import uuid
from collections import defaultdict

from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Left
from django.db.models.lookups import In
from wagtail.permission_policies.pages import PagePermissionPolicy

VERSION_KEY = "permissions:version"
ENTRY_SECONDS = 10 * 60
# What Wagtail's page permission checks read of a grant: the page's place in
# the tree and the permission's codename.
GRANT_FIELDS = ("page", "page__path", "page__depth", "permission", "permission__codename")


def _new_version():
    # Random, not a counter: a version lost from the cache can never come back
    # and match entries made before it was lost.
    cache.set(VERSION_KEY, uuid.uuid4().hex, None)


def changed(**kwargs):
    """Every user's permissions may have changed: a signal receiver."""
    _new_version()
    transaction.on_commit(_new_version)


def remembered(user, kind, compute):
    """`compute()` for `user`, or what it gave under the current version."""
    key = f"permissions:{kind}:{user.pk}"
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, None)
        version = cache.get(VERSION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    value = compute()
    cache.set(key, (version, value), ENTRY_SECONDS)
    return value


class CachedModelBackend(ModelBackend):
    """Django's ModelBackend with each user's permissions remembered."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            compute = super().get_all_permissions
            user_obj._perm_cache = remembered(user_obj, "model", lambda: compute(user_obj))
        return user_obj._perm_cache


class CachedPagePermissionPolicy(PagePermissionPolicy):
    """Wagtail's page permissions with each user's grants remembered."""

    # Not Wagtail's own attribute: Wagtail's views keep a queryset there.
    permission_cache_name = "_remembered_page_permissions"

    def get_all_permissions_for_user(self, user):
        grants = super().get_all_permissions_for_user
        if not user.is_active or user.is_anonymous or user.is_superuser:
            return grants(user)
        # Only what the checks read: a coordinator of a whole town has some
        # fifty grants, read on every request, and a whole page is forty columns.
        return remembered(user, "pages", lambda: list(grants(user).only(*GRANT_FIELDS)))

    def instances_user_has_any_permission_for(self, user, actions):
        """Wagtail's rule as one filter with a condition per tree level: the
        pages whose path begins with a granted page's path. Wagtail combines
        a queryset per grant, and for a coordinator of fifty programmes
        building that filter took longer than running it."""
        everything_or_nothing = self._base_queryset_for_user(user)
        if everything_or_nothing is not None:
            return everything_or_nothing
        add = self._get_permission_codename("add")
        wanted = self._get_permission_codenames(actions)
        below, owned = defaultdict(set), defaultdict(set)
        for grant in self.get_cached_permissions_for_user(user):
            path = grant.page.path
            # Someone who may add pages may edit the pages they own.
            if grant.permission.codename == add and "add" not in actions and "change" in actions:
                owned[len(path)].add(path)
            elif grant.permission.codename in wanted:
                below[len(path)].add(path)
        pages = Q(pk__in=[])
        for length, paths in below.items():
            pages |= Q(In(Left("path", length), sorted(paths)))
        for length, paths in owned.items():
            pages |= Q(In(Left("path", length), sorted(paths)), owner=user)
        return self.model._default_manager.filter(pages)
