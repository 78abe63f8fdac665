"""Counting attempts per scope and key, to refuse abuse (issue #10).

Used by the public forms here (registration, new manage link), by the
playground's booking form and by both sign-in pages of the site. The limits
are `settings.KANSEN_RATE_LIMITS`: {scope: (attempts, seconds)}.

The counters live in the shared cache, so every worker process sees the same
count. Windows are fixed and aligned to the clock (window number =
time // seconds): the key names its window, so a counter never outlives it and
needs no bookkeeping of when it started. The price is that someone who times
it right gets up to twice the limit around the turn of a window; a brake on
guessing and spamming does not need more. `cache.add` + `cache.incr` are
atomic on Redis (production); on the database cache `incr` is a read and a
write, so two requests in the same instant may count as one.

Keys are keyed hashes (HMAC with SECRET_KEY): no user name, e-mail address
or IP address sits in the cache, and the hashes cannot be reversed from a list
of known addresses without the secret.
"""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import ngettext

# Seconds a counter lives past its window's end, so that a clock tick between
# add and incr never finds it gone.
MARGIN = 5


def limit_for(scope):
    """(attempts, seconds) allowed for `scope`."""
    return settings.KANSEN_RATE_LIMITS[scope]


def _cache_key(scope, key, window, now):
    digest = salted_hmac("kansen.throttle", f"{scope}\x00{key}", algorithm="sha256").hexdigest()
    return f"throttle:{scope}:{digest}:{int(now // window)}"


def _count(scope, key):
    limit, window = limit_for(scope)
    return limit, cache.get(_cache_key(scope, key, window, time.time()), 0)


def hit(scope, key):
    """Count one attempt of `key` in `scope`. True when this attempt is over
    the limit and must be refused."""
    limit, window = limit_for(scope)
    now = time.time()
    cache_key = _cache_key(scope, key, window, now)
    expires_in = (int(now // window) + 1) * window - now + MARGIN
    cache.add(cache_key, 0, timeout=expires_in)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # evicted between add and incr
        cache.set(cache_key, 1, timeout=expires_in)
        count = 1
    # The database cache's incr writes the value back with the default
    # timeout; the window's end is what counts.
    cache.touch(cache_key, timeout=expires_in)
    return count > limit


def is_blocked(scope, key):
    """Whether `key` has used up its attempts in `scope` (counts nothing)."""
    limit, count = _count(scope, key)
    return count >= limit


def reset(scope, key):
    """Forget the attempts of `key` in the current window of `scope`."""
    _limit, window = limit_for(scope)
    cache.delete(_cache_key(scope, key, window, time.time()))


def normalise(value):
    """How names and addresses are counted: 'Anna ' and 'anna' are one."""
    return (value or "").strip().casefold()


def client_address(request):
    """The address a request comes from. REMOTE_ADDR, unless
    `KANSEN_TRUSTED_PROXIES` says how many proxies of ours stand in front:
    then the entry those proxies added to X-Forwarded-For (the ones before it
    are whatever the client sent, and anyone can send anything)."""
    proxies = getattr(settings, "KANSEN_TRUSTED_PROXIES", 0)
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def too_many_attempts(scope):
    """The message for a refused attempt, in the active language."""
    _limit, window = limit_for(scope)
    minutes = math.ceil(window / 60)
    if minutes >= 60 and minutes % 60 == 0:
        hours = minutes // 60
        return ngettext(
            "Too many attempts. Try again in %(count)d hour.", "Too many attempts. Try again in %(count)d hours.", hours
        ) % {"count": hours}
    return ngettext(
        "Too many attempts. Try again in %(count)d minute.",
        "Too many attempts. Try again in %(count)d minutes.",
        minutes,
    ) % {"count": minutes}
