"""One movement, one path: a flow whose movements the ledger's keeper posts from their events (each keyed on the
record's id and the posting kind) does not also call the journal's write operation under the request's key, which
would post the same money a second time under a key the first never sees."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.ledger_chart import second_paths
from archgen.knowledge.money import money_words


def plan_one_path(draft: Draft) -> None:
    """Drop the call to the journal's write operation (its write and its answer) from flows the keeper posts."""
    flows = draft.flows
    found = list(second_paths(draft.services, draft.entities, flows))
    reversal = "; " + money_words().reversal.split("{undo}")[0]
    for i, j, _ in reversed(found):
        steps = flows[i].steps
        caller, keeper = steps[j].source, steps[j].target
        end = j + 1
        while end < len(steps) and steps[end].source == keeper and steps[end].target != caller:
            end += 1  # the keeper's own write
        if (
            end < len(steps)
            and steps[end].source == keeper
            and steps[end].target == caller
            and steps[end].kind == "reply"
        ):
            end += 1
        del steps[j:end]
        for step in steps[j:]:
            if reversal in step.message:  # nothing of the keeper's is left to undo
                step.message = step.message.split(reversal)[0]
