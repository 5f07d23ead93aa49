"""One question to Claude at a time: a streamed Messages API call for a JSON answer, through the response cache.

The answer's shape is asked for with structured outputs (`output_config.format`). A forced tool would do the same
on older models, but current ones reject forced tool choice; structured outputs work on all of them. The API does
not enforce every constraint of the schema, so the caller validates what comes back.

The same requests go to Anthropic's API, to Amazon Bedrock or to Google Cloud Vertex AI through the SDK's own
client for each; only the model id and the credentials differ.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
from dataclasses import dataclass, field
from types import TracebackType
from typing import TYPE_CHECKING, Any, cast

from archgen.architects.claude.cache import ResponseCache, cache_key
from archgen.architects.claude.models import (
    DEFAULT_THINKING_EFFORT,
    THINKING_BUDGET,
    Effort,
    Platform,
    max_output_tokens,
    platform_id,
    spec_of,
)
from archgen.architects.claude.usage import Usage, worst_cost
from archgen.common.errors import ArchgenError, ArchitectError, InputError

if TYPE_CHECKING:
    import httpx2
    from anthropic import APIError, AsyncAnthropic, AsyncAnthropicBedrock, AsyncAnthropicVertex
    from anthropic.types import Message

    Client = AsyncAnthropic | AsyncAnthropicBedrock | AsyncAnthropicVertex

Json = dict[str, Any]

CONNECT_TIMEOUT_S = 10.0
KEY_HINT = "set ANTHROPIC_API_KEY (export ANTHROPIC_API_KEY=sk-ant-...), or use --agent rules"
HINTS: dict[str, str] = {
    "anthropic": KEY_HINT,
    "bedrock": "set AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, or "
    "AWS_BEARER_TOKEN_BEDROCK) and AWS_REGION, or use --agent rules",
    "vertex": "set CLOUD_ML_REGION and ANTHROPIC_VERTEX_PROJECT_ID and sign in with "
    "`gcloud auth application-default login`, or use --agent rules",
}
EXTRAS: dict[str, str] = {"bedrock": "boto3", "vertex": "google.auth"}
CHARS_PER_TOKEN = 3  # fewer characters a token than any Claude tokenizer gives English or JSON: estimates err high


def estimate_tokens(request: Json) -> int:
    """An upper estimate of a request's input tokens, for when the API cannot count them."""
    shown = {key: value for key, value in request.items() if key in ("system", "messages", "output_config")}
    return math.ceil(len(json.dumps(shown, ensure_ascii=False)) / CHARS_PER_TOKEN)


