"""Callers and their credentials: every caller an operation lists can authenticate to it with the credential its
kind holds, machine callers can obtain that credential, and what a machine's token opens follows the data's class."""

from __future__ import annotations

import re

from archgen.common.english import join
from archgen.design.callers import machine_reach, shut_out
from archgen.knowledge.protocols import protocols
from archgen.review.engine import Found, Problem, Subject, rule

URL = re.compile(r"https://\S+")
WAYS = {"user": "a person's bearer token", "service": "client credentials", "device": "a device certificate"}


@rule("API135", "error", "api", "Listed caller cannot authenticate to the operation")
def callers_shut_out(subject: Subject) -> Found:
    """An operation names a caller that cannot prove who it is to it: a system (a tenant's payroll) listed on an
    operation only people's tokens reach, or a person listed on one only systems' credentials reach. The listed
    caller cannot make the call the use case needs."""
    for path, service, endpoint in subject.endpoints():
        missing = shut_out(subject.req, endpoint)
        if not missing:
            continue
        roles = join([r for r, _ in missing])
        kinds = join(sorted({endpoint.auth, *endpoint.other_callers}))
        ways = join(list(dict.fromkeys(WAYS.get(k, k) for _, k in missing)), "or")
        yield Problem(
            element=f"{service.name}: {endpoint.method} {endpoint.path}",
            at=(*path, "other_callers"),
            message=f"lists {roles} as callers, but accepts only {kinds} callers: none of them holds {ways}",
            fix="accept the listed callers' kind of credential (other_callers), or take the callers off the operation",
        )


@rule("API136", "error", "api", "Systems cannot obtain the credential their operations ask for")
def token_unreachable(subject: Subject) -> Found:
    """Operations accept other systems' client credentials, but nothing hands those systems a token: no operation
    of the design is the token endpoint, and no caller's method names a provider's token URL. A payroll system
    told to call with client credentials has nowhere to ask for them."""
    oauth = protocols().protocols["oauth"]
    served = {(e.method, e.path) for _, _, e in subject.endpoints()}
    if all((op.method, op.path) in served for op in oauth.operations if op.required):
        return
    if any(c.kind == "service" and URL.search(c.method) for c in subject.design.security.callers):
        return  # the provider's own token endpoint, named where the callers are described
    for path, service, endpoint in subject.endpoints():
        if "service" in {endpoint.auth, *endpoint.other_callers}:
            yield Problem(
                element=f"{service.name}: {endpoint.method} {endpoint.path}",
                at=(*path, "auth"),
                message="accepts client credentials, but no operation issues them a token "
                f"({', '.join(f'{op.method} {op.path}' for op in oauth.operations)} is not served)",
                fix="serve the token endpoint (client credentials grant) beside sign-in, or name the identity "
                "provider's token URL in the service callers' method",
            )
            return


@rule("API137", "error", "security", "A system's token reaches personal fields by the same scope as plain ones")
def coarse_scopes(subject: Subject) -> Found:
    """Another system reads records whose answer carries personal fields (names, contacts) or sensitive ones (pay,
    bank details, identity numbers, health), and no scope of the design opens that class on its own: a token
    granted to read anything reads them all, so a client that needs only names holds the salaries too."""
    entities = {e.name: e for e in subject.design.entities}
    opened = {c for s in subject.design.security.scopes if s.access == "read" for c in s.classes}
    for path, service, endpoint in subject.endpoints():
        reach = machine_reach(subject.req, entities, subject.personal, endpoint)
        missing = [c for c in reach if c not in opened]
        if not missing:
            continue
        fields = [f for c in missing for f in reach[c]]
        yield Problem(
            element=f"{service.name}: {endpoint.method} {endpoint.path}",
            at=(*path, "auth"),
            message=f"answers other systems' tokens with {join(missing)} fields ({join(fields[:6])}"
            f"{', ...' if len(fields) > 6 else ''}) that no scope of their own opens",
            fix="grant systems' tokens a scope per class of personal field (security.scopes), and answer a token "
            "without it the record as others see it",
        )
