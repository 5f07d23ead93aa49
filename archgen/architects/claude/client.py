"""One question to Claude at a time: a streamed Messages API call for a JSON answer, through the response cache.

The answer's shape is asked for with structured outputs (`output_config.format`). A forced tool would do the same
on older models, but current ones reject forced tool choice; structured outputs work on all of them. The API does
not enforce every constraint of the schema, so the caller validates what comes back.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from archgen.architects.claude.cache import ResponseCache, cache_key
from archgen.architects.claude.usage import Usage
from archgen.errors import ArchgenError, ArchitectError, InputError

if TYPE_CHECKING:
    import httpx2
    from anthropic import APIError, AsyncAnthropic
    from anthropic.types import Message

Json = dict[str, Any]

CONNECT_TIMEOUT_S = 10.0
KEY_HINT = "set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=sk-ant-...), or use --agent rules"


@dataclass(frozen=True)
class Answer:
    """Claude's text for one request, and whether it came from the cache."""

    text: str
    cached: bool
    output_tokens: int


class Claude:
    """A Claude client for one run: the system prompt, the cache, the retry policy and the usage tally."""

    def __init__(
        self,
        model: str,
        system: str,
        usage: Usage,
        cache: ResponseCache,
        *,
        reuse: bool,
        timeout: float,
        retries: int,
        concurrency: int,
        transport: httpx2.AsyncBaseTransport | None = None,
    ) -> None:
        self.model = model
        self.system = system
        self.usage = usage
        self.cache = cache
        self.reuse = reuse  # False: ask afresh, and let the new answers replace the cached ones
        self.timeout = timeout
        self.retries = retries
        self.transport = transport
        self._slots = asyncio.Semaphore(concurrency)
        self._fresh: dict[str, Json] = {}  # answers of this run, cached only once the whole design succeeds
        self._client: AsyncAnthropic | None = None

    async def __aenter__(self) -> Claude:
        import httpx2
        from anthropic import AnthropicError, AsyncAnthropic, DefaultAsyncHttpxClient

        http_client = DefaultAsyncHttpxClient(transport=self.transport) if self.transport is not None else None
        # the SDK retries 408, 409, 429, 5xx (529 overloaded included) and connection errors with backoff,
        # honouring retry-after; the key, a token, a profile or ANTHROPIC_BASE_URL come from its own configuration
        try:
            client = AsyncAnthropic(
                http_client=http_client,
                max_retries=self.retries,
                timeout=httpx2.Timeout(self.timeout, connect=CONNECT_TIMEOUT_S),
            )
        except AnthropicError as exc:  # e.g. ANTHROPIC_PROFILE names a profile that is not there
            if http_client is not None:
                await http_client.aclose()
            raise InputError(f"the Claude SDK's configuration is not usable ({exc}); {KEY_HINT}") from None
        if client.api_key is None and client.auth_token is None and client.credentials is None:
            await client.close()
            raise InputError(f"--agent anthropic needs a Claude API key: {KEY_HINT}")
        self._client = client
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.close()

    async def ask(self, stage: str, messages: list[Json], schema: Json, max_tokens: int) -> Answer:
        """Claude's answer to `messages` in the shape of `schema`, from the cache when this exact request was made."""
        request: Json = {
            "model": self.model,
            "max_tokens": max_tokens,
            # the system prompt is the same for every call of every run, so the API's prompt cache serves it
            "system": [{"type": "text", "text": self.system, "cache_control": {"type": "ephemeral"}}],
            "messages": messages,
            # the API compiles the schema once and keeps it for a day, so repeating it costs no extra latency
            "output_config": {"format": {"type": "json_schema", "schema": schema}},
        }
        key = cache_key(request)
        # an identical request within a run (a repair round after the same wrong answer) is asked again: Claude may
        # answer it differently, and the cache keeps the last answer, the one the run went on with
        stored = self.cache.get(key) if self.reuse else None
        if stored is not None:
            self.usage.cached += 1
            return Answer(_text(stored.get("content")), cached=True, output_tokens=0)
        async with self._slots:
            message = await self._call(stage, request)
        usage = message.usage
        self.usage.record(
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_creation_input_tokens or 0,
            usage.cache_read_input_tokens or 0,
        )
        _check_stop(stage, message, max_tokens)
        response = message.model_dump(mode="json", exclude_none=True)
        self._fresh[key] = response
        return Answer(_text(response.get("content")), cached=False, output_tokens=usage.output_tokens)

    def commit(self) -> None:
        """Keep this run's answers for the next identical run."""
        for key, response in self._fresh.items():
            self.cache.put(key, response)

    async def _call(self, stage: str, request: Json) -> Message:
        import anthropic

        assert self._client is not None, "use Claude as an async context manager"
        try:
            # streamed, because a long answer (thinking included) can run for minutes: the SDK requires streaming
            # for such requests, and a stream that keeps sending events is not cut off by an idle timeout
            async with self._client.messages.stream(**cast(Any, request)) as stream:
                return await stream.get_final_message()
        except anthropic.APIError as exc:
            raise self._failure(stage, exc) from None

    def _failure(self, stage: str, exc: APIError) -> ArchgenError:
        """`exc` as one line that says what failed and what to do, with any credential blanked out."""
        import anthropic

        detail = self._redact(getattr(exc, "api_message", None) or exc.message)
        if isinstance(exc, anthropic.APITimeoutError):
            return ArchitectError(
                f"the Claude API did not answer the {stage} within {self.timeout:g} s, {self.retries} retries "
                "included; nothing was written; try again later"
            )
        if isinstance(exc, anthropic.APIConnectionError):
            return ArchitectError(
                f"cannot reach the Claude API at {self._base_url()} ({detail}), {self.retries} retries included; "
                "check the network or ANTHROPIC_BASE_URL; nothing was written"
            )
        if isinstance(exc, anthropic.AuthenticationError | anthropic.PermissionDeniedError):
            return InputError(f"the Claude API refused the credentials (HTTP {exc.status_code}: {detail}); {KEY_HINT}")
        if isinstance(exc, anthropic.NotFoundError):
            return InputError(
                f"--model {self.model}: the Claude API does not offer it (HTTP 404: {detail}); choose another --model"
            )
        if isinstance(exc, anthropic.APIStatusError) and exc.status_code < 400:  # an error event inside the stream
            return ArchitectError(
                f"the Claude API broke off its answer for the {stage} ({exc.type or 'error'}: {detail}); nothing "
                "was written; try again later"
            )
        if isinstance(exc, anthropic.APIStatusError):
            status = exc.status_code
            retried = status in (408, 409, 429) or status >= 500
            after = f", after {self.retries} retries" if retried else ""
            return ArchitectError(
                f"the Claude API failed the {stage} (HTTP {status}: {detail}{after}); nothing was written; "
                + ("try again later" if retried else "check --model and the questionnaire")
            )
        return ArchitectError(f"the Claude API failed the {stage} ({detail}); nothing was written")

    def _base_url(self) -> str:
        return str(self._client.base_url) if self._client is not None else "?"

    def _redact(self, text: str) -> str:
        for secret in (self._client.api_key, self._client.auth_token) if self._client is not None else ():
            if secret:
                text = text.replace(secret, "[redacted]")
        return text


def _text(content: Any) -> str:
    """The text blocks of a response's content (thinking blocks and the like are left out)."""
    blocks = content if isinstance(content, list) else []
    return "".join(str(b.get("text", "")) for b in blocks if isinstance(b, dict) and b.get("type") == "text")


def _check_stop(stage: str, message: Message, max_tokens: int) -> None:
    """Refuse anything but a complete answer: half a design is worse than none."""
    reason = message.stop_reason
    if reason in ("end_turn", "stop_sequence"):
        return
    if reason in ("max_tokens", "model_context_window_exceeded"):
        raise ArchitectError(
            f"Claude's answer for the {stage} was cut off at {max_tokens:,} output tokens (stop reason {reason}); "
            "nothing was written; run again (answers vary in length) or choose another --model"
        )
    if reason == "refusal":
        details = message.stop_details
        category = f", category {details.category}" if details is not None and details.category else ""
        raise ArchitectError(
            f"Claude declined to design the {stage} (stop reason refusal{category}); nothing was written; "
            "reword the questionnaire or use --agent rules"
        )
    raise ArchitectError(f"Claude stopped the {stage} early (stop reason {reason}); nothing was written; run again")
