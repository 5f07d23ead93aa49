"""Fit rules: a design uses the tools its team names where they serve a job it has, builds the dimension history
it promises, weighs alternatives of the workload's size and fixes the instance count a tiny peak never moves."""

from __future__ import annotations

from archgen.design.model import Decision, Design
from archgen.knowledge.fitting import fitting
from archgen.review.engine import Found, Problem, Subject, rule


def job_kinds(design: Design) -> set[str]:
    """The jobs a named tool could serve that this design has: a warehouse to transform in, and batch jobs around
    it that must run in order."""
    kinds: set[str] = set()
    if any(s.kind == "warehouse" for s in design.stores):
        kinds.add("warehouse_transformation")
        if len(design.jobs) >= 2:
            kinds.add("batch_orchestration")
    return kinds


def _weighs(decision: Decision, words: tuple[str, ...]) -> bool:
    text = " ".join(f"{o.name} {o.summary}" for o in decision.options).lower()
    return any(w in text for w in words)


@rule("ENG018", "error", "decisions", "A tool the team names fits a job the design does another way, unweighed")
def team_tool_unweighed(subject: Subject) -> Found:
    """The team lists a tool (dbt, Airflow) that serves a job this design has, such as transforming facts in its
    warehouse or running dependent batch jobs, yet no decision offers it as an option. The team then maintains a
    framework of its own beside the one it knows. Use the tool, or record a decision that weighs it and says why
    not."""
    constraints = subject.req.constraints
    skills = [*constraints.team.skills, *constraints.must_use]
    for kind in sorted(job_kinds(subject.design)):
        for tool in fitting().named_tools(skills, kind):
            if any(_weighs(d, tool.words) for d in subject.design.decisions):
                continue
            yield Problem(
                element=tool.name,
                at=("decisions",),
                message=f"the team names {tool.name}, which serves {fitting().job_kinds[kind].says}, and no "
                "decision offers it as an option",
                fix=f"run that job with {tool.name} ({tool.form(subject.design.deployment.cloud)}), or record a "
                "decision that weighs it and says why another way wins",
            )


@rule("ENG019", "error", "data", "Dimension history promised with no type-2 model")
def history_unbuilt(subject: Subject) -> Found:
    """A chosen option or its consequences promise that dimensions keep their history, yet no store, job or
    decision names a type-2 model with valid_from and valid_to. Facts then join today's attributes, and a report
    over past years shows old sales under the current category or cost. Build the history as snapshots in the
    transformation step, or withdraw the promise."""
    know = fitting()
    design = subject.design
    built = " ".join(
        [
            *(s.purpose for s in design.stores),
            *(j.description for j in design.jobs),
            *(c for d in design.decisions for c in d.consequences),
            *(" ".join(f.name for f in e.fields) for e in design.entities),
        ]
    )
    if know.builds_history(built):
        return
    for i, decision in enumerate(design.decisions):
        chosen = next((o for o in decision.options if o.name == decision.decision), None)
        said = " ".join([decision.rationale, *decision.consequences, *([chosen.summary] if chosen else [])])
        if know.promises_history(said):
            yield Problem(
                element=decision.id,
                at=("decisions", i),
                message=f"'{decision.decision}' promises that dimensions keep their history, and nothing in the "
                "design builds rows with valid_from and valid_to",
                fix="add the type-2 snapshot of each dimension to the transformation step (valid_from, valid_to, "
                "built before the facts of the same run), or drop the promise",
            )


@rule("TOP025", "error", "decisions", "An alternative far outside the workload's scale")
def straw_alternative(subject: Subject) -> Found:
    """A decision weighs an option that costs ten times the whole design or needs a bigger team than the one named
    (a Business Critical database, active-active regions, a Kubernetes cluster for one part-time engineer). Such an
    option is never a real choice, so the record reads as a catalogue. Drop it and weigh the smaller options that
    could win."""
    know = fitting()
    cost = subject.design.cost.total_usd_per_month
    engineers = subject.req.constraints.team.engineers
    for i, decision in enumerate(subject.design.decisions):
        for j, option in enumerate(decision.options):
            big = know.big(option.name)
            if big is None or option.name == decision.decision:
                continue
            costly = cost > 0 and big.monthly_usd > know.scale_factor * cost
            if costly or big.engineers > engineers:
                why = (
                    f"the whole design costs ${cost:,.0f} a month"
                    if costly
                    else f"the team is {engineers} engineer{'s' if engineers != 1 else ''}"
                )
                yield Problem(
                    element=decision.id,
                    at=("decisions", i, "options", j),
                    message=f"'{option.name}' is {big.says}, while {why}",
                    fix="drop it and weigh options of this workload's size (a single platform plan, the "
                    "framework's admin, an off-the-shelf tool)",
                )


@rule("RUN037", "error", "capacity", "An autoscaling range on a peak far below one instance")
def idle_autoscaling(subject: Subject) -> Found:
    """A deployable scales between a minimum and a higher maximum while its peak after three years is a small
    share of what one instance carries. The autoscaler never moves, and the range only suggests a load that does
    not exist. Fix the count at the minimum the availability target needs."""
    share = fitting().fixed_below_share
    for i, deployable in enumerate(subject.design.deployables):
        scaling = deployable.scaling
        demand = {
            "req/s": deployable.demand.requests_per_s,
            "messages/s": deployable.demand.messages_per_s,
            "connections": deployable.demand.connections,
        }.get(scaling.unit, 0.0)
        if scaling.per_instance <= 0 or scaling.max_instances <= scaling.min_instances:
            continue
        if demand < share * scaling.per_instance:
            yield Problem(
                element=deployable.name,
                at=("deployables", i, "scaling"),
                message=f"scales from {scaling.min_instances} to {scaling.max_instances} instances for a peak of "
                f"{demand:g} {scaling.unit}, {demand / scaling.per_instance * 100:.2g} % of one instance's "
                f"{scaling.per_instance:g}",
                fix=f"fix the count at {scaling.min_instances} (max_instances = min_instances)",
            )
