"""Money a case or a provider leaves half done: a reserve the chart keeps that no move of the case posts, payments
released in runs without two people on each run, and an authorisation that nothing ever captures."""

from __future__ import annotations

from archgen.common import english
from archgen.design.captures import authorised_states, capture_move, uncaptured
from archgen.design.couplings import dual_stated
from archgen.design.ledger_chart import needed
from archgen.design.model import EntityDesign
from archgen.design.postings import carries_reserve, movements
from archgen.knowledge.money import name_words
from archgen.knowledge.payment_batches import payment_batches
from archgen.knowledge.reserves import reserves
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM030", "error", "claims", "A reserve the chart keeps and no case posts")
def reserve_never_posted(subject: Subject) -> Found:
    """The ledger's chart keeps a reserve account (claims, provisions), yet no move of a case sets it on
    assessment, changes it on re-assessment or releases it as payments go out and at closure. Money is then paid
    from a reserve that was never credited, the incurred losses never show, and the journal sent to the general
    ledger cannot reconcile. Post the reserve from the case's lifecycle: set, changed by the difference, released."""
    design = subject.design
    known = reserves()
    if not any(n.need.account == known.account for n in needed(subject.req, design.services, design.entities)):
        return
    kinds = {m.kind for _, _, m in movements(design.entities)}
    wanted = [m.kind for m in known.movements]
    missing = [k for k in wanted if k not in kinds]
    cases = [e.name for e in design.entities if carries_reserve(e)]
    if not missing:
        return
    at = next((i for i, e in enumerate(design.entities) if carries_reserve(e)), 0)
    yield Problem(
        element=cases[0] if cases else known.account,
        at=("entities", at),
        message=f"the chart keeps {known.account}, and no move of "
        f"{english.join(cases) if cases else 'any case'} posts its {english.join(missing, 'or')}",
        fix=f"post the reserve from the case's lifecycle: on assessment {known.expense} debited and {known.account} "
        "credited by the difference from what it holds, and at closure the rest released",
    )


@rule("SEC080", "error", "security", "An authorisation nothing captures")
def authorised_never_captured(subject: Subject) -> Found:
    """A money record reaches an authorised state, yet no move captures it, or the only capture is taken by
    someone who never makes that kind of record (a merchant's capture for a consumer's top-up). The card provider
    lets the authorisation expire after some days while the money it stands for is already spent, so the system
    funds value it never collected. Capture on the event that completes the record: at once for a top-up, at
    completion for a metered service, through the service that alone calls the provider."""
    design = subject.design
    for i, entity in enumerate(design.entities):
        machine = entity.state_machine
        if machine is None or not authorised_states(machine.states):
            continue
        move = capture_move(machine.transitions, machine.states)
        try:
            entity_req = subject.req.entity(entity.name)
        except (KeyError, StopIteration, ValueError):
            entity_req = None
        if move is None:
            problem = f"{entity.name} is authorised, and no move captures it"
        elif entity_req is not None and (found := uncaptured(subject.req, entity_req, move)):
            problem = (
                f"{english.join([u for u, _ in found])} makes {entity.name} records that the {move.name} move "
                f"never captures: only {english.join(move.roles, 'or')} takes it"
            )
        else:
            continue
        yield Problem(
            element=entity.name,
            at=("entities", i, "state_machine"),
            message=problem,
            fix="capture on the event that completes the record: the system at once for a top-up, at completion "
            "for a metered service, through the service that alone calls the provider",
        )


def _batch(name: str) -> bool:
    known = payment_batches()
    return bool(name_words(name) & set(known.words))


def _release_guarded(entity: EntityDesign) -> bool:
    """Whether a batch's release is refused to the person who approved it."""
    known = payment_batches()
    machine = entity.state_machine
    if machine is None:
        return False
    approve = next((t for t in machine.transitions if t.target == known.approved), None)
    release = next((t for t in machine.transitions if t.target == known.released), None)
    if approve is None or release is None:
        return False
    return f"did the {approve.name} step" in release.guard or any(
        f"differs from {f.name}" in release.guard for f in entity.fields if f.name.startswith(known.approved)
    )


@rule("CLM031", "error", "claims", "Payments released in runs without two people on the run")
def batch_without_second_releaser(subject: Subject) -> Found:
    """The questionnaire asks for payments to be released in runs under dual control, yet the design keeps no
    batch record approved by one person and released by another, or a batch's release is open to the person who
    approved it. Finance then signs thousands of items one by one, or one person both approves and releases the
    money. Keep a batch record for each run, with its approver and releaser set on the server, and refuse the
    release to its approver."""
    design = subject.design
    people = {r.name for r in subject.req.users.roles if r.kind == "person"}
    batches = [(i, e) for i, e in enumerate(design.entities) if _batch(e.name) and e.state_machine is not None]
    for use_case in subject.req.use_cases:
        if use_case.actor not in people or not _batch(use_case.name):
            continue
        if not dual_stated(f"{use_case.name}. {use_case.description or ''}"):
            continue
        if any(e.name in use_case.writes and _release_guarded(e) for _, e in batches):
            continue
        yield Problem(
            element=use_case.name,
            at=("flows",),
            message=f"{use_case.name} asks for two people on each run, and no batch record it writes is approved "
            "by one and released by another",
            fix="keep a batch record per run (drafted, approved, released, sent, settled or returned) whose "
            "approver and releaser are set on the server, and refuse the release to its approver",
        )
    for i, entity in batches:
        machine = entity.state_machine
        assert machine is not None
        targets = {t.target for t in machine.transitions}
        if {payment_batches().approved, payment_batches().released} <= targets and not _release_guarded(entity):
            yield Problem(
                element=entity.name,
                at=("entities", i, "state_machine"),
                message=f"{entity.name} is approved and released, and its release is not refused to its approver",
                fix="guard the release: the caller differs from the approver set on the server by the approve step",
            )
