"""Benchmark: staged, concurrent generation with Claude takes about as long as its longest stages, not the sum of
its calls.

A fake Messages API on 127.0.0.1 answers every call after a fixed latency, as a real model would after thinking.
The Claude architect asks for the skeleton, then for every service's detail, a few at a time. Run it from the
repository's top folder:

    .venv/bin/python bench/claude_stages.py [--services 8] [--latency 0.5] [--concurrency 4]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' fake API, from a checkout

from archgen.architects.claude import ClaudeArchitect
from archgen.architects.rules import RulesArchitect
from archgen.common.english import count
from archgen.requirements import load_requirements
from tests.claude.fake_api import FakeClaude, serve


def questionnaire(services: int) -> str:
    """A questionnaire with one entity per bounded context, so the design has `services` services."""
    entities = "".join(
        f"    - name: Thing{i}\n      fields: {{id: uuid, name: string}}\n      records: 1_000\n"
        for i in range(services)
    )
    domains = "".join(f"    - name: domain{i}\n      entities: [Thing{i}]\n" for i in range(services))
    return (
        "version: 1\nsystem:\n  name: Bench\n  summary: Many small bounded contexts.\nusers:\n  daily_active: 1_000\n"
        f"data:\n  entities:\n{entities}  domains:\n{domains}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=8)
    parser.add_argument("--latency", type=float, default=0.5, help="seconds the fake API takes per call")
    parser.add_argument("--concurrency", type=int, default=4, help="services detailed at the same time")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "requirements.yaml")
        path.write_text(questionnaire(args.services), encoding="utf-8")
        loaded = load_requirements(path)
        fake = FakeClaude(RulesArchitect().design(loaded))
        stamps: list[tuple[float, str]] = []
        os.environ.update(ANTHROPIC_API_KEY="bench", ARCHGEN_CACHE_DIR=folder)
        with serve(fake, latency=args.latency) as url:
            os.environ["ANTHROPIC_BASE_URL"] = url
            architect = ClaudeArchitect(
                use_cache=False,
                concurrency=args.concurrency,
                progress=lambda message: stamps.append((time.perf_counter(), message)),
            )
            start = time.perf_counter()
            design = architect.design(loaded)
            total = time.perf_counter() - start

    calls = architect.usage.calls
    asked = next(t for t, m in stamps if m.startswith("asking Claude")) - start
    skeleton_done = next(t for t, m in stamps if m.startswith("Claude: skeleton done")) - start
    # the first service is asked alone, to write the prompt cache the others read; then the rest, so many at a time
    rest = len(design.services) - 1
    waves = 1 + (math.ceil(rest / min(args.concurrency, rest)) if rest else 0)
    print(
        f"{count(len(design.services), 'service')}, {count(calls, 'call')}, {args.latency:g} s per call, "
        f"{args.concurrency} at a time"
    )
    print(f"  setup                   {asked:6.2f} s  (SDK import, prompts, schemas)")
    print(f"  skeleton stage          {skeleton_done - asked:6.2f} s")
    print(f"  service details stage   {total - skeleton_done:6.2f} s  ({count(waves, 'wave')} of concurrent calls)")
    print(f"  total                   {total:6.2f} s")
    print(f"  sum of all calls        {calls * args.latency:6.2f} s  (what one call after another would take)")
    print(f"  stages' longest calls   {(1 + waves) * args.latency:6.2f} s  (the floor for staged generation)")


if __name__ == "__main__":
    main()
