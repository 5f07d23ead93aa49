"""The isolated fetcher in the flows that use it: the service keeping the record calls it with the address after it
takes the work, and stores the sanitised text it answers; the fetcher itself reaches no store."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.design.fetches import address_fields, fetching
from archgen.design.model import FlowStep
from archgen.knowledge.isolation import isolation
from archgen.requirements.model import UseCase


def fetch_steps(draft: Draft, use_case: UseCase, steps: list[FlowStep]) -> list[tuple[int, FlowStep]]:
    """The call to the fetcher and its answer, placed after the keeping service takes the work (or receives the
    request), each with where it goes."""
    fetcher = next((d.name for d in draft.deployables if d.name.endswith(f"-{isolation().suffix}")), None)
    holder = next((h for u, h in fetching(draft.req) if u.name == use_case.name), None)
    owner = next((s.name for s in draft.services if holder in s.entities), None)
    if fetcher is None or holder is None or owner is None:
        return []
    taken = [i for i, s in enumerate(steps) if s.target == owner and s.kind == "async"]
    reached = [i for i, s in enumerate(steps) if s.target == owner and s.kind == "sync"]
    after = (taken or reached or [len(steps) - 1])[0] + 1
    field = f"{holder}.{address_fields(draft.req, holder)[0]}"
    return [
        (
            after,
            FlowStep(
                source=owner,
                target=fetcher,
                message=f"fetch and parse {field} (internal authenticated call; it leaves the network only through "
                "the egress proxy, 10 s and 2 MB at most)",
                kind="sync",
            ),
        ),
        (
            after + 1,
            FlowStep(source=fetcher, target=owner, message="the sanitised text, or why it failed", kind="reply"),
        ),
    ]
