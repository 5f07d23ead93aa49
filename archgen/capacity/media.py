"""Media figures from the questionnaire: the bytes a streamed file set sends follow watch time × bitrate (not file
views), and converting uploads takes CPU in proportion to the media's length and the renditions made of it.

How long people watch comes from a use case that reports progress while media plays (its frequency × the interval
its description states) or, failing that, from playback starts × minutes per play; at what quality comes from an
enum field listing the qualities (`enum[240p, 720p, 1080p]`), with the share of watch time each gets. The rules of
thumb live in archgen/knowledge/media.yaml.
"""

from __future__ import annotations

import functools
import math
import re
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.common import yamlio
from archgen.requirements.model import FileSet, Requirements, UseCase


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Quality(_Strict):
    """One rung of a bitrate ladder."""

    name: str
    kbps: float = Field(gt=0)
    watch_share: float = Field(ge=0)
    encode_vcpu_s: float = Field(ge=0)
    height: int = Field(gt=0)


class Source(_Strict):
    """The height uploads arrive at, and the share of uploads at it."""

    quality: str
    share: float = Field(gt=0, le=1)


class Words(_Strict):
    streamed_files: tuple[str, ...]
    still_files: tuple[str, ...]
    playback: tuple[str, ...]
    video_processing: tuple[str, ...]
    image_processing: tuple[str, ...]


class Codec(_Strict):
    """A more efficient codec offered beside H.264 for the players that decode it."""

    name: str
    bytes_saved: float = Field(gt=0, lt=1)
    players: float = Field(gt=0, le=1)
    encode_factor: float = Field(ge=1)


class MediaKnowledge(_Strict):
    """archgen/knowledge/media.yaml."""

    qualities: tuple[Quality, ...]
    default_ladder: tuple[str, ...]
    source_kbps: float = Field(gt=0)
    sources: tuple[Source, ...] = Field(min_length=1)
    report_interval_s: float = Field(gt=0)
    minutes_per_play: float = Field(gt=0)
    image_vcpu_s: float = Field(ge=0)
    moderation_frame_s: float = Field(gt=0)
    efficient_codec: Codec
    everyday_top: str
    encoding_prices: tuple[str, ...]
    words: Words
    split_words: tuple[str, ...]
    split: str


@functools.cache
def knowledge() -> MediaKnowledge:
    """The shipped media rules of thumb."""
    text = resources.files("archgen.knowledge").joinpath("media.yaml").read_text("utf-8")
    return MediaKnowledge.model_validate(yamlio.parse(text, "media.yaml").data)


def _says(text: str, words: tuple[str, ...]) -> bool:
    """Whether any of `words` starts a word of `text` (so `transcod` finds "transcoded", `play` not "display")."""
    found = re.findall(r"[a-z0-9]+", text.lower())
    return any(w.startswith(word) for w in found for word in words)


def _text(use_case: UseCase) -> str:
    return f"{use_case.name} {use_case.description or ''}"


def streamed(file_set: FileSet) -> bool:
    """A public file set played as a stream: its bytes follow watch time, not file views."""
    words = knowledge().words
    name = file_set.name.replace("-", " ").replace("_", " ")
    return file_set.public and _says(name, words.streamed_files) and not _says(name, words.still_files)


def average_kbps(qualities: list[Quality]) -> float:
    """The bitrate streamed on average: each rung's bitrate weighted by its share of watch time."""
    shares = sum(q.watch_share for q in qualities)
    return sum(q.kbps * q.watch_share for q in qualities) / shares if shares else 0.0


def ladder(req: Requirements) -> tuple[list[Quality], str]:
    """The qualities media is offered at: the first enum field whose values are all known qualities, else the
    default ladder; and where that came from."""
    known = {q.name.lower(): q for q in knowledge().qualities}
    for entity in req.data.entities:
        for field_name, kind in entity.fields.items():
            values = [v.lower() for v in kind.element.values] if kind.element.kind == "enum" else []
            if len(values) >= 2 and all(v in known for v in values):
                return [known[v] for v in values], f"{entity.name}.{field_name}"
    return [known[n.lower()] for n in knowledge().default_ladder], "the default ladder"


