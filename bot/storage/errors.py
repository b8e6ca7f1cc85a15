"""Storage failures as a product error, so nothing above storage needs SQLAlchemy's types."""

from __future__ import annotations


class StorageUnavailable(Exception):
    """The database could not do its part of a use case (down, locked, or refused the work).

    The database driver's own error is the ``__cause__``, for the log.
    """
