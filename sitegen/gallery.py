"""The gallery: a page that introduces each bundled example, and each example's design site built beside it."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Callable
from pathlib import Path

from archgen.common.english import count
from archgen.common.formatting import quantity, usd
from sitegen import EXAMPLES, example_designs
from sitegen.markdown import page, table, text


def gallery_page() -> str:
    """The gallery's index: the examples side by side, then what each is, what archgen made of it, and its site."""
    designs = example_designs()
    overview = [
        [
            f"[{text(design.system.name)}](#{name})",
            text(design.architecture.style),
            f"{quantity(design.capacity.value('traffic.peak_rps.now'), 'req/s')} / "
            f"{quantity(design.capacity.value('traffic.peak_rps.y3'), 'req/s')}",
            usd(design.cost.total_usd_per_month),
        ]
        for name, design in designs.items()
    ]
    sections = []
    for name, design in designs.items():
        facts = [
            f"Questionnaire: `examples/{name}/requirements.yaml`",
            f"Services: {text(', '.join(s.name for s in design.services))}",
            f"Data stores: {text(', '.join(f'{s.name} ({s.technology})' for s in design.stores))}",
            f"Review pack: {count(len(design.decisions), 'decision')}, {count(len(design.risks), 'risk')}, "
            f"{count(len(design.open_questions), 'open question')}",
        ]
        sections.append(
            "\n\n".join(
                [
                    f"## {text(design.system.name)} {{ #{name} }}",
                    text(pitch(name)),
                    "\n".join(f"- {fact}" for fact in facts),
                    f"[Open the {text(design.system.name)} design]({name}/index.html){{ .md-button }}",
                ]
            )
        )
    return page(
        "Gallery",
        "Each bundled example, designed by the rules architect and built as `archgen new --build` builds it. "
        "The sites are the very files a review would get.",
        table(["Example", "Style", "Peak now / after 3 years", "Monthly cost"], overview),
        *sections,
    )


def pitch(name: str) -> str:
    """What an example is about: the comment lines at the top of its questionnaire."""
    lines = (EXAMPLES / name / "requirements.yaml").read_text(encoding="utf-8").splitlines()
    heading = itertools.takewhile(lambda line: line.startswith("#"), lines)
    return " ".join(line.lstrip("#").strip() for line in heading)


def build_gallery(target: Path, work: Path, progress: Callable[[str], None]) -> None:
    """Generate and build every example's design site in `work`, and copy the HTML to `target/<example>`."""
    from archgen.pipeline import generate

    for name in example_designs():
        progress(f"building the {name} example")
        result = generate(EXAMPLES / name / "requirements.yaml", work / name, build=True)
        assert result.site is not None
        shutil.copytree(result.site, target / name)