def encode_effort(qualities: list[Quality]) -> list[tuple[Quality, float]]:
    """Each rung with the share of uploads it is encoded for: those at least as tall as the rung (no upscaling)."""
    known = {q.name.lower(): q for q in knowledge().qualities}
    sources = [(known[s.quality.lower()].height, s.share) for s in knowledge().sources]
    total = sum(share for _, share in sources)
    return [(q, sum(share for height, share in sources if height >= q.height) / total) for q in qualities]


def encode_vcpu_s(qualities: list[Quality]) -> float:
    """vCPU-seconds to encode one second of an upload into the rungs at or below its own height, on average."""
    return sum(q.encode_vcpu_s * share for q, share in encode_effort(qualities))


def processing(req: Requirements) -> list[tuple[UseCase, str]]:
    """Use cases that convert uploaded media, and whether they convert video or images."""
    words = knowledge().words
    out: list[tuple[UseCase, str]] = []
    for use_case in req.use_cases:
        text = _text(use_case)
        if not _says(text, ("transcod", "encod", "resiz")):
            continue
        out.append((use_case, "video" if _says(text, words.video_processing) else "image"))
    return out


def upload_bytes(req: Requirements, use_case: UseCase) -> float | None:
    """The size of what a processing use case converts: its own request, else the largest upload that writes what
    it reads or writes, else the largest private file set."""
    if use_case.request_bytes:
        return float(use_case.request_bytes)
    touched = {*use_case.reads, *use_case.writes}
    sizes = [u.request_bytes for u in req.use_cases if u.request_bytes and touched & set(u.writes)]
    if sizes:
        return float(max(sizes))
    private = [f.avg_size_kb * 1_000 for f in req.data.files if not f.public]
    return max(private) if private else None


_INTERVAL = re.compile(r"every\s+(\d+(?:\.\d+)?)\s*(s|secs?|seconds?|min|mins|minutes?)\b", re.IGNORECASE)


def stated_interval(use_case: UseCase) -> float | None:
    """The interval between reports a use case's description states ("every 30 s"), in seconds."""
    found = _INTERVAL.search(use_case.description or "")
    if not found:
        return None
    amount = float(found.group(1))
    return amount * 60 if found.group(2).lower().startswith("min") else amount


def _playback(req: Requirements) -> tuple[UseCase | None, UseCase | None]:
    """The use case that reports progress while media plays (a stream), and the one that starts playing."""
    words = knowledge().words.playback
    progress = next((u for u in req.use_cases if u.interaction == "stream" and _says(u.name, words)), None)
    starts = next((u for u in req.use_cases if u.interaction == "request" and _says(u.name, words)), None)
    return progress, starts