def build_request(
    model: str, platform: Platform, system: str, messages: list[Json], schema: Json, effort: Effort | None
) -> Json:
    """The Messages API request for one question: the model's own output limit, thinking as the model supports it,
    and the answer's shape as structured outputs."""
    spec = spec_of(model)
    max_tokens = max_output_tokens(model)
    output_config: Json = {"format": {"type": "json_schema", "schema": schema}}
    request: Json = {
        "model": platform_id(model, platform),
        "max_tokens": max_tokens,
        # the system prompt is the same for every call of every run, so the API's prompt cache serves it
        "system": [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}],
        "messages": messages,
        # the API compiles the schema once and keeps it for a day, so repeating it costs no extra latency
        "output_config": output_config,
    }
    if spec is not None and spec.thinking == "adaptive":
        request["thinking"] = {"type": "adaptive"}
    elif spec is not None and spec.thinking == "budget":
        budget = THINKING_BUDGET[effort or DEFAULT_THINKING_EFFORT]
        request["thinking"] = {"type": "enabled", "budget_tokens": min(budget, max_tokens // 2)}
    if spec is not None and effort is not None and effort in spec.effort:
        output_config["effort"] = effort
    return request


@dataclass(frozen=True)
class Answer:
    """Claude's text for one request, and whether it came from the cache."""

    text: str
    cached: bool
    output_tokens: int
    key: str = ""
    usage: Json = field(default_factory=dict)  # the tokens the answer took when it was asked, cached or not


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
        platform: Platform = "anthropic",
        effort: Effort | None = None,
        max_cost: float | None = None,
        client_options: Json | None = None,
    ) -> None:
        self.model = model
        self.platform = platform
        self.effort = effort
        self.max_cost = max_cost
        self.client_options = client_options or {}
        self._reserved = 0.0  # the most the calls under way can still cost
        self.system = system
        self.usage = usage
        self.cache = cache
        self.reuse = reuse  # False: ask afresh, and let the new answers replace the cached ones
        self.timeout = timeout
        self.retries = retries
        self.transport = transport
        self._slots = asyncio.Semaphore(concurrency)
        self._fresh: dict[str, Json] = {}  # answers of this run not yet kept in the cache
        self._client: Client | None = None

    async def __aenter__(self) -> Claude:
        if self.max_cost is not None and worst_cost(self.model, 0, 0) is None:
            raise InputError(f"--max-cost: archgen has no price for {self.model}; choose a priced --model")
        self._client = self.open()
        if self.platform == "anthropic":
            await self._require_key()
        return self

    def open(self) -> Client:
        """The SDK's client for the platform, configured the SDK's own way (its variables, files and profiles)."""
        import httpx2
        from anthropic import AnthropicError, DefaultAsyncHttpxClient

        http_client = DefaultAsyncHttpxClient(transport=self.transport) if self.transport is not None else None
        # the SDK retries 408, 409, 429, 5xx (529 overloaded included) and connection errors with backoff,
        # honouring retry-after
        options: Json = {
            "http_client": http_client,
            "max_retries": self.retries,
            "timeout": httpx2.Timeout(self.timeout, connect=CONNECT_TIMEOUT_S),
            **self.client_options,
        }
        try:
            return self._platform_client(options)
        except (AnthropicError, ValueError) as exc:  # e.g. a profile that is not there, no region
            which = "" if self.platform == "anthropic" else f" for --platform {self.platform}"
            raise InputError(
                f"the Claude SDK's configuration{which} is not usable ({exc}); {HINTS[self.platform]}"
            ) from None

    def _platform_client(self, options: Json) -> Client:
        if self.platform == "anthropic":
            from anthropic import AsyncAnthropic

            return AsyncAnthropic(**options)
        module = EXTRAS[self.platform]
        if self.platform == "bedrock":
            from anthropic import AsyncAnthropicBedrock

            needs_extra = "api_key" not in options and not _has_env("AWS_BEARER_TOKEN_BEDROCK")
            if needs_extra and importlib.util.find_spec(module) is None:
                raise InputError("--platform bedrock signs requests with boto3: pip install 'archgen[bedrock]'")
            return AsyncAnthropicBedrock(**options)
        from anthropic import AsyncAnthropicVertex

        needs_extra = "access_token" not in options and "credentials" not in options
        if needs_extra and importlib.util.find_spec("google") is None:
            raise InputError("--platform vertex signs in with google-auth: pip install 'archgen[vertex]'")
        return AsyncAnthropicVertex(**options)

    async def _require_key(self) -> None:
        from anthropic import AsyncAnthropic

        client = self._client
        assert isinstance(client, AsyncAnthropic)
        if client.api_key is None and client.auth_token is None and client.credentials is None:
            await client.close()
            self._client = None
            raise InputError(f"--agent anthropic needs a Claude API key: {KEY_HINT}")

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self._client is not None:
            await self._client.close()

    def request(self, messages: list[Json], schema: Json) -> Json:
        """The request this client sends for `messages`."""
        return build_request(self.model, self.platform, self.system, messages, schema, self.effort)

    async def ask(self, stage: str, messages: list[Json], schema: Json) -> Answer:
        """Claude's answer to `messages` in the shape of `schema`, from the cache when this exact request was made."""
        request = self.request(messages, schema)
        max_tokens = request["max_tokens"]
        key = cache_key(request)
        # an identical request within a run (a repair round after the same wrong answer) is asked again: Claude may
        # answer it differently, and the cache keeps the last answer, the one the run went on with
        stored = self.cache.get(key) if self.reuse else None
        if stored is not None:
            self.usage.cached += 1
            return Answer(_text(stored.get("content")), True, 0, key, _tokens(stored))
        async with self._slots:
            worst = self._reserve(stage, request)
            try:
                message = await self._call(stage, request)
            finally:
                self._reserved -= worst
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
        return Answer(_text(response.get("content")), False, usage.output_tokens, key, _tokens(response))

    def keep(self, answer: Answer) -> None:
        """Cache `answer` now that it passed its checks, so that a run that fails later resumes from it."""
        response = self._fresh.pop(answer.key, None)
        if response is not None:
            self.cache.put(answer.key, response)

    async def count_tokens(self, request: Json) -> int | None:
        """The input tokens of `request` as the API counts them, or None when it cannot (no credentials, no
        network, a platform without token counting)."""
        import anthropic

        assert self._client is not None, "use Claude as an async context manager"
        counted = {
            k: v for k, v in request.items() if k in ("model", "system", "messages", "output_config", "thinking")
        }
        try:
            result = await self._client.messages.count_tokens(**cast(Any, counted))
        except (anthropic.AnthropicError, RuntimeError, ValueError):
            return None
        tokens = getattr(result, "input_tokens", None)
        return tokens if isinstance(tokens, int) else None

    def _reserve(self, stage: str, request: Json) -> float:
        """Hold back the most this call can cost; refuse the call when that could take the run past --max-cost."""
        if self.max_cost is None:
            return 0.0
        worst = worst_cost(self.model, estimate_tokens(request), request["max_tokens"]) or 0.0
        spent = self.usage.cost_usd() or 0.0
        if spent + self._reserved + worst > self.max_cost:
            raise ArchitectError(
                f"stopped before the {stage}: that call could cost up to ${worst:,.2f} and the run has spent "
                f"${spent:,.4f} (${self._reserved:,.2f} more under way) of --max-cost ${self.max_cost:,.2f}; "
                "nothing was written; the stages that passed are cached, so raising --max-cost resumes from them"
            )
        self._reserved += worst
        return worst

    async def _call(self, stage: str, request: Json) -> Message:
        import anthropic

        assert self._client is not None, "use Claude as an async context manager"
        stream = None
        try:
            # streamed, because a long answer (thinking included) can run for minutes: the SDK requires streaming
            # for such requests, and a stream that keeps sending events is not cut off by an idle timeout
            async with self._client.messages.stream(**cast(Any, request)) as stream:
                return await stream.get_final_message()
        except anthropic.APIError as exc:
            self._count_broken(stream)
            raise self._failure(stage, exc) from None
        except Exception as exc:
            if type(exc).__module__.split(".")[0] in ("botocore", "google"):
                raise InputError(
                    f"--platform {self.platform}: the credentials are not usable ({exc}); {HINTS[self.platform]}"
                ) from None
            raise

    def _count_broken(self, stream: Any) -> None:
        """Count the tokens of an answer that broke off mid-stream: the API bills what it read and wrote."""
        try:
            snapshot = stream.current_message_snapshot if stream is not None else None
        except AssertionError:  # the stream broke before its first event
            return
        if snapshot is None:
            return
        usage = snapshot.usage
        self.usage.record(
            usage.input_tokens,
            usage.output_tokens,
            usage.cache_creation_input_tokens or 0,
            usage.cache_read_input_tokens or 0,
        )
        self.usage.broken += 1

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
            return InputError(
                f"the Claude API refused the credentials (HTTP {exc.status_code}: {detail}); {HINTS[self.platform]}"
            )
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
        client = self._client
        names = ("api_key", "auth_token", "access_token", "aws_secret_key", "aws_session_token")
        for secret in (getattr(client, name, None) for name in names):
            if isinstance(secret, str) and secret:
                text = text.replace(secret, "[redacted]")
        return text


def _tokens(response: Json) -> Json:
    """The token counts of a response, by kind."""
    usage = response.get("usage")
    usage = usage if isinstance(usage, dict) else {}
    kinds = {
        "input": "input_tokens",
        "output": "output_tokens",
        "cache_write": "cache_creation_input_tokens",
        "cache_read": "cache_read_input_tokens",
    }
    return {kind: int(usage.get(name) or 0) for kind, name in kinds.items()}


def _has_env(name: str) -> bool:
    import os

    return bool(os.environ.get(name))


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
