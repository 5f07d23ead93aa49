"""A scriptable stand-in for the Claude Messages API: streamed answers as the real API sends them, served through an
injected HTTP transport or from a small HTTP server on 127.0.0.1.

Its default answers are a rules design cut into the stages the Claude architect asks for, so a run succeeds
unless a test scripts something else for a stage: an error status, a timeout, broken JSON, a refusal...
"""

from __future__ import annotations

import base64
import json
import re
import struct
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

import httpx2

from archgen.architects.claude.schema import split
from archgen.design.model import Design
from tests.local_server import LocalServer, running

MODEL = "claude-sonnet-5-5"
INPUT_TOKENS = 1_000
OUTPUT_TOKENS = 500
CACHE_WRITE_TOKENS = 2_000
CACHE_READ_TOKENS = 3_000
COUNTED_TOKENS = 12_345
_SERVICE = re.compile(r"^Service to detail: (.+)$", re.MULTILINE)


@dataclass
class Reply:
    """One HTTP response of the fake API, or a network failure when `timeout` is set."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    timeout: bool = False


def answer(text: str, stop_reason: str = "end_turn", stop_details: dict[str, Any] | None = None) -> Reply:
    """A streamed message with `text` as its one text block, event by event as the Messages API sends them."""
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": MODEL,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {
            "input_tokens": INPUT_TOKENS,
            "output_tokens": 1,
            "cache_creation_input_tokens": CACHE_WRITE_TOKENS,
            "cache_read_input_tokens": CACHE_READ_TOKENS,
        },
    }
    half = len(text) // 2
    events: list[tuple[str, dict[str, Any]]] = [
        ("message_start", {"type": "message_start", "message": message}),
        (
            "content_block_start",
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
        ),
        ("ping", {"type": "ping"}),
        *(
            (
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": part}},
            )
            for part in (text[:half], text[half:])
        ),
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        (
            "message_delta",
            {
                "type": "message_delta",
                "delta": {"stop_reason": stop_reason, "stop_sequence": None, "stop_details": stop_details},
                "usage": {"output_tokens": OUTPUT_TOKENS},
            },
        ),
        ("message_stop", {"type": "message_stop"}),
    ]
    body = "".join(f"event: {name}\ndata: {json.dumps(data)}\n\n" for name, data in events)
    return Reply(200, body.encode(), {"content-type": "text/event-stream", "request-id": "req_fake"})


def broken_off(kind: str, message: str) -> Reply:
    """A stream the API starts, then ends with an error event (as when it is overloaded mid-answer)."""
    start = answer("").body.decode().split("\n\n")[0]
    error = {"type": "error", "error": {"type": kind, "message": message}}
    body = f"{start}\n\nevent: error\ndata: {json.dumps(error)}\n\n"
    return Reply(200, body.encode(), {"content-type": "text/event-stream"})


def failure(status: int, kind: str, message: str) -> Reply:
    """An API error as the Messages API reports it; retry-after keeps the SDK's backoff to a millisecond."""
    body = {"type": "error", "error": {"type": kind, "message": message}, "request_id": "req_fake"}
    return Reply(status, json.dumps(body).encode(), {"content-type": "application/json", "retry-after-ms": "1"})


def event_stream(sse: bytes) -> bytes:
    """Server-sent events as Bedrock streams them: one AWS event-stream frame a JSON event, base64 in a chunk."""
    frames = b""
    for block in sse.decode().split("\n\n"):
        data = next((line[6:] for line in block.splitlines() if line.startswith("data: ")), None)
        if data is None:
            continue
        payload = json.dumps({"bytes": base64.b64encode(data.encode()).decode()}).encode()
        headers = b"".join(
            bytes([len(name)]) + name + b"\x07" + struct.pack(">H", len(value)) + value
            for name, value in (
                (b":event-type", b"chunk"),
                (b":content-type", b"application/json"),
                (b":message-type", b"event"),
            )
        )
        total = 12 + len(headers) + len(payload) + 4
        prelude = struct.pack(">II", total, len(headers))
        message = prelude + struct.pack(">I", zlib.crc32(prelude)) + headers + payload
        frames += message + struct.pack(">I", zlib.crc32(message))
    return frames


