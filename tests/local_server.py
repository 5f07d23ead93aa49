"""Running an HTTP server on 127.0.0.1 for the length of a test, in a thread, and closing it cleanly."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from typing import Any


class LocalServer(ThreadingHTTPServer):
    """A threading server that lets clients hang up: a browser leaving a page cancels its downloads, and a client
    that stops after a failed call drops the calls still in flight. No traceback for that."""

    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def running(server: ThreadingHTTPServer) -> Iterator[str]:
    """Serve requests until the block ends; yields the base URL (no trailing slash)."""
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
