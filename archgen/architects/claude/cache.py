"""A content-addressed store of Claude's answers, so a repeat run with the same inputs makes no API calls.

The key hashes everything that shapes an answer: archgen's version, the prompt version and the whole request
(model, system prompt, messages with the requirements and figures, schema, token limit). Entries hold the API's
response and nothing else: no key, no headers.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import archgen
from archgen.architects.claude.prompts import PROMPT_VERSION
from archgen.common.cache_dir import cache_dir as shared_cache_dir


def cache_dir() -> Path:
    """Where answers are kept (see archgen.common.cache_dir)."""
    return shared_cache_dir("claude")


def cache_key(request: dict[str, Any]) -> str:
    """The content address of a request."""
    identity = {"archgen": archgen.__version__, "prompts": PROMPT_VERSION, "request": request}
    canonical = json.dumps(identity, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class ResponseCache:
    """Answers on disk, one JSON file per request key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The stored response for `key`, or None (a missing or unreadable entry is a miss)."""
        try:
            data = json.loads(self._path(key).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def put(self, key: str, response: dict[str, Any]) -> None:
        """Store `response` atomically. A cache that cannot be written is not an error: it only means the next run
        asks Claude again."""
        path = self._path(key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as f:
                json.dump(response, f, ensure_ascii=False, sort_keys=True)
            Path(temporary).replace(path)
        except OSError:
            Path(temporary).unlink(missing_ok=True)