def stage_of(request: dict[str, Any]) -> str:
    """The stage a request asks for, read from its first user turn: `skeleton` or `service <name>`."""
    first = request["messages"][0]["content"]
    found = _SERVICE.search(first[-1]["text"])
    return f"service {found.group(1)}" if found else "skeleton"


class FakeClaude:
    """Answers each request with the next reply scripted for its stage, else with the design's own answer."""

    def __init__(self, design: Design) -> None:
        skeleton, details = split(design)
        self.answers = {"skeleton": skeleton} | {f"service {name}": detail for name, detail in details.items()}
        self.script: dict[str, list[Reply]] = {}
        self.requests: list[dict[str, Any]] = []  # Messages API requests only
        self.headers: list[dict[str, str]] = []
        self.counted: list[dict[str, Any]] = []  # token counting requests
        self.paths: list[str] = []  # the URL path of each Messages request
        self._lock = threading.Lock()

    def then(self, stage: str, *replies: Reply) -> FakeClaude:
        """Script replies for `stage`, used in order before the design's own answer."""
        self.script.setdefault(stage, []).extend(replies)
        return self

    def __call__(self, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        stage = stage_of(request)
        with self._lock:
            self.requests.append(request)
            self.headers.append(headers)
            scripted = self.script.get(stage)
            if scripted:
                return scripted.pop(0)
        return answer(json.dumps(self.answers[stage]))

    def count(self, request: dict[str, Any]) -> Reply:
        """The token counting endpoint: a fixed count for every request."""
        with self._lock:
            self.counted.append(request)
        return Reply(200, json.dumps({"input_tokens": COUNTED_TOKENS}).encode(), {"content-type": "application/json"})

    def answer(self, path: str, request: dict[str, Any], headers: dict[str, str]) -> Reply:
        """The reply to a request for `path`: Anthropic's and Vertex AI's paths answer in server-sent events,
        Bedrock's in AWS event-stream frames."""
        if path.endswith("/count_tokens") or path.endswith("count-tokens:rawPredict"):
            return self.count(request)
        with self._lock:
            self.paths.append(path)
        reply = self(request, headers)
        if path.endswith("/invoke-with-response-stream") and reply.status == 200:
            return Reply(200, event_stream(reply.body), {"content-type": "application/vnd.amazon.eventstream"})
        return reply

    def stages(self) -> list[str]:
        """The stage of every request received, in order."""
        return [stage_of(r) for r in self.requests]


def transport(fake: FakeClaude) -> httpx2.MockTransport:
    """An HTTP transport for the SDK's client that answers from `fake` without any network."""

    def handle(request: httpx2.Request) -> httpx2.Response:
        reply = fake.answer(request.url.path, json.loads(request.content), dict(request.headers))
        if reply.timeout:
            raise httpx2.ReadTimeout("timed out", request=request)
        return httpx2.Response(reply.status, headers=reply.headers, content=reply.body)

    return httpx2.MockTransport(handle)


@contextmanager
def serve(fake: FakeClaude, latency: float = 0.0) -> Iterator[str]:
    """Serve `fake` over HTTP on 127.0.0.1, each answer after `latency` seconds; yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["content-length"])))
            reply = fake.answer(self.path.split("?")[0], request, {k.lower(): v for k, v in self.headers.items()})
            time.sleep(latency)  # the server's thinking time, as a real API call would take
            self.send_response(reply.status)
            for name, value in {**reply.headers, "content-length": str(len(reply.body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(reply.body)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep the test output clean."""

    with running(LocalServer(("127.0.0.1", 0), Handler)) as url:
        yield url
