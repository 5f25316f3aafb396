"""The exceptions magfood raises for broken files, failed downloads and bad requests.

User text never raises: a meal that cannot be read becomes items with a status.
These are for what the user must fix outside the meal box. The CLI prints the
message on one line and exits 1; the page shows it with ``st.error``.
"""

from __future__ import annotations

import os


class MagfoodError(Exception):
    """Base class: every message is one plain sentence that names the fix."""


class FoodTableError(MagfoodError):
    """The food table in ``data/`` is missing, unreadable or fails its schema check."""


class SourceError(MagfoodError):
    """An FDC release (folder, zip or API response) is not in the shape magfood reads."""


class DownloadError(MagfoodError):
    """A download or API call failed (network, HTTP status, truncated file)."""


class ValidationError(MagfoodError):
    """A freshly built table failed validation, so the old table was kept."""


class ProfileError(MagfoodError):
    """A person profile that cannot be right (age 150, pregnant at 5, ...)."""


class StorageError(MagfoodError):
    """The saved-days database cannot be read or written."""


class SignInError(MagfoodError):
    """The sign-in settings (``$MAGFOOD_AUTH``, the secrets' ``[magfood]``) are malformed."""


class PlanError(MagfoodError):
    """A menu plan request is malformed (an infeasible but valid request is not an error)."""


def os_reason(exc: OSError) -> str:
    """An OSError's cause in a few words ("No space left on device", "File too large"), for
    one-line messages; pyarrow's wordier errors carry the same errno."""
    if exc.errno:
        return os.strerror(exc.errno)
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
