"""Build and serve a generated site with MkDocs (imported only by the commands that need it)."""

from __future__ import annotations

import contextlib
import errno
import io
import logging
import shutil
import signal
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from archgen.common.errors import BuildError, InputError, Interrupted
from archgen.write import writer

PORTS_TRIED = 50  # how far past a busy port `serve` looks for a free one to suggest


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
    """The mkdocs.yml of a generated folder, or a one-line error when there is none (or no folder at all)."""
    _check_folder(out)
    config = out / "mkdocs.yml"
    if not config.is_file():
        raise InputError(f"{out}: no mkdocs.yml here; generate a site first with `archgen new` or `archgen render`")
    return config


def build_site(out: Path) -> Path:
    """`mkdocs build --strict` of the site in `out`, into `out/site`; returns the site folder.

    The site is built beside the old one and swapped in whole, so a failed or killed build leaves the old site.
    """
    _check_folder(out)
    before = _site_id(out)
    try:
        with writer.locked(out):  # rolls back a run killed while writing this folder before mkdocs reads it
            config_path = config_file(out)
            _check_nothing_missing(out)
            built = writer.new_build_folder(out)
            try:
                _mkdocs_build(config_path, built)
            except BaseException:
                shutil.rmtree(built, ignore_errors=True)
                raise
            return writer.swap_in(out, "site", built)
    except KeyboardInterrupt:
        raise Interrupted(_site_state(out, before)) from None


def _check_nothing_missing(out: Path) -> None:
    """Fail when a page, diagram or document archgen wrote is gone: mkdocs would build a site with a hole in it
    (a missing picture is no error to mkdocs --strict)."""
    missing = [
        name
        for name in sorted(writer.read_manifest(out))
        if name.startswith("docs/") and not name.endswith(".new") and not (out / name).is_file()
    ]
    if missing:
        shown = ", ".join(missing[:3]) + (f" and {len(missing) - 3} more" if len(missing) > 3 else "")
        raise BuildError(
            f"{out}: {shown} {'is' if len(missing) == 1 else 'are'} missing (deleted after archgen wrote "
            f"{'it' if len(missing) == 1 else 'them'}); regenerate with `archgen render {out / 'design.yaml'}`, "
            "then build"
        )


def _site_state(out: Path, before: int | None) -> str:
    """What `out/site` holds after a build was stopped (a swap cut short is finished or undone first)."""
    try:
        writer.recover(out)
    except (InputError, OSError):
        return f"{out}/site may be half swapped; the next archgen command on {out} puts the previous build back"
    now = _site_id(out)
    if now is not None and now != before:
        return f"{out}/site holds the new build"
    if now is None:
        return f"no site was built in {out}"
    return f"{out}/site still holds the previous build"


def _site_id(out: Path) -> int | None:
    """Which build `out/site` holds (a new build is swapped in as a new folder), or None when there is none."""
    try:
        return (out / "site").stat().st_ino if (out / "site").is_dir() else None
    except OSError:
        return None


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
        with _ctrl_c_kept():
            build(load_config(config_file=str(config_path), strict=True, site_dir=str(site_dir.resolve())))
    except (Abort, ConfigurationError) as exc:
        details = collect.messages[:5] or [str(exc)]
        raise BuildError(*(f"{config_path}: mkdocs build --strict failed: {detail}" for detail in details)) from None
    finally:
        logger.removeHandler(collect)
        logger.setLevel(previous_level)


@contextlib.contextmanager
def _ctrl_c_kept() -> Iterator[None]:
    """A Ctrl-C during the block stops it even when a plugin swallows the KeyboardInterrupt (the print-site plugin
    wraps its work in a bare `except:` and prints "Could not fix page"): it is noted as it comes and raised again
    at the end of the block. What the plugins print is held back then, as it would only confuse the stop's line."""
    if threading.current_thread() is not threading.main_thread():  # only the main thread receives signals
        yield
        return
    pressed: list[int] = []

    def note_and_stop(signum: int, frame: object) -> None:
        pressed.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, note_and_stop)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if not pressed:
            sys.stdout.write(printed.getvalue())
    if pressed:
        raise KeyboardInterrupt


def serve_site(out: Path, address: str, ready: Callable[[str], None] | None = None) -> None:
    """Serve the site in `out` with live reload until interrupted; `ready` is told its URL once it listens there.

    A busy port is refused in one line that names a free one.
    """
    from mkdocs.commands.serve import serve
    from mkdocs.exceptions import Abort, ConfigurationError

    _check_folder(out)
    config = config_file(out)
    host, port = _address(address)
    _check_port(host, port)
    writer.recover(out)
    url = f"http://{_url_host(host)}:{port}/"
    try:
        with _when_listening(lambda: ready(url) if ready is not None else None):
            serve(config_file=str(config), dev_addr=f"{host}:{port}")
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:  # taken between the check and the server
            raise _busy(host, port) from None
        raise InputError(f"{address}: cannot serve there ({exc.strerror})") from None
    except (Abort, ConfigurationError) as exc:
        raise BuildError(f"{config}: the site does not build: {exc}") from None


class _Listening(logging.Handler):
    """Calls `then` once MkDocs' server says it is serving: after the first build, with its socket listening."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__(level=logging.INFO)
        self.then: Callable[[], None] | None = then

    def emit(self, record: logging.LogRecord) -> None:
        if self.then is not None and "Serving on" in record.getMessage():  # after a "[12:00:00] " stamp
            then, self.then = self.then, None
            then()


@contextlib.contextmanager
def _when_listening(then: Callable[[], None]) -> Iterator[None]:
    logger = logging.getLogger("mkdocs.livereload")
    handler, level = _Listening(then), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def _address(address: str) -> tuple[str, int]:
    """HOST and PORT from `HOST:PORT` (an IPv6 host in brackets), or one line saying how to write it."""
    host, _, port = address.rpartition(":")
    host = host.removeprefix("[").removesuffix("]")
    if not host or not port.isdigit() or not 0 < int(port) < 65_536:
        raise InputError(f"{address}: not an address to serve on; give HOST:PORT, e.g. --address 127.0.0.1:8000")
    return host, int(port)


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _check_port(host: str, port: int) -> None:
    """Refuse a port that is taken, naming a free one; refuse a host this machine cannot listen on."""
    try:
        _probe(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise _busy(host, port) from None
        raise InputError(
            f"{_url_host(host)}:{port}: cannot listen there ({exc.strerror or exc}); "
            "give an address of this machine, e.g. --address 127.0.0.1:8000"
        ) from None


def _probe(host: str, port: int) -> None:
    """Bind `host:port` the way the server will (address reuse on), then let it go."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        probe.bind((host, port))


def _busy(host: str, port: int) -> InputError:
    for candidate in range(port + 1, min(port + PORTS_TRIED, 65_535) + 1):
        try:
            _probe(host, candidate)
        except OSError:
            continue
        return InputError(
            f"{_url_host(host)}:{port}: the port is in use (another server?); "
            f"serve on a free one with --address {_url_host(host)}:{candidate}"
        )
    return InputError(f"{_url_host(host)}:{port}: the port is in use; choose another with --address HOST:PORT")
