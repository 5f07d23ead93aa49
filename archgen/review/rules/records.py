"""Decision records argue and agree: a rationale says why the choice beats the strongest alternative on the
requirement that decides, no alternative is waved away while it is better on a stated requirement, the technology
constraints.must_use names is weighed, and no two records decide the same thing differently."""

from __future__ import annotations

import re
from collections import defaultdict

from archgen.capacity.recovery import failover_allowance_s
from archgen.design.model import Decision, Design
from archgen.knowledge.catalog import Catalog, Technology
from archgen.knowledge.decisions import decision_words
from archgen.knowledge.weighing import Targets, edges
from archgen.review.engine import Found, Problem, Subject, rule

# The edges that bear on a stated requirement (a dismissed option better on one of these is no strawman to wave away).
BEARING = ("must_use", "skills", "writes", "rpo", "rto", "pitr")


def _catalog(subject: Subject) -> Catalog:
    c = subject.req.constraints
    return Catalog(subject.design.deployment.cloud, c.must_use, [], skills=c.team.skills)


def _targets(subject: Subject) -> Targets:
    q = subject.req.quality
    topology = subject.design.topology
    standby = (
        any(r.role == "standby" for r in topology.regions)
        if topology is not None
        else subject.design.reliability.topology != "backup-restore"
    )
    allowance = failover_allowance_s(q.availability, q.rto_minutes)
    return Targets(q.rpo_minutes, q.rto_minutes, standby, allowance < q.rto_minutes * 60, allowance)


def _words(text: str) -> list[str]:
    filler = set(decision_words().filler)
    return [w for w in re.findall(r"[a-z0-9][a-z0-9_.-]*", text.lower()) if w not in filler]


def _names_another(decision: Decision) -> bool:
    said = decision.rationale.lower()
    return any(o.name.lower() in said for o in decision.options if o.name != decision.decision)


@rule("CON013", "error", "decisions", "Decision rationale only restates its context")
def restated(subject: Subject) -> Found:
    """A decision's rationale repeats its context (the access pattern, the load) and names no alternative: it
    never says which requirement decides nor how the runner-up fares on it."""
    share = decision_words().restated_share
    for i, decision in enumerate(subject.design.decisions):
        said, context = _words(decision.rationale), set(_words(decision.context))
        if len(said) < 3 or _names_another(decision):
            continue
        if sum(w in context for w in said) / len(said) >= share:
            yield Problem(
                element=decision.id,
                at=("decisions", i, "rationale"),
                message="the rationale restates the context and names no alternative: it never says what decides",
                fix="name the requirement that decides (RPO/RTO, the team's skills, must_use, cost at this load, the "
                "engine feature the pattern needs) and how the strongest alternative fares on exactly that",
            )


@rule("CON014", "error", "decisions", "Alternative dismissed though it is better on a stated requirement")
def dismissed(subject: Subject) -> Found:
    """An option is dismissed as keeping nothing the choice does not, while the catalog knows it wins on something
    the questionnaire asks for (a faster regional failover against the RTO, less loss against the RPO,
    point-in-time recovery, the team's skills, must_use)."""
    catalog, targets = _catalog(subject), _targets(subject)
    phrases = decision_words().dismissals
    for i, decision in enumerate(subject.design.decisions):
        chosen = catalog.technology(decision.decision)
        if chosen is None:
            continue
        for j, o in enumerate(decision.options):
            entry = catalog.technology(o.name)
            said = " ".join([*o.pros, *o.cons]).lower()
            if entry is None or o.name == decision.decision or not any(p in said for p in phrases):
                continue
            better = [e for e in edges(catalog, entry, chosen, targets) if e.kind in BEARING]
            if better:
                yield Problem(
                    element=decision.id,
                    at=("decisions", i, "options", j),
                    message=f"{o.name} is dismissed as adding nothing, but {better[0].text}",
                    fix=f"weigh {o.name} on that requirement: say why {decision.decision} still wins, or choose it",
                )


def _answering(catalog: Catalog, word: str) -> list[Technology]:
    roles = catalog.knowledge.technologies.clouds.get(catalog.cloud, {})
    return [t for entries in roles.values() for t in entries if catalog.answers(t, word)]


def _answers(catalog: Catalog, name: str, word: str) -> bool:
    entry = catalog.technology(name)
    return (entry is not None and catalog.answers(entry, word)) or word in name.lower()


def _kind(catalog: Catalog, name: str) -> str | None:
    role = catalog.role_of(name)
    known = catalog.knowledge.technologies.roles.get(role or "")
    return known.kind if known is not None else None


