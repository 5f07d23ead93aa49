"""Benchmark: archgen's start-up, `archgen new` stage by stage, the mkdocs build, an unchanged re-run, and how time
and memory grow with the size of the questionnaire.

Every figure is measured in this one run on this machine, and the targets are ratios between them, so a slower or
busier machine moves the seconds more than the verdicts. Each command runs in a fresh process, as from a shell; its
wall time, its CPU time (its own and its Graphviz processes') and its peak resident memory come from `wait4`.
Start-up is the minimum of many interleaved runs (noise only ever adds time); every other figure is the median of
`--repeat` runs, each `archgen new` into an empty folder with an empty cache folder. Run it from the repository's
top folder:

    .venv/bin/python bench/performance.py [--repeat 3] [--json bench/results.json]

It prints Markdown tables (bench/RESULTS.md keeps the latest) and writes every sample to the JSON file.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the scaled questionnaires of the tests, from a checkout

from archgen.common import yamlio  # noqa: E402
from tests.large import scaled_questionnaire  # noqa: E402

SCALES = (1, 10, 50)
STAGES = ("load", "architect", "pages", "diagrams", "openapi", "write")

# Runs archgen's command line in this process and writes the stages it recorded to the JSON file named first.
CHILD = """
import json, sys
from archgen.common.timings import recording
report = sys.argv.pop(1)
from archgen.console import main
with recording() as seconds:
    try:
        main()
    finally:
        with open(report, "w", encoding="utf-8") as handle:
            json.dump(seconds, handle)
"""


@dataclass
class Sample:
    """One process: wall and CPU seconds, peak resident memory, and archgen's stages when it recorded them."""

    wall: float
    cpu: float
    peak_mib: float
    stages: dict[str, float] = field(default_factory=dict)


@dataclass
class Size:
    """What the scales multiply: services, entities and use cases of a design."""

    services: int
    entities: int
    use_cases: int

    @classmethod
    def of(cls, design_file: Path) -> Size:
        """The size of a generated design."""
        import yaml  # libyaml reads a design of any size; archgen's own loader bounds what a person may hand it

        design = yaml.load(design_file.read_text("utf-8"), Loader=yaml.CSafeLoader)
        requirements = design["requirements"]
        return cls(len(design["services"]), len(requirements["data"]["entities"]), len(requirements["use_cases"]))

    def __str__(self) -> str:
        return f"{self.services}/{self.entities}/{self.use_cases}"

    @property
    def total(self) -> int:
        """One number to find the largest example by."""
        return self.services + self.entities + self.use_cases


def measure(argv: list[str], env: dict[str, str] | None = None) -> Sample:
    """Run `argv` to completion and measure it; stop the benchmark when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env, cwd=ROOT)
    assert process.stderr is not None
    errors = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv[-4:])} failed ({process.returncode}):\n{errors.decode()}")
    # on Linux ru_maxrss is in KiB: the largest of the process and the children it waited for
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def archgen(args: list[str], cache: Path) -> Sample:
    """`archgen ARGS` in a fresh process, its caches in `cache`, with the stages it went through."""
    with tempfile.NamedTemporaryFile(suffix=".json") as report:
        sample = measure(
            [sys.executable, "-c", CHILD, report.name, *args], {**os.environ, "ARCHGEN_CACHE_DIR": str(cache)}
        )
        sample.stages = json.loads(Path(report.name).read_text("utf-8") or "{}")
    return sample


def median(samples: list[Sample], measure: str) -> float:
    """The median of `wall`, `cpu`, `peak_mib` or one stage's seconds."""
    return statistics.median(
        getattr(s, measure) if measure in ("wall", "cpu", "peak_mib") else s.stages.get(measure, 0.0) for s in samples
    )


