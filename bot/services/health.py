"""Whether this process can do its work: what ``/healthz`` answers."""

from __future__ import annotations

import logging

from bot.storage import health as store
from bot.storage.db import Database
from bot.storage.errors import StorageUnavailable

log = logging.getLogger(__name__)


async def database_reachable(db: Database) -> bool:
    """True when the database answers a query now."""
    try:
        async with db.transaction() as session:
            await store.ping(session)
    except (StorageUnavailable, OSError) as error:
        log.warning("health check: the database does not answer: %s", type(error).__name__)
        return False
    return True
