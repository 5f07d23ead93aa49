"""Where the files archgen ships beside its code are (without importing what reads them)."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent


def builtin_templates() -> Path:
    """The shipped templates: inside the package when installed, at the repository top in a checkout."""
    packaged = PACKAGE / "templates"
    return packaged if packaged.is_dir() else PACKAGE.parent / "templates"
