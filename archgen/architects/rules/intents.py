"""Intent first: a flow that asks the ledger's keeper to post writes its own money record before the call, as the
durable intent, keys the posting on that record and then moves it to its outcome, so a crash between steps leaves
a record a sweeper finishes or reverses (archgen/knowledge/reversals.yaml)."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.ledger_chart import ledger_writes
from archgen.design.model import FlowStep
from archgen.design.postings import entity_noun, holds_money
from archgen.design.reversals import posted_before_intent
from archgen.knowledge.money import is_posting, money_words
from archgen.knowledge.reversals import reversals


def write_intent_first(draft: Draft) -> None:
    """Move the caller's write of its money record in front of the journal call, as the intent."""
    calls = [f"{e.method} {e.path}" for _, _, e in ledger_writes(draft.services)]
    owned = {
        e.name: e.owner for e in draft.entities if not is_posting(e.name) and holds_money(f.name for f in e.fields)
    }
    words = reversals()
    undo = "; " + money_words().reversal.split("{undo}")[0]
    for flow in draft.flows:
        for _ in range(len(flow.steps)):  # one move per money record the flow writes
            found = next(iter(posted_before_intent(flow, calls, owned)), None) if calls else None
            if found is None:
                break
            c, w, name = found
            steps = flow.steps
            write = steps.pop(w)
            noun = entity_noun(name)
            # nothing is left to undo by a reversal: the record exists first and carries the outcome
            write.message = write.message.split(undo)[0] + words.intent
            steps.insert(c, write)
            call = steps[c + 1]
            call.message = call.message.replace("idempotent on the request's key", words.intent_key.format(entity=noun))
            reply = next(
                (i for i in range(c + 2, len(steps)) if steps[i].kind == "reply" and steps[i].target == call.source),
                c + 1,
            )
            outcome = words.outcome.format(name=name, entity=noun)
            # the record's two writes share what its one write was given
            half = max(write.budget_ms // 2, 1)
            write.budget_ms = max(write.budget_ms - half, 1)
            final = FlowStep(
                source=write.source, target=write.target, message=outcome, kind="sync", budget_ms=write.budget_ms
            )
            steps.insert(reply + 1, final)
