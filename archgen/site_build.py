"""Build and serve a generated site with MkDocs (imported only by the commands that need it)."""

from __future__ import annotations

import logging
from pathlib import Path

from archgen.errors import BuildError, InputError


class _Collect(logging.Handler):
    """Keeps MkDocs' warnings so a failed strict build can say why in a few lines."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        # one line, but whole: some warnings list their pages on the lines that follow
        self.messages.append(" ".join(line.strip() for line in record.getMessage().splitlines()))


def config_file(out: Path) -> Path:
    """The mkdocs.yml of a generated folder, or a one-line error when there is none."""
    config = out / "mkdocs.yml"
    if not config.is_file():
        raise InputError(f"{out}: no mkdocs.yml here; generate a site first with `archgen new` or `archgen render`")
    return config


def build_site(out: Path) -> Path:
    """`mkdocs build --strict` of the site in `out`, into `out/site`; returns the site folder."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    config_path = config_file(out)
    logger = logging.getLogger("mkdocs")
    collect = _Collect()
    logger.addHandler(collect)
    previous_level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        # absolute: mkdocs resolves a relative site_dir against the folder of mkdocs.yml, not the working directory
        site = (out / "site").resolve()
        config = load_config(config_file=str(config_path), strict=True, site_dir=str(site))
        build(config)
    except (Abort, ConfigurationError) as exc:
        details = collect.messages[:5] or [str(exc)]
        raise BuildError(f"{config_path}: mkdocs build --strict failed", *details) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)
    return out / "site"


def serve_site(out: Path, address: str) -> None:
    """Serve the site in `out` with live reload until interrupted."""
    from mkdocs.commands.serve import serve

    serve(config_file=str(config_file(out)), dev_addr=address)
