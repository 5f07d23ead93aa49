"""How two technologies compare on the requirements a questionnaire states (must_use, the team's skills, RPO, RTO,
point-in-time recovery, who runs it, the engine features the data needs): what a decision record argues from."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.common.formatting import duration
from archgen.knowledge.catalog import Catalog, Features, Technology
from archgen.knowledge.decisions import decision_words

NEVER = 1e12  # a copy or failover a technology does not have
MEANINGFUL = 2.0  # a failover this many times faster is an edge; closer figures are a wash
MOST_ARGUED = 2  # a rationale argues from the most binding edges; the option table lists them all


@dataclass(frozen=True)
class Targets:
    """The targets technologies are compared against."""

    rpo_minutes: float
    rto_minutes: float
    standby: bool  # whether a region's loss is met by a copy in another region (else by backups)
    everywhere: bool = False  # whether the targets hold failovers to less than the RTO (or need writes everywhere)
    failover_s: float = NEVER  # the longest failover of a database writing in one region that the targets allow


@dataclass(frozen=True)
class Edge:
    """Where one technology beats another: its kind (the keys of decisions.yaml `edges`), the sentence saying so,
    and whether it decides (False when the other meets the same target anyway)."""

    kind: str
    text: str
    decides: bool = True


def _loss(t: Technology) -> float:
    if t.regions == "synchronous":
        return 0.0
    if t.regions == "asynchronous" and t.replica_lag_s is not None:
        return t.replica_lag_s
    return NEVER


def _said(seconds: float) -> str:
    return "nothing" if seconds == 0 else "everything since its last backup" if seconds >= NEVER else duration(seconds)


def _failover(seconds: float) -> str:
    if seconds == 0:
        return "no time (every region already takes writes)"
    return "a restore from backups" if seconds >= NEVER else f"about {duration(seconds)}"


def _minutes(value: float) -> str:
    return f"{value:g} minute" + ("" if value == 1 else "s")


def missing(catalog: Catalog, t: Technology, need: Features) -> list[str]:
    """The capabilities `need` asks that a technology's engine lacks, in words."""
    words = decision_words().capability_words
    return [words.get(lack, lack) for lack in catalog.engine(t).lacks(need)]


def edges(catalog: Catalog, a: Technology, b: Technology, targets: Targets, need: Features | None = None) -> list[Edge]:
    """Where `a` beats `b` on a stated requirement, most binding first."""
    says = decision_words().edges
    enough = decision_words().enough
    rpo, rto = _minutes(targets.rpo_minutes), _minutes(targets.rto_minutes)
    out: list[Edge] = []
    for word in catalog.must_use:
        if catalog.answers(a, word) and not catalog.answers(b, word):
            out.append(Edge("must_use", says["must_use"].format(a=a.name, b=b.name, words=word)))
    if catalog.known(a) and catalog.known(b) is False:
        skills = ", ".join(catalog.skills_of(a))
        out.append(Edge("skills", says["skills"].format(a=a.name, b=b.name, words=skills)))
    if need is not None:
        lacking = [w for w in missing(catalog, b, need) if w not in missing(catalog, a, need)]
        if lacking:
            out.append(Edge("features", says["features"].format(a=a.name, b=b.name, words=", ".join(lacking))))
    slow = b.region_failover_s if b.region_failover_s is not None else NEVER
    if targets.everywhere and a.region_writes == "multi" and b.region_writes != "multi" and slow > targets.failover_s:
        # writing in every region decides only against a failover the targets cannot wait for
        out.append(Edge("writes", says["writes"].format(a=a.name, b=b.name)))
    if targets.standby:
        loss_a, loss_b = _loss(a), _loss(b)
        if loss_a < loss_b:
            text = says["rpo"].format(a=a.name, b=b.name, value=_said(loss_a), other=_said(loss_b), rpo=rpo)
            meets = loss_b <= targets.rpo_minutes * 60
            out.append(Edge("rpo", text + (f": {enough['rpo'].format(rpo=rpo)}" if meets else ""), not meets))
        fo_a = a.region_failover_s if a.region_failover_s is not None else NEVER
        fo_b = b.region_failover_s if b.region_failover_s is not None else NEVER
        if fo_a * MEANINGFUL <= fo_b and fo_a < NEVER:
            text = says["rto"].format(a=a.name, b=b.name, value=_failover(fo_a), other=_failover(fo_b), rto=rto)
            meets = fo_b <= targets.rto_minutes * 60
            if meets and b.region_writes != "multi" and fo_b > targets.failover_s:
                # a single-writer failover also has to fit the downtime the availability target allows a month
                allowed = duration(targets.failover_s)
                text = says["budget"].format(
                    a=a.name, b=b.name, value=_failover(fo_a), other=_failover(fo_b), allowed=allowed
                )
                meets = False
            out.append(Edge("rto", text + (f": {enough['rto'].format(a=a.name, rto=rto)}" if meets else ""), not meets))
    if a.pitr_s and b.pitr_s == 0:
        out.append(Edge("pitr", says["pitr"].format(a=a.name, b=b.name, value=duration(a.pitr_s))))
    least_a, least_b = a.min_nodes or 1, b.min_nodes or 1
    if least_a < least_b:
        out.append(Edge("cost", says["cost"].format(a=a.name, b=b.name, value=least_a, other=least_b)))
    if a.managed is not False and b.managed is False:
        out.append(Edge("managed", says["managed"].format(a=a.name, b=b.name)))
    return out


def strongest(
    catalog: Catalog, chosen: Technology, others: list[Technology], targets: Targets, need: Features | None = None
) -> Technology | None:
    """The alternative with the most deciding edges over the choice; on a tie the closest one (the fewest the choice
    has over it), then the first listed."""
    if not others:
        return None

    def strength(o: Technology) -> tuple[int, int, int]:
        wins = sum(e.decides for e in edges(catalog, o, chosen, targets, need))
        losses = sum(e.decides for e in edges(catalog, chosen, o, targets, need))
        return wins, -losses, -others.index(o)

    return max(others, key=strength)


def argument(
    catalog: Catalog, chosen: Technology, runner: Technology, targets: Targets, need: Features | None = None
) -> str:
    """Why the choice beats the runner-up on the requirement that decides, and what the runner-up does better."""
    wins = edges(catalog, chosen, runner, targets, need)
    losses = edges(catalog, runner, chosen, targets, need)
    # once both are named, the sentences after call them the choice and the alternative
    named = sorted(((chosen.name, "the choice"), (runner.name, "the alternative")), key=lambda n: -len(n[0]))

    def shortly(said: str) -> str:
        for name, short in named:
            said = said.replace(name, short)
        return said

    deciding = [e.text for e in wins if e.decides][:MOST_ARGUED]
    # one edge a sentence: each names the two technologies once
    text = (
        f"Chosen over {runner.name}, the strongest alternative, because {deciding[0]}."
        + _sentences([shortly(d) for d in deciding[1:]])
        if deciding
        else f"{chosen.name} and {runner.name} fare alike on every stated requirement (must_use, the team's skills, "
        f"RPO, RTO, the features the data needs). The catalog lists {chosen.name} first for this cloud."
    )
    if wins and not deciding:
        text += _sentences([shortly(e.text) for e in wins])
    if losses:
        given_up = [shortly(e.text) for e in losses]
        text += f" What it gives up: {given_up[0]}." + _sentences(given_up[1:])
    return text


def _sentences(texts: list[str]) -> str:
    """Each text as a sentence of its own, after a space."""
    return "".join(f" {text[:1].upper()}{text[1:]}." for text in texts)
