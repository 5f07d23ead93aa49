"""The language and framework every deployable runs: the one the team already builds with, else the one that fits
the system's shape (an internal tool where staff manage records, open connections, a high request rate), recorded
as a decision that names the fact that chose it."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.architects.rules.draft import Draft, option
from archgen.common.english import count, join
from archgen.common.formatting import number
from archgen.design.model import Option
from archgen.knowledge.finality import finality_words
from archgen.knowledge.runtimes import THROUGHPUT_RANK, Framework, Runtimes, runtimes

THROUGHPUT_WORDS = {"modest": "hundreds", "high": "thousands", "very-high": "tens of thousands"}


@dataclass(frozen=True)
class Choice:
    """A language and framework and the fact that chose them."""

    language: str
    framework: str
    reason: str  # team, records, connections, rate or default
    skill: str = ""  # the skill that named the framework, when the team chose it
    known: bool = True  # whether the team's skills cover the language


def choose(draft: Draft) -> Choice:
    """The language asked for or known, then the framework the team lists for it, else the one its shape needs."""
    know = runtimes()
    c = draft.req.constraints
    asked = [k for w in c.languages if (k := know.language_of_skill(w))]
    known = know.known_languages(c.team.skills)
    language = next(iter(asked + known), know.fallback)
    is_known = language in known or not c.team.skills  # no skills stated: nothing to be new to
    listed = know.team_frameworks(c.team.skills, language)
    if listed:
        return Choice(language, listed[0][0], "team", listed[0][1], is_known)
    reason, framework = _by_shape(draft, know, language)
    return Choice(language, framework, reason, known=is_known)


def _by_shape(draft: Draft, know: Runtimes, language: str) -> tuple[str, str]:
    frameworks = know.frameworks_of(language)
    default = know.frameworks[frameworks[0]]
    peak = draft.figure("traffic.peak_rps.y3")
    if _staff_records(draft) and peak < know.shapes.records_max_peak_rps and not default.admin:
        admin = [k for k in frameworks if know.frameworks[k].admin]
        if admin:
            return "records", admin[0]
    if draft.realtime_needed and not default.async_io:
        held = [k for k in frameworks if know.frameworks[k].async_io]
        if held:
            return "connections", max(held, key=lambda k: THROUGHPUT_RANK[know.frameworks[k].throughput])
    if peak >= know.shapes.high_rate_rps and default.throughput == "modest":
        fast = [k for k in frameworks if THROUGHPUT_RANK[know.frameworks[k].throughput] > 0]
        if fast:
            return "rate", max(fast, key=lambda k: THROUGHPUT_RANK[know.frameworks[k].throughput])
    return "default", frameworks[0]


def _staff_records(draft: Draft) -> list[str]:
    """The entities staff roles write, in a system small enough to run as one deployable."""
    req = draft.req
    staff = {r.name for r in req.users.roles if r.internal and r.kind == "person"}
    if not draft.small or draft.realtime_needed or not staff:
        return []
    return list(dict.fromkeys(e for u in req.use_cases if u.actor in staff for e in u.writes))


def _admin_site(draft: Draft, staff: list[str]) -> str:
    """What staff do in the admin site: a record with a lifecycle keeps its state field read-only there and moves
    only by the same transitions as the API, never by a raw edit of the row."""
    moved = [e for e in draft.entities if e.name in staff and e.state_machine is not None]
    if not moved:
        return f"staff manage {join(staff)} records in the admin site, behind the same sign-in"
    fields = join(sorted({f"`{e.name}.{e.state_machine.field}`" for e in moved if e.state_machine is not None}))
    verb = "is" if len(moved) == 1 else "are"
    return finality_words().admin_text.format(records=join(staff), fields=f"{fields} {verb}")


def plan_runtime_record(draft: Draft) -> None:
    """Record the language and framework the deployables run, and trace the team's skills to it (after the other
    decisions, so their numbers stay as they were)."""
    decision = record_runtime(draft, choose(draft))
    if draft.req.constraints.team.skills:
        draft.trace(
            requirement="constraints.team.skills",
            statement="build with what the team knows",
            elements=[d.name for d in draft.deployables if d.services],
            decisions=[decision],
        )


def record_runtime(draft: Draft, choice: Choice) -> str:
    """The decision record of the language and framework; its id."""
    know = runtimes()
    req = draft.req
    fw = know.frameworks[choice.framework]
    lang = know.languages[choice.language].name
    chosen = know.label(choice.language, choice.framework)
    rivals = _rivals(know, choice)
    skills = req.constraints.team.skills
    team = f"{count(req.constraints.team.engineers, 'engineer', words=True)}" + (
        f" whose skills are {', '.join(skills)}" if skills else " with no skills stated"
    )
    options = [_option(know, choice.language, choice.framework, choice, skills, chosen=True)]
    options += [_option(know, choice.language, k, choice, skills, chosen=False) for k in rivals]
    runner = know.frameworks[rivals[0]] if rivals else None
    if runner is None:  # the language has one framework: weigh the usual one of another language
        other = _other_language(draft, know, choice.language)
        runner = know.frameworks[know.languages[other].default]
        options.append(_option(know, other, know.languages[other].default, choice, skills, chosen=False))
        options[-1].cons.append(f"a second language beside {lang}, with its own build and libraries")
    named = short(runner) if rivals else options[-1].name
    rationale = _rationale(draft, choice, lang, runner, named, apart=not rivals)
    consequences = [
        f"every service is written in {lang} on {short(fw)}, so one build, one set of libraries and one "
        "runbook serve them all"
    ]
    staff = _staff_records(draft)
    if fw.admin and staff:
        consequences.append(_admin_site(draft, staff[:4]))
    if fw.orm:
        consequences.append("schema changes ship as the framework's migrations, applied before each release")
    if not choice.known:
        consequences.append(
            f"{lang} is new to the team (its skills: {', '.join(skills)}): training, a reviewed first service and a "
            "rehearsed deploy before launch"
        )
    return draft.decide(
        title="Language and framework",
        context=f"The services need one language and framework the team can build and run: {team}"
        + (
            f"; constraints.languages asks for {', '.join(req.constraints.languages)}"
            if req.constraints.languages
            else ""
        )
        + ".",
        options=options,
        decision=chosen,
        rationale=rationale,
        consequences=consequences,
        drivers=[
            d
            for d, said in (("constraints.team.skills", skills), ("constraints.languages", req.constraints.languages))
            if said
        ]
        or ["constraints.team.skills"],
    )


def _other_language(draft: Draft, know: Runtimes, language: str) -> str:
    """Another language the team asks for or knows, else the fallback (or, for the fallback itself, Python)."""
    c = draft.req.constraints
    asked = [k for w in c.languages if (k := know.language_of_skill(w))]
    candidates = [*asked, *know.known_languages(c.team.skills), know.fallback, "python"]
    return next(k for k in candidates if k != language)


def _rivals(know: Runtimes, choice: Choice) -> list[str]:
    """Up to two other frameworks of the language, those that differ most from the choice first."""
    fw = know.frameworks[choice.framework]
    others = [k for k in know.frameworks_of(choice.language) if k != choice.framework]

    def unlike(key: str) -> int:
        o = know.frameworks[key]
        return sum(getattr(o, f) != getattr(fw, f) for f in ("admin", "orm", "pages", "async_io", "throughput"))

    return sorted(others, key=lambda k: -unlike(k))[:2]


def _option(know: Runtimes, language: str, key: str, choice: Choice, skills: list[str], *, chosen: bool) -> Option:
    fw = know.frameworks[key]
    brings = [
        w
        for w, has in (
            ("an admin site", fw.admin),
            ("an ORM with migrations", fw.orm),
            ("server-rendered pages", fw.pages),
            ("async I/O", fw.async_io),
        )
        if has
    ]
    summary = (
        f"{fw.name}: "
        + (join(brings) if brings else "routing and little else")
        + (f"; serves {THROUGHPUT_WORDS[fw.throughput]} of requests a second per instance.")
    )
    pros = list(fw.strengths)
    cons = list(fw.costs)
    if chosen and choice.reason == "team":
        pros.insert(0, f"the team lists {choice.skill} in its skills and builds with it today")
    listed = {know.framework_of_skill(s) for s in skills}
    if not chosen and choice.reason == "team" and key not in listed:
        cons.append("a framework the team would have to learn")
    return option(know.label(language, key), summary, pros, cons)


def _rationale(draft: Draft, choice: Choice, lang: str, runner: Framework, other: str, *, apart: bool) -> str:
    """Why the choice beats `other` (another language's framework when `apart`), naming the fact that decides."""
    know = runtimes()
    fw = know.frameworks[choice.framework]
    skills = draft.req.constraints.team.skills
    if choice.reason == "team":
        return (
            f"Chosen because the team's skills name {choice.skill}: {short(fw)} is what it already builds with"
            + f", while {other} would have to be learned and run beside it"
            + (
                f"; its admin site also gives staff the {join(staff[:4])} screens with no front-end code"
                if fw.admin and (staff := _staff_records(draft))
                else ""
            )
            + "."
        )
    lead = (
        f"The team knows {lang} but names no framework for it"
        if choice.known and skills
        else f"constraints.languages asks for {lang}"
        if draft.req.constraints.languages
        else f"No language is asked for or known, and {lang} is the most widely known"
    )
    peak = number(draft.figure("traffic.peak_rps.y3"))
    if choice.reason == "records":
        staff = _staff_records(draft)
        return (
            f"{lead}; this is a small internal tool where staff write {join(staff[:4])} at {peak} req/s at peak, "
            f"and {short(fw)}'s admin site gives them those screens with no front-end code, which {other} would "
            "need built by hand."
        )
    if choice.reason == "connections":
        return (
            f"{lead}; use cases stream or push to clients, so instances hold open connections, and {short(fw)}'s "
            f"async I/O holds many per instance where {other} holds one per worker thread."
        )
    faster = THROUGHPUT_RANK[fw.throughput] > THROUGHPUT_RANK[runner.throughput]
    if choice.reason == "rate" or (faster and draft.figure("traffic.peak_rps.y3") >= know.shapes.high_rate_rps):
        return (
            f"{lead}; the API peaks at {peak} req/s after 3 years, and {short(fw)} serves "
            f"{THROUGHPUT_WORDS[fw.throughput]} a second per instance where {other} serves "
            f"{THROUGHPUT_WORDS[runner.throughput]}."
        )
    held = ", with open connections to hold" if draft.realtime_needed else ""
    if apart:
        return (
            f"{lead}; {short(fw)} is the framework {lang} web services are built on ({fw.strengths[0]}), while "
            f"{other} would be a second language to learn and run."
        )
    return (
        f"{lead}; {short(fw)} is its usual choice ({fw.strengths[0]}). At {peak} req/s at peak after 3 years{held}, "
        f"nothing in the questionnaire asks for what {other} adds instead ({runner.strengths[0]})."
    )


def short(framework: Framework) -> str:
    """A framework's own name, without the platform it runs on (Fastify, not Node.js, Fastify)."""
    return framework.name.split(", ")[-1]