def media_figures(req: Requirements, ledger: Ledger, slugs: dict[str, str]) -> None:
    """Watch time, bitrate and bytes streamed a month; CPU to convert each upload. Only where the questionnaire
    has streamed file sets or use cases that convert media."""
    g = "Media"
    k = knowledge()
    sets = [f for f in req.data.files if streamed(f)]
    progress, starts = _playback(req)
    viewer_case = progress or starts
    if sets and viewer_case is not None:
        qualities, source = ladder(req)
        inputs = [(f"kbps_{q.name}", q.kbps, "kbit/s") for q in qualities]
        inputs += [(f"share_{q.name}", q.watch_share, "ratio") for q in qualities]
        shares = sum(q.watch_share for q in qualities) or 1.0
        ledger.add(
            "media.bitrate_kbps",
            g,
            "Average bitrate streamed",
            sum(q.kbps * q.watch_share for q in qualities) / shares,
            "kbit/s",
            f"Σ bitrate × share of watch time / Σ shares, over the qualities offered ({source})",
            *inputs,
            expr="("
            + " + ".join(f"kbps_{q.name} * share_{q.name}" for q in qualities)
            + ") / ("
            + " + ".join(f"share_{q.name}" for q in qualities)
            + ")",
        )
        if progress is not None:
            interval = stated_interval(progress)
            said = "as its description states" if interval is not None else "assumed: the description gives none"
            ledger.add(
                "media.watch_s",
                g,
                "Watch time per viewer a day",
                progress.frequency_per_user_per_day * (interval or k.report_interval_s),
                "s",
                f"{progress.name} a day × seconds between reports ({said})",
                ("reports_per_day", progress.frequency_per_user_per_day, "per viewer"),
                ("report_interval_s", interval or k.report_interval_s, "s"),
                expr="reports_per_day * report_interval_s",
            )
        else:
            assert starts is not None
            ledger.add(
                "media.watch_s",
                g,
                "Watch time per viewer a day",
                starts.frequency_per_user_per_day * k.minutes_per_play * 60,
                "s",
                f"{starts.name} a day × minutes watched per play (assumed) × 60",
                ("plays_per_day", starts.frequency_per_user_per_day, "per viewer"),
                ("minutes_per_play", k.minutes_per_play, "min"),
                expr="plays_per_day * minutes_per_play * 60",
            )
        actor = slugs.get(viewer_case.actor or req.users.roles[0].name)
        viewers = ledger.values.get(f"roles.{actor}.active", float(req.users.daily_active))
        ledger.add(
            "media.streamed.month",
            g,
            "Media streamed a month",
            viewers
            * ledger.values["media.watch_s"]
            * ledger.values["media.bitrate_kbps"]
            * 1000
            / 8
            * c.DAYS_PER_MONTH,
            "bytes/month",
            "viewers active a day × watch time × average bitrate / 8 × 30.4 days",
            ("viewers", viewers, "members"),
            ("watch_s", ledger.values["media.watch_s"], "s/day"),
            ("bitrate_kbps", ledger.values["media.bitrate_kbps"], "kbit/s"),
            expr="viewers * watch_s * bitrate_kbps * 1000 / 8 * 30.4",
        )
    for use_case, kind in processing(req):
        _processing(req, ledger, use_case, kind)


