"""The user's cache folder: where archgen keeps what only ever saves time (drawn diagrams, compiled templates,
Claude's answers). Deleting it is always safe."""

from __future__ import annotations

import os
from pathlib import Path

CACHE_DIR_VARIABLE = "ARCHGEN_CACHE_DIR"


def cache_folder(kind: str) -> Path:
    """The folder for one kind of cached thing: $ARCHGEN_CACHE_DIR/KIND, else KIND in the user's cache folder
    (`~/.cache/archgen` on Linux, honouring XDG_CACHE_HOME)."""
    override = os.environ.get(CACHE_DIR_VARIABLE)
    if override:
        return Path(override) / kind
    import platformdirs

    return platformdirs.user_cache_path("archgen") / kind