@rule("CON015", "error", "decisions", "The technology constraints.must_use names is never weighed")
def must_use_unweighed(subject: Subject) -> Found:
    """constraints.must_use names a technology, and the decision that chooses what it would do picks something
    else (or something merely compatible with it) without weighing it, or no decision weighs it at all."""
    catalog = _catalog(subject)
    decisions = subject.design.decisions
    for word in catalog.must_use:
        answering = _answering(catalog, word)
        if not answering:
            continue
        kinds = {_kind(catalog, t.name) for t in answering}
        weighed = [any(_answers(catalog, o.name, word) for o in d.options) for d in decisions]
        for i, decision in enumerate(decisions):
            if _kind(catalog, decision.decision) in kinds and not weighed[i]:
                yield Problem(
                    element=decision.id,
                    at=("decisions", i, "options"),
                    message=f"constraints.must_use names {word}, but {decision.id} chooses {decision.decision} "
                    f"without weighing {answering[0].name} or another form of {word} itself",
                    fix=f"weigh {answering[0].name} as an option and say how the choice fares against it",
                )
        if not any(weighed):
            yield Problem(
                element="decisions",
                at=("decisions",),
                message=f"constraints.must_use names {word}, but no decision weighs {answering[0].name} or another "
                f"form of {word} itself",
                fix=f"weigh {answering[0].name} in the decision that chooses what {word} would do",
            )


def stances_of(design: Design) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for decision in design.decisions:
        chosen = decision.decision.lower()
        for stance, words in decision_words().stances.items():
            if any(w in chosen for w in words):
                found[stance].append(decision.id)
    return found


def stream_keys(design: Design) -> dict[str, dict[str, list[str]]]:
    """What each record says a stream or topic is keyed by: subject → key → the records saying so."""
    pattern = re.compile(decision_words().key_statement)
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for decision in design.decisions:
        chosen = [o.summary for o in decision.options if o.name == decision.decision]
        for text in [decision.rationale, *decision.consequences, *chosen]:
            for m in pattern.finditer(text.lower()):
                ids = found[m.group("subject")][m.group("key")]
                if decision.id not in ids:
                    ids.append(decision.id)
    return found


@rule("CON016", "error", "decisions", "Two decision records decide the same thing differently")
def contradicting(subject: Subject) -> Found:
    """Two records of one design decide the same thing two ways: one region takes the writes in one and every region
    in another, or one stream keyed by two different keys."""
    stances = stances_of(subject.design)
    if len(stances) > 1:
        said = "; ".join(f"{', '.join(ids)}: {stance}" for stance, ids in stances.items())
        yield Problem(
            element="decisions",
            at=("decisions",),
            message=f"the records disagree on where writes happen ({said})",
            fix="decide the write topology once and make the other record follow it (or supersede one)",
        )
    for stream, keys in stream_keys(subject.design).items():
        if len(keys) > 1:
            said = "; ".join(f"by {key} ({', '.join(ids)})" for key, ids in keys.items())
            yield Problem(
                element="decisions",
                at=("decisions",),
                message=f"the {stream} stream is keyed two ways: {said}",
                fix="key the stream once, by what every consumer's order needs, and have the other records refer "
                "to that key (or give each concern its own stream)",
            )


def _writes_in_one_region(design: Design) -> str:
    """Why no record is written in more than one region by the deployed topology ('' when some are): users homed in
    cells each write in their own cell's region, and any topology short of active-active writes in one region."""
    topology = design.topology
    if topology is not None and topology.cells:
        return "users are homed in cells, each written in its own region"
    if design.reliability.topology != "active-active":
        return f"the {design.reliability.topology} topology writes in one region and fails over"
    return ""


@rule("CON017", "error", "decisions", "Engine chosen for writes in every region the topology never makes")
def unused_deciding_capability(subject: Subject) -> Found:
    """A store decision argues its choice from writing in every region, while the deployed topology writes each
    record in one region (homed cells, a standby or pilot light): the deciding reason is a capability the
    deployment does not use, and whatever the choice gives up for it (point-in-time recovery, the engine the team
    knows, cost) is given up for nothing."""
    why = _writes_in_one_region(subject.design)
    if not why:
        return
    catalog = _catalog(subject)
    phrases = decision_words().every_region_writes
    chosen = {s.technology for s in subject.design.stores if s.entities}
    for index, decision in enumerate(subject.design.decisions):
        entry = catalog.technology(decision.decision)
        said = decision.rationale.lower()
        if entry is None or decision.decision not in chosen or entry.region_writes != "multi":
            continue
        if any(p in said for p in phrases):
            yield Problem(
                element=decision.id,
                at=("decisions", index, "rationale"),
                message=f"{decision.id} chooses {entry.name} because it writes in every region, but {why}: "
                "the deciding reason is not what is deployed",
                fix="choose the store with the topology (or revisit it after): argue from what the deployed topology "
                "uses, and weigh what the choice gives up for it (point-in-time recovery, skills, cost)",
            )
