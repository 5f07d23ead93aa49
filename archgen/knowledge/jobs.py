"""How scheduled jobs are timed, ordered and kept safe (archgen/knowledge/jobs.yaml), and how often a cron runs."""

from __future__ import annotations

import functools
import re

from pydantic import BaseModel, ConfigDict

from archgen.common import english
from archgen.knowledge.shipped import shipped
from archgen.requirements.model import UseCase


class RetentionWords(BaseModel):
    """How the moment a record's retention ends is recognised in its fields, its partitions and a design's text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    balance_fields: tuple[str, ...]
    carry_words: tuple[str, ...]
    shred_words: tuple[str, ...]
    corrections: tuple[str, ...]
    birth_fields: tuple[str, ...]
    coming_of_age_years: int
    time_partition_words: tuple[str, ...]
    partition_claims: tuple[str, ...]


class JobWords(BaseModel):
    """jobs.yaml: the periods a use case may name, the nightly start and step, and the words of safe runs."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    periods: dict[str, float]
    first_start_minute: int
    step_minutes: int
    provider_files: tuple[str, ...]
    guarantees: str
    lock_words: tuple[str, ...]
    catch_up_words: tuple[str, ...]
    deletes: tuple[str, ...]
    split_words: tuple[str, ...]
    split: str
    rebuild_words: tuple[str, ...]
    kept_copy_words: tuple[str, ...]
    kept_figures: dict[str, str] = {}
    retention: RetentionWords


def kept_figures(use_case: str, fields: set[str]) -> dict[str, str]:
    """The figures a job's name says it keeps (a balance, a count) that no field of the records it writes names:
    the field each needs (its name from the words leading to the figure) and the field's type."""
    figures = job_words().kept_figures
    said = [english.singular(w) for w in re.findall(r"[a-z0-9-]+", use_case.lower())][1:]  # after the verb
    out: dict[str, str] = {}
    for at, word in enumerate(said):
        if word in figures and word not in fields:
            out["_".join(said[max(at - 1, 0) : at + 1]).replace("-", "_")] = figures[word]  # what it counts, too
    return out


@functools.cache
def job_words() -> JobWords:
    """The shipped job words."""
    return shipped("jobs.yaml", JobWords)


def named_period(text: str) -> float | None:
    """Runs a day of the period a text names ('Monthly click invoice' → 1/30.4), or None when it names none."""
    lowered = " " + re.sub(r"[^a-z0-9 ]+", " ", text.lower()) + " "
    for phrase in sorted(job_words().periods, key=len, reverse=True):
        if f" {phrase} " in lowered:
            return job_words().periods[phrase]
    return None


def _count(field: str, whole: float) -> float | None:
    """How many values a cron field takes out of `whole` ('*' all, '*/5' a fifth, '1,15' two); None for ranges
    it cannot read."""
    if field == "*":
        return whole
    if field.startswith("*/") and field[2:].isdigit():
        return whole / int(field[2:])
    if "/" in field:
        start, step = field.split("/", 1)
        low, _, high = start.partition("-")
        if step.isdigit() and low.isdigit():
            top = int(high) if high.isdigit() else whole - 1
            return (top - int(low)) // int(step) + 1
        return None
    parts = field.split(",")
    return float(len(parts)) if all(p.isdigit() for p in parts) else None


def cron_runs_per_day(schedule: str) -> float | None:
    """Runs a day of a schedule that starts with a five-field cron expression; None when it does not."""
    fields = schedule.split()[:5]
    if len(fields) < 5:
        return None
    minute, hour, day, month, weekday = fields
    minutes = _count(minute, 60)
    hours = _count(hour, 24)
    months = _count(month, 12)
    if minutes is None or hours is None or months is None:
        return None
    per_day = minutes * hours * months / 12  # a quarterly or yearly run names its months
    if day != "*":
        days = _count(day, 30.4)
        return None if days is None else per_day * days / 30.4
    if weekday != "*":
        days = _count(weekday, 7)
        return None if days is None else per_day * days / 7
    return per_day


def runs_per_day(use_case: UseCase) -> float:
    """How often a scheduled use case runs: the frequency it states, else the period its words name (a monthly
    invoice is monthly), else the default frequency."""
    if "frequency_per_user_per_day" in use_case.model_fields_set:
        return use_case.frequency_per_user_per_day
    named = named_period(f"{use_case.name}. {use_case.description or ''}")
    return use_case.frequency_per_user_per_day if named is None else named
