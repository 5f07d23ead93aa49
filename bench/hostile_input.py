"""Benchmark: how long archgen takes to refuse hostile questionnaires, next to a valid one for scale.

Each case is about as large as the loader lets a file be. Run it from the repository's top folder after touching
archgen/common/yamlio.py:

    .venv/bin/python bench/hostile_input.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from archgen.common import yamlio  # noqa: E402
from archgen.common.errors import InputError  # noqa: E402
from archgen.requirements.load import WHAT, parse_requirements  # noqa: E402

SIZE = yamlio.MAX_FILE_BYTES - 1_000


def laughs() -> str:
    lines = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


CASES = {
    "billion laughs (10^9 values from 10 lines)": laughs,
    "brackets nested 2 million deep": lambda: "a: " + "[" * (SIZE // 2) + "]" * (SIZE // 2) + "\n",
    "a flow list of 2 million values": lambda: "a: [" + "1," * (SIZE // 2 - 4) + "1]\n",
    "a block list of 1 million values": lambda: "a:\n" + "- 1\n" * (SIZE // 4 - 1),
    "300,000 keys": lambda: "".join(f"k{i}: 1\n" for i in range(300_000)),
    "one value of 4 MB": lambda: "a: " + "x" * SIZE + "\n",
    "an integer of 4,000 digits": lambda: "a: " + "9" * 4_000 + "\n",
    "the shop example (valid, for scale)": lambda: (ROOT / "examples" / "shop" / "requirements.yaml").read_text(),
}


def main() -> None:
    for name, make in CASES.items():
        text = make()
        start = time.perf_counter()
        try:
            parse_requirements(yamlio.parse(text, "bench.yaml", WHAT))
            outcome = "loaded"
        except InputError as error:
            outcome = error.problems[0][:70]
        print(f"{time.perf_counter() - start:8.3f} s  {len(text):>11,} chars  {name}: {outcome}")


if __name__ == "__main__":
    main()
