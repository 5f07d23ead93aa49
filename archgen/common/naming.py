"""Names that become file names, ids and anchors: safe slugs, unique within their scope."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable


def slug(text: str, fallback: str = "item") -> str:
    """A lowercase ASCII slug: letters, digits and single hyphens; never empty, never a path."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", ascii_text)
    out = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:60].strip("-")
    return out or fallback


def unique_slugs(names: Iterable[str], fallback: str = "item") -> dict[str, str]:
    """Slugs for `names`, made unique deterministically by numbering later collisions (-2, -3, ...)."""
    out: dict[str, str] = {}
    used: set[str] = set()
    for name in names:
        if name in out:
            continue
        base = slug(name, fallback)
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        out[name] = candidate
    return out


def identifier(text: str) -> str:
    """A camelCase identifier for operation ids and schema names."""
    words = slug(text).split("-")
    return words[0] + "".join(w.capitalize() for w in words[1:])


def pascal(text: str) -> str:
    """A PascalCase name."""
    return "".join(w.capitalize() for w in slug(text).split("-"))


def words_of(name: str) -> str:
    """A model name as words in running text: 'SalesTransaction' → 'sales transaction', 'HTTPLog' → 'HTTP log'."""
    parts = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+", name.replace("_", " "))
    return " ".join(p if p.isupper() and len(p) > 1 else p.lower() for p in parts) or name
