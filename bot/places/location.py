"""A shared location to a time zone, with timezonefinder's polygons."""

from __future__ import annotations

import math
import threading
from functools import cache

from timezonefinder import TimezoneFinder

# --- shared locations -----------------------------------------------------------------------

_finder_lock = threading.Lock()


@cache
def location_finder() -> TimezoneFinder:
    """The zone-polygon finder, opened once."""
    # The default file-backed mode keeps memory near 30 MB; in_memory would load it all.
    return TimezoneFinder()


def zone_for_location(latitude: float, longitude: float) -> str | None:
    """The IANA zone at a point on land (or in territorial waters), None out at sea."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    with _finder_lock:
        zone = location_finder().timezone_at_land(lng=longitude, lat=latitude)
    return zone if isinstance(zone, str) else None
