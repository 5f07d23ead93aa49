"""Each use case traced through the design as a sequence of messages."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.architects.rules.messaging import requested_events
from archgen.architects.rules.services import home_service
from archgen.design.model import Flow, FlowStep
from archgen.naming import pascal


def plan_flows(draft: Draft) -> None:
    """A flow per use case: actor → gateway → leading service → stores, other services, integrations, events."""
    requested = requested_events(draft.req)
    for use_case in draft.req.use_cases:
        home = home_service(draft, use_case.name)
        steps = [
            FlowStep(source=use_case.actor or "user", target="gateway", message=f"{use_case.name} request"),
            FlowStep(source="gateway", target=home.name, message="authenticated request"),
        ]
        cached = {name for c in draft.caches if c.placement == "distributed" for name in c.entities}
        for name in use_case.reads:
            owner = draft.service_of(name)
            entity = draft.entity(name)
            if owner.name != home.name:
                steps.append(FlowStep(source=home.name, target=owner.name, message=f"get {name}"))
                reader = owner.name
            else:
                reader = home.name
            if name in cached:
                steps.append(FlowStep(source=reader, target="app-cache", message=f"read {name} (cache-aside)"))
            store = entity.search_index if "search" in use_case.name.lower() and entity.search_index else entity.store
            steps.append(FlowStep(source=reader, target=store, message=f"query {name}"))
            if owner.name != home.name:
                steps.append(FlowStep(source=owner.name, target=home.name, message=name, kind="reply"))
        for name in use_case.calls:
            steps.append(FlowStep(source=home.name, target=name, message=f"call {name}"))
        if use_case.async_:
            event = requested[use_case.name]
            channel = next((e.channel for e in draft.events if e.name == event), "")
            if channel:
                steps.append(FlowStep(source=home.name, target=channel, message=event, kind="async"))
            steps.append(FlowStep(source=home.name, target="gateway", message="202 Accepted", kind="reply"))
        else:
            for name in use_case.writes:
                owner = draft.service_of(name)
                store = draft.entity(name).store
                writer = owner.name
                if owner.name != home.name:
                    steps.append(FlowStep(source=home.name, target=owner.name, message=f"write {name}"))
                steps.append(FlowStep(source=writer, target=store, message=f"write {name} + outbox"))
                changed = next((e for e in draft.events if e.name == f"{pascal(name)}Changed"), None)
                if changed:
                    steps.append(FlowStep(source=writer, target=changed.channel, message=changed.name, kind="async"))
            steps.append(FlowStep(source=home.name, target="gateway", message="response", kind="reply"))
        steps.append(FlowStep(source="gateway", target=use_case.actor or "user", message="response", kind="reply"))
        draft.flows.append(
            Flow(
                use_case=use_case.name,
                actor=use_case.actor or "user",
                description=use_case.description or "",
                steps=steps,
                latency_budget_ms=use_case.latency_p99_ms or draft.req.quality.latency_p99_ms,
            )
        )
        draft.trace(
            f"use_cases[{use_case.name}]",
            use_case.description or use_case.name,
            sorted({s.target for s in steps if s.kind != "reply"} - {"gateway"}),
            [],
        )
