"""Rate limits shared by every web process: fixed-window counters in Redis, per action and identity.

Used where guessing is the risk: order tracking, customer log-in and sign-up. When Redis cannot
be reached the limit is not applied (and a line is logged): a shop that keeps selling without a
limit for a while beats one where nobody can log in.
"""

import hashlib
import logging
import time
from dataclasses import dataclass

from redis import RedisError

from shop.services.jobs import redis_connection

log = logging.getLogger("hanout.ratelimit")
KEY_PREFIX = "ratelimit"


@dataclass(frozen=True)
class Limit:
    """At most `attempts` per `seconds`, counted in fixed windows."""

    attempts: int
    seconds: int


# What each limited action allows, per client address and per thing being tried.
LIMITS = {
    "track": Limit(10, 15 * 60),
    "login": Limit(10, 15 * 60),
    "signup": Limit(5, 60 * 60),
    "staff_login": Limit(10, 15 * 60),
    "staff_code": Limit(5, 15 * 60),
}


def _key(action, identity, window):
    # Hashed: identities are phone numbers, references or addresses, which Redis should not hold.
    digest = hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]
    return f"{KEY_PREFIX}:{action}:{digest}:{window}"


def hit(action, *identities, now=None):
    """Count one attempt at `action` for each identity; False when any of them is over its limit.

    Identities are strings like `"ip:203.0.113.9"` or `"ref:AB23CD"`; empty ones are skipped.
    """
    limit = LIMITS[action]
    window = int((now if now is not None else time.time()) // limit.seconds)
    keys = [_key(action, identity, window) for identity in identities if identity]
    try:
        pipeline = redis_connection().pipeline(transaction=False)
        for key in keys:
            pipeline.incr(key)
            pipeline.expire(key, limit.seconds)
        counts = pipeline.execute()[::2]
    except RedisError:
        log.warning("rate limit %s not applied: Redis unreachable", action, exc_info=True)
        return True
    return all(count <= limit.attempts for count in counts)


def reset(action, *identities, now=None):
    """Forget the attempts counted for these identities in the current window (after a success)."""
    limit = LIMITS[action]
    window = int((now if now is not None else time.time()) // limit.seconds)
    keys = [_key(action, identity, window) for identity in identities if identity]
    try:
        if keys:
            redis_connection().delete(*keys)
    except RedisError:
        log.warning("rate limit %s not reset: Redis unreachable", action, exc_info=True)
