"""Counts per finder option, computed from the unfiltered set of upcoming
sessions so that options never vanish while a family narrows down.

Counts live in the shared cache (every worker sees the same) under
`cache_version`, which any change to sessions or programme pages bumps; a
short lifetime also lets sessions that have ended drop out.
"""

from django.core.cache import cache
from django.db.models import Count, Q

from programmes import cache_version
from programmes.models import RegistrationMode

LIFETIME = 10 * 60


def facets_key(index, language, version):
    return f"programmes:facets:{index.pk}:{language}:{version}"


def finder_facets(index, base, language, *, version=None, cached=None):
    """`base`: a function that returns the sessions to count, called only
    when the counts are not in the cache. `version` and `cached`: the cache
    version and what the cache holds under facets_key (a dict of keys read
    in one round trip with others), when the caller read them already."""
    version = version or cache_version.current()
    key = facets_key(index, language, version)
    facets = cache.get(key) if cached is None else cached.get(key)
    if facets is None:
        facets = compute_facets(base()) | {"version": version}
        cache.set(key, facets, LIFETIME)
    return facets


def _counts(queryset, field):
    return {
        str(row[field]): row["n"]
        for row in queryset.order_by().values(field).annotate(n=Count("id", distinct=True))
        if row[field] not in (None, "")
    }


def compute_facets(base):
    hours = base.order_by().values("local_hour").annotate(n=Count("id"))
    part_of_day = {"morning": 0, "afternoon": 0, "evening": 0}
    for row in hours:
        part = "morning" if row["local_hour"] < 12 else "afternoon" if row["local_hour"] < 17 else "evening"
        part_of_day[part] += row["n"]
    flags = base.order_by().aggregate(
        free=Count("id", filter=Q(programme__price=0)),
        social=Count("id", filter=Q(programme__price=0) | Q(programme__social_tariff__isnull=False)),
        walk_in=Count("id", filter=Q(programme__registration_mode=RegistrationMode.WALK_IN)),
        register=Count("id", filter=~Q(programme__registration_mode=RegistrationMode.WALK_IN)),
        for_parents=Count("id", filter=Q(programme__for_parents=True)),
        total=Count("id"),
    )
    return {
        "kind": _counts(base, "programme__kind"),
        "language": _counts(base, "programme__languages__code"),
        "neighbourhood": _counts(base, "venue__neighbourhood"),
        "venue": _counts(base, "venue"),
        "weekday": _counts(base, "local_weekday"),
        "part_of_day": {key: n for key, n in part_of_day.items() if n},
        "cost": {key: flags[key] for key in ("free", "social") if flags[key]},
        "joining": {key: flags[key] for key in ("walk_in", "register") if flags[key]},
        "for_parents": flags["for_parents"],
        "total": flags["total"],
    }
