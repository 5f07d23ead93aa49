"""Which Chromium the browser tests drive, and how: the system's (scripts/setup --test installs it), headless."""

from __future__ import annotations

import os
import shutil

# no sandbox (tests run as root), no GPU, and nothing the browser would fetch on its own
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


def chromium() -> str | None:
    """The system's Chromium (ARCHGEN_CHROMIUM picks another); None means Playwright's own browser."""
    for candidate in (os.environ.get("ARCHGEN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None
