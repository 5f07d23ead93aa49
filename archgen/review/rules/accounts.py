"""Money chain rules: an amount an approval, a decision or a payment carries is read from the record it derives
from, never sent by the client; a movement another party confirms posts on its word, not on the request; and a
journal's feed to the general ledger runs where the journal is kept, with each period's cut-off and a
reconciliation."""

from __future__ import annotations

from archgen.design.chain import bound_amounts
from archgen.design.chart import posting_table
from archgen.design.ledger_chart import posted_kinds
from archgen.design.ledger_feed import feeds, unsaid
from archgen.design.postings import keeper
from archgen.knowledge.money import is_posting
from archgen.review.engine import Found, Problem, Subject, rule


@rule("CLM020", "error", "claims", "An approved or paid amount taken from the client")
def amount_from_client(subject: Subject) -> Found:
    """A record that approves, decides or pays carries an amount the client sends, while the record it derives
    from (the assessment an approval decides, the approval a payment pays) already holds that amount: a limit is
    checked against one number and another is paid. Read the amount from that record on the server."""
    design = subject.design
    for (name, field), (record, source) in bound_amounts(subject.req.use_cases, design.entities).items():
        i, entity = next((i, e) for i, e in enumerate(design.entities) if e.name == name)
        stored = next(f for f in entity.fields if f.name == field)
        if stored.set_by != "client":
            continue
        yield Problem(
            element=name,
            at=("entities", i, "fields", entity.fields.index(stored)),
            message=f"{name}.{field} is set by the client, while the {record} it derives from holds {source}",
            fix=f"make {field} server-set, read from the {record}'s {source}, and check any authority limit "
            "against that value",
        )


@rule("FLOW108", "error", "flows", "A general-ledger feed away from the journal")
def feed_away_from_journal(subject: Subject) -> Found:
    """A job sends the design's journal to an external general ledger from a service that does not keep the
    journal, or says nothing of the period's cut-off and the reconciliation after sending: it reads another
    service's rows, and a rerun or a late posting changes what the close reports. Run it in the ledger's keeper."""
    design = subject.design
    kept = keeper(design.services, design.entities)
    if kept is None:
        return
    for use_case, gl in feeds(subject.req.use_cases, subject.req.integrations):
        found = next(((i, j) for i, j in enumerate(design.jobs) if j.use_case == use_case.name), None)
        if found is None:
            continue
        i, job = found
        flow = next((f for f in design.flows if f.use_case == use_case.name), None)
        missing = unsaid([job.description, *(s.message for s in flow.steps)] if flow else [job.description])
        if job.service != kept[0]:
            message = f"the feed to {gl} runs in {job.service}, while {kept[0]} keeps the journal"
        elif missing:
            message = f"the feed to {gl} says nothing of its {' or '.join(missing)}"
        else:
            continue
        yield Problem(
            element=job.name,
            at=("jobs", i),
            message=message,
            fix=f"run it in {kept[0]}, summarising each closed period's postings per account under one key per "
            f"period, and reconcile {gl}'s balances with the journal's after sending",
        )


@rule("CLM019", "warning", "claims", "A posting made on an intent")
def posted_on_intent(subject: Subject) -> Found:
    """A movement only another party can confirm (a capture, a refund, a payout settled) is posted when the system
    asks for it or its own job runs, while that party's notification reports the outcome: a capture that later
    fails, or a transfer the bank returns, has already moved the balances. Place a hold on the request and post
    from the notification, under the same key."""
    design = subject.design
    names = [e.name for e in design.entities if is_posting(e.name)]
    confirmed = {(f.use_case, k) for f in design.flows for _, k in posted_kinds(f.steps, names)}
    for row in posting_table(design, subject.req):
        if row.confirmation is None or (row.confirmation, row.kind) in confirmed:
            continue  # posted from the confirmation's own flow: the request only asked for it
        i = next(i for i, e in enumerate(design.entities) if e.name == row.entity)
        yield Problem(
            element=row.entity,
            at=("entities", i, "state_machine"),
            message=f"{row.entity}'s `{row.transition}` posts the {row.kind} on {row.fact}, while "
            f"{row.confirmation} reports its outcome",
            fix=f"hold the amount on the request and post the {row.kind} when {row.confirmation} confirms it, keyed "
            "on the record's id and the posting kind",
        )
