"""The log of storefront searches, for the admin's search analytics.

A search is appended to a list in Redis, and the list is saved to `search_queries` in batches:
by a periodic job, and before the analytics are read, so they always include the last search.
An insert and a commit per search would cost each search page a database transaction and a
flush of the write-ahead log. When Redis cannot be reached, the search is inserted at once.
"""

import json
import logging
from datetime import UTC, datetime

import redis
from sqlalchemy import text

from shop.extensions import db
from shop.services.cache import cache_redis, versions

SEARCH_LOG_KEY = "hanout:search-log"
SAVE_BATCH_SIZE = 1000
# One statement per batch; a vehicle deleted since the search is logged as no vehicle.
INSERT_SEARCHES = text(
    """
    INSERT INTO search_queries (query, normalized, language, result_count, vehicle_id, at)
    SELECT logged.query, logged.normalized, logged.language, logged.result_count, vehicles.id,
           logged.at
    FROM jsonb_to_recordset(CAST(:searches AS jsonb)) AS logged(
        query text, normalized text, language text, result_count integer, vehicle_id integer,
        at timestamptz
    )
    LEFT JOIN vehicles ON vehicles.id = logged.vehicle_id
    """
)

log = logging.getLogger(__name__)


def log_search(parsed, language, result_count, vehicle_id=None):
    """Record a search (`parse_query`'s result) with its language, result count and vehicle."""
    search = {
        "query": parsed.text,
        "normalized": parsed.normalized,
        "language": language,
        "result_count": result_count,
        "vehicle_id": vehicle_id,
        "at": datetime.now(UTC).isoformat(),
    }
    # Unreachable for this request already: not another timeout.
    if versions() is not None:
        try:
            cache_redis().rpush(SEARCH_LOG_KEY, json.dumps(search))
            return
        except (redis.RedisError, OSError):
            log.warning("search log: Redis is unreachable, the search is saved at once")
    _insert(json.dumps([search]))
    db.session.commit()


def save_logged_searches():
    """Save the searches waiting in Redis to the database, oldest first, a batch per commit;
    returns how many were saved. A batch the database refuses goes back to the list; while Redis
    is unreachable there is nothing to save (searches are then inserted at once)."""
    saved = 0
    if versions() is None:
        return saved
    client = cache_redis()
    while batch := client.lpop(SEARCH_LOG_KEY, SAVE_BATCH_SIZE):
        try:
            _insert(f"[{b','.join(batch).decode()}]")
            db.session.commit()
        except Exception:
            db.session.rollback()
            client.lpush(SEARCH_LOG_KEY, *reversed(batch))
            raise
        saved += len(batch)
    return saved


def _insert(searches_json):
    db.session.execute(INSERT_SEARCHES, {"searches": searches_json})
