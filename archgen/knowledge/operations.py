"""The words the rules architect reads fields, states and use-case names by when it plans operations
(archgen/knowledge/operations.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FieldWords(_Strict):
    """Who sets a field, read from its name."""

    actor: Words
    clock: Words
    heartbeat: Words
    computed: Words
    policy: Words
    stamped: Words
    signed: Words
    edits: Words
    tombstones: Words
    quotes: Words
    file_keys: Words
    money: Words
    counters: Words
    payment_tokens: Words
    money_back: Words
    scheduled: Words
    provider: Words
    provider_answers: Words
    named_by_caller: Words
    reassignable: Words
    measured: Words
    chosen: Words
    optional: Words
    later: Words
    outputs: Words
    processed: Words
    assessed: Words
    natural_keys: Words
    private: Words


class StateWords(_Strict):
    """What a state means for the moves into and out of it."""

    terminal: Words
    cancel: Words
    commitment: Words
    enforcement: Words
    reversals: Words
    free: Words
    money_taken: Words
    by_maker: Words
    drafts: Words
    submitted: Words
    outcomes: Words
    edits: Words
    paused: Words
    pending: Words
    decisions: Words
    declines: Words
    approvals: Words
    closing: Words
    retired: Words
    appeals: Words
    leaving: Words
    revisions: Words
    subject_stages: Words
    content_kinds: Words
    content_verbs: Words
    acknowledgements: Words


class Span(_Strict):
    """Words of a span of dates and the names of the two inputs a query takes for it."""

    words: Words
    inputs: tuple[str, str]


class ReadWords(_Strict):
    """How a use case that reads says what it needs."""

    anonymous_roles: Words
    anonymous_said: Words
    published_states: Words
    event_token: str
    search: Words
    collection: Words
    aggregate: Words
    nearby: Words
    singular: Words
    playback: Words
    export: Words
    party: Words
    spans: list[Span]
    bookkeeping: Words
    groups: dict[str, list[str]] = {}


class CommandWords(_Strict):
    """How a command's summary says what its body must carry."""

    record: Words = frozenset()
    reason: Words = frozenset()


class MembershipWords(_Strict):
    """How a record says it links a person to what they belong to, and which kinds of it people make themselves."""

    names: Words = frozenset()
    member_made: Words = frozenset()


class OperationWords(_Strict):
    """operations.yaml."""

    fields: FieldWords
    states: StateWords
    reads: ReadWords
    commands: CommandWords = CommandWords()
    memberships: MembershipWords = MembershipWords()


@functools.cache
def operation_words() -> OperationWords:
    """The shipped word lists."""
    return shipped("operations.yaml", OperationWords)
