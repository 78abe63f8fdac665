"""One version number for everything programmes caches (finder counts,
rendered calendar feeds). Any change to a session or a programme page bumps it,
so every worker stops using what it cached before. Lives in the shared cache."""

from django.core.cache import cache

KEY = "programmes:cache-version"


def current():
    return cache.get_or_set(KEY, 1, None)


def bump(**kwargs):
    """Also a signal receiver."""
    try:
        cache.incr(KEY)
    except ValueError:
        cache.set(KEY, 1, None)
