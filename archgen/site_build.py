"""Build and serve a generated site with MkDocs (imported only by the commands that need it)."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from archgen import writer
from archgen.errors import BuildError, InputError


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why in a few lines."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # one line, but whole: some warnings list their pages on the lines that follow
        self.messages.append(" ".join(line.strip() for line in record.getMessage().splitlines()))


def _check_folder(out: Path) -> None:
    if not out.is_dir():
        reason = "is a file" if out.exists() else "no such folder"
        raise InputError(f"{out}: {reason}; give the folder archgen generated (it holds mkdocs.yml)")


def config_file(out: Path) -> Path:
    """The mkdocs.yml of a generated folder, or a one-line error when there is none."""
    config = out / "mkdocs.yml"
    if not config.is_file():
        raise InputError(f"{out}: no mkdocs.yml here; generate a site first with `archgen new` or `archgen render`")
    return config


def build_site(out: Path) -> Path:
    """`mkdocs build --strict` of the site in `out`, into `out/site`; returns the site folder.

    The site is built beside the old one and swapped in whole, so a failed or killed build leaves the old site.
    """
    _check_folder(out)
    with writer.locked(out):  # rolls back a run killed while writing this folder before mkdocs reads it
        config_path = config_file(out)
        built = writer.new_build_folder(out)
        try:
            _mkdocs_build(config_path, built)
        except BaseException:
            shutil.rmtree(built, ignore_errors=True)
            raise
        return writer.swap_in(out, "site", built)


def _mkdocs_build(config_path: Path, site_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        # absolute: mkdocs resolves a relative site_dir against the folder of mkdocs.yml, not the working directory
        build(load_config(config_file=str(config_path), strict=True, site_dir=str(site_dir.resolve())))
    except (Abort, ConfigurationError) as exc:
        details = collect.messages[:5] or [str(exc)]
        raise BuildError(f"{config_path}: mkdocs build --strict failed", *details) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)


def serve_site(out: Path, address: str) -> None:
    """Serve the site in `out` with live reload until interrupted."""
    from mkdocs.commands.serve import serve

    _check_folder(out)
    writer.recover(out)
    serve(config_file=str(config_file(out)), dev_addr=address)
