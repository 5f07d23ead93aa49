"""The words and sentences by which the operations completing an entity's lifecycle are chosen and explained
(archgen/knowledge/lifecycles.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped

Words = frozenset[str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class IdentityWords(_Strict):
    """How a questionnaire says people are provisioned and sign in."""

    scim: Words
    sso: Words


class MembershipWords(_Strict):
    """What a membership holds beside its references."""

    state_kinds: Words


class AssignmentWords(_Strict):
    """Which references name the person a record is assigned to."""

    fields: Words
    from_relation: str


class IntegrationWords(_Strict):
    """Who keeps a tenant's integrations."""

    webhooks: Words


class Why(_Strict):
    """The summary of each added operation: which lifecycle it completes."""

    create: str
    list: str
    get: str
    edit_draft: str
    delete_own: str
    edit_own: str
    manage: str
    keep: str
    delete: str
    join: str
    leave: str
    reassign: str
    me_get: str
    me_edit: str
    sign_up: str
    jit: str
    scim_create: str
    scim_list: str
    scim_get: str
    scim_replace: str
    scim_delete: str
    hook_create: str
    hook_list: str
    hook_edit: str
    hook_delete: str


class GuardWords(_Strict):
    """What a use case says of who may decide, and the conditions a move carries for it."""

    authority: Words
    separation: Words
    authority_guard: str
    separation_guard: str
    own_guard: str
    deciders: Words
    decider_guard: str
    sign_offs: Words
    own_marks: Words
    lapse_guard: str
    appeal_guard: str
    worker_guard: str
    paid_guard: str
    gates: Words
    gate_guard: str


class RetryWords(_Strict):
    """The states of a record that is tried again: a failure a retry leaves, and the end after the last attempt."""

    failed: Words
    exhausted: Words
    retry_guard: str
    exhaust_guard: str


class CouplingWords(_Strict):
    """How a record that carries out another's decision follows it, and how a timer and a confirmation race."""

    dependents: Words
    child_guard: str
    child_remote: str
    refused_guard: str
    cancels_guard: str
    refused_remote: str
    cancels_remote: str
    follows_guard: str
    timer_marks: Words
    conditional: str
    late: str
    conditional_marks: Words
    late_marks: Words
    prior_marks: Words
    prior_guard: str
    dual: Words


class LifecycleKnowledge(_Strict):
    """lifecycles.yaml."""

    identity: IdentityWords
    membership: MembershipWords
    assignment: AssignmentWords
    integrations: IntegrationWords
    guards: GuardWords
    couplings: CouplingWords
    retries: RetryWords
    why: Why


@functools.cache
def lifecycle_knowledge() -> LifecycleKnowledge:
    """The shipped word lists and sentences."""
    return shipped("lifecycles.yaml", LifecycleKnowledge)
