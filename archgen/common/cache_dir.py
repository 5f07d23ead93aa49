"""The user's archgen cache folder, shared by the caches that speed up repeat runs (diagrams, compiled templates,
Claude answers)."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_VARIABLE = "ARCHGEN_CACHE_DIR"


def cache_dir(kind: str) -> Path:
    """The folder for one kind of cached data: under $ARCHGEN_CACHE_DIR when set, else the user's cache folder
    (platformdirs, which honours XDG_CACHE_HOME)."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override:
        return Path(override) / kind
    import platformdirs

    return platformdirs.user_cache_path("archgen") / kind