def _processing(req: Requirements, ledger: Ledger, use_case: UseCase, kind: str) -> None:
    """The CPU one call of a media-converting use case takes, and what that adds up to."""
    from archgen.capacity.load import growth, use_case_keys, use_case_rate

    g = "Media"
    k = knowledge()
    key = f"media.{use_case_keys(req)[use_case.name].removeprefix('use_case.')}"
    size = upload_bytes(req, use_case)
    if kind == "video" and size:
        seconds = ledger.add(
            f"{key}.seconds",
            g,
            f"{use_case.name}: seconds of video per call",
            size * 8 / (k.source_kbps * 1000),
            "s",
            "bytes uploaded × 8 / source bitrate",
            ("upload_bytes", size, "bytes"),
            ("source_kbps", k.source_kbps, "kbit/s"),
            expr="upload_bytes * 8 / (source_kbps * 1000)",
        )
        qualities, source = ladder(req)
        effort = encode_effort(qualities)
        ledger.add(
            f"{key}.vcpu_s",
            g,
            f"{use_case.name}: vCPU-seconds per call",
            seconds * encode_vcpu_s(qualities),
            "vCPU-s",
            f"seconds of video × Σ encoding effort of each rendition ({source}) × the share of uploads at least "
            "that tall (a rung above an upload's own height is not made: assumed "
            + ", ".join(f"{s.share:.0%} at {s.quality}" for s in k.sources)
            + ")",
            ("seconds", seconds, "s"),
            *((f"encode_{q.name}", q.encode_vcpu_s, "vCPU-s per s") for q, _ in effort),
            *((f"sources_{q.name}", share, "ratio") for q, share in effort),
            expr="seconds * (" + " + ".join(f"encode_{q.name} * sources_{q.name}" for q, _ in effort) + ")",
        )
    else:
        ledger.add(
            f"{key}.vcpu_s",
            g,
            f"{use_case.name}: vCPU-seconds per call",
            k.image_vcpu_s,
            "vCPU-s",
            "decode, strip metadata and write the renditions of one image",
            ("image_vcpu_s", k.image_vcpu_s, "vCPU-s"),
            expr="image_vcpu_s",
        )
    rate = use_case_rate(req, use_case)
    per_call = ledger.values[f"{key}.vcpu_s"]
    one_worker = ledger.add(
        f"{key}.one_worker_s",
        g,
        f"{use_case.name}: seconds one call takes on one worker",
        per_call / c.INSTANCE_VCPU.value,
        "s",
        "vCPU-seconds per call / instance_vcpu",
        ("vcpu_s", per_call, "vCPU-s"),
        c.INSTANCE_VCPU,
        expr="vcpu_s / instance_vcpu",
    )
    target = p99_s(use_case)
    if target:
        ledger.add(
            f"{key}.segments",
            g,
            f"{use_case.name}: segments encoded in parallel to finish within its p99",
            segments(use_case, per_call),
            "workers",
            "⌈seconds on one worker / p99 target⌉ (1: one worker finishes it in time)",
            ("one_worker_s", one_worker, "s"),
            ("p99_s", target, "s"),
            expr="max(1, ceil(one_worker_s / p99_s))",
        )
    ledger.add(
        f"{key}.vcpu.y3",
        g,
        f"{use_case.name}: vCPUs busy at peak after 3 years",
        rate.peak_y3 * per_call,
        "vCPU",
        "calls at peak after 3 years × vCPU-seconds per call",
        ("calls", rate.peak_y3, "calls/s"),
        ("vcpu_s", per_call, "vCPU-s"),
        expr="calls * vcpu_s",
    )
    ledger.add(
        f"{key}.vcpu_hours.y1",
        g,
        f"{use_case.name}: vCPU-hours a month after 1 year",
        rate.avg * growth(req, 1) * per_call * c.SECONDS_PER_DAY * c.DAYS_PER_MONTH / 3600,
        "vCPU-hours",
        "average calls × (1 + growth_per_year) × vCPU-seconds per call × 30.4 days / 3,600",
        ("calls", rate.avg, "calls/s"),
        ("growth_per_year", req.load.growth_per_year, "ratio"),
        ("vcpu_s", per_call, "vCPU-s"),
        expr="calls * (1 + growth_per_year) * vcpu_s * 86400 * 30.4 / 3600",
    )


def p99_s(use_case: UseCase) -> float | None:
    """The p99 target a media call has in seconds: its own; the API's default is for calls people wait on, and
    says nothing of work done after the upload returns."""
    return use_case.latency_p99_ms / 1000 if use_case.latency_p99_ms else None


def segments(use_case: UseCase, vcpu_s: float) -> int:
    """How many workers one call needs at once to finish within its p99: a call longer than that on one worker is
    split into segments encoded in parallel (one when it has no target of its own)."""
    target = p99_s(use_case)
    return max(1, math.ceil(vcpu_s / c.INSTANCE_VCPU.value / target)) if target else 1


def call_vcpu_s(req: Requirements, use_case: UseCase, kind: str) -> float:
    """vCPU-seconds one call of a media-converting use case takes (as the Media figures compute it)."""
    size = upload_bytes(req, use_case)
    if kind == "video" and size:
        qualities, _ = ladder(req)
        return size * 8 / (knowledge().source_kbps * 1000) * encode_vcpu_s(qualities)
    return knowledge().image_vcpu_s


def media_seconds(req: Requirements, figures: dict[str, float], use_case: UseCase) -> float:
    """Seconds of video one call of a use case carries (0 when it converts no video)."""
    from archgen.capacity.load import use_case_keys

    key = f"media.{use_case_keys(req)[use_case.name].removeprefix('use_case.')}.seconds"
    return figures.get(key, 0.0)
