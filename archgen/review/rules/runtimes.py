"""Runtime rules: the language and framework the design's own services run on is one the team builds with, or a
decision record owns what learning it costs, and each runtime the web deployables use is chosen in a record."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common.english import join
from archgen.design.model import Decision, Deployable, Design
from archgen.knowledge.runtimes import Runtimes, runtimes
from archgen.review.engine import Found, Problem, Subject, rule


@dataclass(frozen=True)
class Unit:
    """A deployable that runs the design's own services, and the language and framework its runtime names."""

    at: int
    deployable: Deployable
    language: str
    framework: str | None


def _units(design: Design, know: Runtimes) -> list[Unit]:
    """The deployables of the design's own code (off-the-shelf engines run no service), one per runtime."""
    out: dict[str, Unit] = {}
    for i, d in enumerate(design.deployables):
        language, framework = know.parse(d.runtime)
        if d.services and language and d.runtime not in out:
            out[d.runtime] = Unit(i, d, language, framework)
    return list(out.values())


def _chooses(know: Runtimes, decision: Decision, unit: Unit) -> bool:
    """Whether a decision record chooses the unit's framework (or, when it names none, its language)."""
    if unit.framework:
        return know.names_framework(decision.decision, unit.framework)
    return know.names_language(decision.decision, unit.language)


def _said(decision: Decision) -> str:
    return " ".join([decision.rationale, *decision.consequences])


@rule("ENG016", "error", "decisions", "A runtime the team does not build with, unowned")
def unfamiliar_runtime(subject: Subject) -> Found:
    """A deployable runs a framework absent from the team's skills while they name another one for the same
    language, or a language they never name, and no decision record weighs the team's own framework or owns what
    learning the new one costs. A small team then maintains code in a stack it does not know."""
    skills = subject.req.constraints.team.skills
    know = runtimes()
    if not skills:
        return
    known = know.known_languages(skills)
    decisions = subject.design.decisions
    for unit in _units(subject.design, know):
        listed = know.team_frameworks(skills, unit.language)
        records = [d for d in decisions if _chooses(know, d, unit)]
        if unit.framework and listed and unit.framework not in dict(listed):
            ours = [know.label(unit.language, k) for k, _ in listed]
            weighed = any(any(know.names_framework(o.name, k) for o in d.options for k, _ in listed) for d in records)
            if not weighed:
                yield Problem(
                    element=unit.deployable.name,
                    at=("deployables", unit.at, "runtime"),
                    message=f"runs {unit.deployable.runtime}, while the team's skills name "
                    f"{join(s for _, s in listed)} for {know.languages[unit.language].name}",
                    fix=f"build on {join(ours, 'or')}, which the team knows, or record a decision that weighs it "
                    f"and says why {know.frameworks[unit.framework].name} is worth learning",
                )
        elif unit.language not in known:
            words = know.learning_words
            if not any(any(w in _said(d).lower() for w in words) for d in records):
                yield Problem(
                    element=unit.deployable.name,
                    at=("deployables", unit.at, "runtime"),
                    message=f"runs {unit.deployable.runtime}, but the team's skills ({', '.join(skills)}) name no "
                    f"{know.languages[unit.language].name}, and no decision record owns what learning it costs",
                    fix="use a language the team knows, or record the choice with what learning it costs (training, "
                    "hiring, a reviewed first service)",
                )


@rule("ENG017", "error", "decisions", "A runtime chosen with no decision record")
def unrecorded_runtime(subject: Subject) -> Found:
    """A web deployable's language and framework is chosen in no decision record, or the deployables run different
    runtimes and no record says why one differs. The choice that shapes every line of code, the libraries and who
    can maintain it is never weighed against an alternative."""
    know = runtimes()
    units = _units(subject.design, know)
    web = [u for u in units if u.deployable.kind in ("web", "realtime")]
    for unit in web:
        if any(_chooses(know, d, unit) for d in subject.design.decisions):
            continue
        others = [u.deployable.runtime for u in units if u.deployable.runtime != unit.deployable.runtime]
        yield Problem(
            element=unit.deployable.name,
            at=("deployables", unit.at, "runtime"),
            message=f"runs {unit.deployable.runtime}"
            + (f" beside {join(others)}" if others else "")
            + ", and no decision record chooses it"
            + (" or says why it differs" if others else ""),
            fix="record the language and framework as a decision: the team's skills, what the system's shape needs "
            "(staff screens, open connections, request rate) and the alternative weighed"
            + ("; run one runtime unless a stated reason sets one apart" if others else ""),
        )