def start_up(runs: int) -> dict[str, list[Sample]]:
    """The start-up commands, interleaved so that all of them see the same noise."""
    python = sys.executable
    commands = {
        "archgen --help": [str(Path(python).with_name("archgen")), "--help"],
        'python -c "import typer"': [python, "-c", "import typer"],
    }
    samples: dict[str, list[Sample]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            samples[name].append(measure(argv))
    return samples


def example_runs(requirements: Path, repeat: int, scratch: Path) -> dict[str, Any]:
    """`new` into an empty folder with empty caches, `new` again with nothing changed, then `archgen build`."""
    first, again, build = [], [], []
    for run in range(repeat):
        out, cache = scratch / f"out-{run}", scratch / f"cache-{run}"
        args = ["new", "--requirements", str(requirements), "--out", str(out)]
        first.append(archgen(args, cache))
        again.append(archgen(args, cache))
        build.append(archgen(["build", str(out)], cache))
    return {"size": Size.of(scratch / "out-0" / "design.yaml"), "first": first, "again": again, "build": build}


def scale_runs(requirements: Path, repeat: int, scratch: Path) -> dict[int, dict[str, Any]]:
    """`new` of the questionnaire replicated 1, 10 and 50 times into an empty folder with empty caches, and again."""
    questionnaire = yamlio.load(requirements, "questionnaire").data
    scratch.mkdir()
    results: dict[int, dict[str, Any]] = {}
    for copies in SCALES:
        path = scratch / f"scaled-{copies}.yaml"
        path.write_text(yamlio.dump(scaled_questionnaire(questionnaire, copies)), encoding="utf-8")
        first, again = [], []
        for run in range(repeat):
            out, cache = scratch / f"out-{copies}-{run}", scratch / f"cache-{copies}-{run}"
            args = ["new", "--requirements", str(path), "--out", str(out)]
            first.append(archgen(args, cache))
            again.append(archgen(args, cache))
        results[copies] = {"size": Size.of(scratch / f"out-{copies}-0" / "design.yaml"), "first": first, "again": again}
    return results


def machine() -> dict[str, str]:
    """The machine in general terms: cores, memory, operating system, Python, Graphviz."""
    memory = ""
    with_meminfo = Path("/proc/meminfo")
    if with_meminfo.is_file():
        kib = int(with_meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f"{kib / 1024 / 1024:.1f} GiB"
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=True).stderr.strip()
    return {
        "cores": str(os.cpu_count()),
        "memory": memory,
        "system": f"{platform.system()} {platform.machine()}",
        "python": platform.python_version(),
        "graphviz": dot.removeprefix("dot - "),
    }


def table(header: list[str], rows: list[list[str]]) -> str:
    """A Markdown table, numbers right-aligned."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if i else "---" for i in range(len(header))) + "|"]
    return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])


@dataclass
class Target:
    """A ratio the benchmark must show under a limit."""

    target: str
    figure: float
    limit: float

    @property
    def met(self) -> bool:
        """Whether the figure is under its limit."""
        return self.figure < self.limit


def targets(
    start: dict[str, list[Sample]], examples: dict[str, dict[str, Any]], scales: dict[int, Any]
) -> list[Target]:
    """Every target with its figure: start-up from minima, everything else from medians of wall time."""
    fastest = {name: min(s.wall for s in samples) for name, samples in start.items()}
    found = [
        Target(
            "start-up: archgen --help / import typer",
            fastest["archgen --help"] / fastest['python -c "import typer"'],
            1.5,
        )
    ]
    for name, runs in examples.items():
        new = median(runs["first"], "wall")
        found.append(Target(f"{name}: new / mkdocs build", new / median(runs["build"], "wall"), 1.0))
        found.append(Target(f"{name}: unchanged re-run / first run", median(runs["again"], "wall") / new, 0.2))
    growth = median(scales[50]["first"], "wall") / median(scales[10]["first"], "wall")
    found.append(Target("time ×50 / time ×10 (linear: 5)", growth, 5.0))
    found.append(Target("peak memory at ×50, MiB", median(scales[50]["first"], "peak_mib"), 500.0))
    return found


def report(
    start: dict[str, list[Sample]], examples: dict[str, Any], largest: str, scales: dict[int, Any], found: list[Target]
) -> str:
    """The tables, in Markdown."""
    parts = ["Start-up: wall seconds, minimum and median of the interleaved runs\n"]
    parts.append(
        table(
            ["command", "min s", "median s"],
            [
                [name, f"{min(s.wall for s in samples):.3f}", f"{median(samples, 'wall'):.3f}"]
                for name, samples in start.items()
            ],
        )
    )

    rows = []
    for name, runs in examples.items():
        first = runs["first"]
        stages = [median(first, stage) for stage in STAGES]
        wall = median(first, "wall")
        rows.append(
            [
                name,
                str(runs["size"]),
                *(f"{s:.2f}" for s in stages),
                f"{wall - sum(stages):.2f}",
                f"{wall:.2f}",
                f"{median(first, 'cpu'):.2f}",
                f"{median(runs['again'], 'wall'):.2f}",
                f"{median(runs['build'], 'wall'):.2f}",
                f"{median(runs['build'], 'cpu'):.2f}",
            ]
        )
    parts.append(
        "\n`archgen new` on each example into an empty folder with empty caches: its stages, the rest (interpreter, "
        "imports, command line, summary), its wall and CPU time; an unchanged re-run; `archgen build` of the same "
        "folder (median seconds)\n"
    )
    header = ["example", "svc/ent/uc", *STAGES, "rest", "new", "new CPU", "re-run", "build", "build CPU"]
    parts.append(table(header, rows))

    rows = []
    for copies, result in scales.items():
        runs = result["first"]
        stages = {stage: median(runs, stage) for stage in STAGES}
        rows.append(
            [
                f"{largest} ×{copies}",
                str(result["size"]),
                *(f"{stages[s]:.2f}" for s in STAGES),
                f"{median(runs, 'wall'):.2f}",
                f"{median(runs, 'cpu'):.2f}",
                f"{median(runs, 'peak_mib'):.0f}",
                f"{median(result['again'], 'wall'):.2f}",
                f"{median(result['again'], 'wall') / median(runs, 'wall'):.2f}",
            ]
        )
    parts.append(
        f"\n`archgen new` of the largest example ({largest}) replicated, into an empty folder with empty caches, "
        "then again unchanged (median seconds)\n"
    )
    header = ["questionnaire", "svc/ent/uc", *STAGES, "wall s", "CPU s", "peak MiB", "re-run s", "re-run / first"]
    parts.append(table(header, rows))

    parts.append("\nTargets\n")
    parts.append(
        table(
            ["target", "figure", "limit", "met"],
            [[t.target, f"{t.figure:.2f}", f"< {t.limit:g}", "yes" if t.met else "NO"] for t in found],
        )
    )
    return "\n".join(parts)


def _progress(message: str) -> None:
    print(f"… {message}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each archgen measurement (the median is taken)")
    parser.add_argument(
        "--start-runs", type=int, default=20, help="runs of each start-up command (the minimum is taken)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", help="where to write the samples")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="archgen-bench-") as folder:
        scratch = Path(folder)
        _progress("start-up")
        start = start_up(args.start_runs)
        examples = {}
        for path in sorted((ROOT / "examples").glob("*/requirements.yaml")):
            _progress(f"example {path.parent.name}")
            examples[path.parent.name] = example_runs(path, args.repeat, scratch / path.parent.name)
        largest = max(examples, key=lambda name: (examples[name]["size"].total, name))
        _progress(f"{largest} ×{', ×'.join(map(str, SCALES))}")
        scales = scale_runs(ROOT / "examples" / largest / "requirements.yaml", args.repeat, scratch / "scales")
    found = targets(start, examples, scales)
    print(report(start, examples, largest, scales, found))
    results = {
        "machine": machine(),
        "repeat": args.repeat,
        "start": {name: [asdict(s) for s in samples] for name, samples in start.items()},
        "examples": {
            name: {
                "size": asdict(runs["size"]),
                **{k: [asdict(s) for s in runs[k]] for k in ("first", "again", "build")},
            }
            for name, runs in examples.items()
        },
        "largest": largest,
        "scales": {
            str(c): {"size": asdict(r["size"]), **{k: [asdict(s) for s in r[k]] for k in ("first", "again")}}
            for c, r in scales.items()
        },
        "targets": [{**asdict(t), "met": t.met} for t in found],
    }
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
