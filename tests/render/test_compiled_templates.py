"""Templates are compiled once and kept in the cache folder; a cache folder that cannot be used changes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jinja2 import Environment

from archgen.render.environment import environment

TEMPLATE = "site/docs/index.md.jinja"


@pytest.fixture(autouse=True)
def fresh_environments() -> Iterator[None]:
    """Each test builds its environments against its own cache folder."""
    environment.cache_clear()
    yield
    environment.cache_clear()


def test_a_template_compiled_once_is_loaded_from_the_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHGEN_CACHE_DIR", str(tmp_path))
    first = environment().get_template(TEMPLATE)
    assert list((tmp_path / "templates").iterdir())
    environment.cache_clear()

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(Environment, "compile", compile_again)
    second = environment().get_template(TEMPLATE)
    assert second.filename == first.filename


def test_an_unusable_cache_folder_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ARCHGEN_CACHE_DIR", str(blocked))
    assert environment().get_template(TEMPLATE).filename


def test_a_damaged_cache_entry_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ARCHGEN_CACHE_DIR", str(tmp_path))
    environment().get_template(TEMPLATE)
    for entry in (tmp_path / "templates").iterdir():
        entry.write_bytes(entry.read_bytes()[:20])
    environment.cache_clear()
    assert environment().get_template(TEMPLATE).filename
