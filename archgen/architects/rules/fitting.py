"""The design fits the team that runs it and the scale it runs at: a warehouse is fed by the transformation and
orchestration tools the team names (and the decision says so), dimensions promised history get a type-2 model,
decisions weigh options of the workload's size, not ones ten times bigger."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft, option
from archgen.common.english import join
from archgen.design import model as m
from archgen.knowledge.fitting import Tool, fitting
from archgen.knowledge.scheduling import scheduling

PIPELINE_TITLE = "How the warehouse's loads and models are built and run"


def team_tools(draft: Draft, job: str) -> list[Tool]:
    """The tools the team names (skills or technologies it must use) that serve a job kind."""
    constraints = draft.req.constraints
    return fitting().named_tools([*constraints.team.skills, *constraints.must_use], job)


def plan_pipeline(draft: Draft) -> None:
    """Give a warehouse its transformation step: dimension history as type-2 rows built by it, and, where the team
    names a transformation or orchestration tool, that tool in the design with a decision that weighs it."""
    warehouse = next((s for s in draft.stores if s.kind == "warehouse"), None)
    if warehouse is None or draft.deployment is None:
        return
    transform = next(iter(team_tools(draft, "warehouse_transformation")), None)
    orchestrate = next(iter(team_tools(draft, "batch_orchestration")), None)
    cloud = draft.deployment.cloud
    builder = f"{transform.name} models" if transform else fitting().plain_transformation
    _keep_history(draft, warehouse, builder, transform)
    if transform is None and orchestrate is None:
        return
    if transform is not None:
        _name_models(draft, transform)
    if orchestrate is not None:
        _run_in_dag(draft, orchestrate.form(cloud))
    _decide(draft, warehouse, transform, orchestrate)


def dimensions(draft: Draft, warehouse: m.DataStore) -> list[str]:
    """The records the warehouse's facts refer to and it does not hold itself: the dimensions of the star."""
    named: list[str] = []
    for entity in draft.req.data.entities:
        if entity.name not in warehouse.entities:
            continue
        for field_type in entity.fields.values():
            target = field_type.references
            if target and target not in warehouse.entities and target not in named:
                named.append(target)
    return named


def _keep_history(draft: Draft, warehouse: m.DataStore, builder: str, transform: Tool | None) -> None:
    """A decision that promises dimension history gets the type-2 model that keeps it, built by the transformation
    step before the facts of the same run."""
    know = fitting()
    promising = [d for d in draft.decisions if know.promises_history(_chosen_text(d))]
    dims = dimensions(draft, warehouse)
    if not promising or not dims:
        return
    how = f"{transform.name} snapshots" if transform else builder
    said = (
        f"{join(dims)} keep their history as type-2 rows built by {how}: each change closes the current row "
        "(valid_to) and opens a new one (valid_from), and a fact joins the row valid on its business date"
    )
    for decision in promising:
        if not know.builds_history(" ".join(decision.consequences)):
            decision.consequences.append(said)
    if not know.builds_history(warehouse.purpose):
        warehouse.purpose = f"{warehouse.purpose.rstrip('.')}; {said}"


def _name_models(draft: Draft, tool: Tool) -> None:
    """The marts are the team's tool's models, not SQL of no tool."""
    for decision in draft.decisions:
        decision.consequences = [
            c.replace("versioned SQL models in the repository", f"{tool.name} models in the repository")
            for c in decision.consequences
        ]


def _run_in_dag(draft: Draft, form: str) -> None:
    """Every job becomes a task of the team's orchestrator: the cloud scheduler's lease rows give way to a DAG."""
    knowledge = scheduling()
    found = (
        knowledge.scheduler(draft.deployment.cloud, draft.deployment.platform, draft.tiny) if draft.deployment else None
    )
    airflow = next(s for s in knowledge.schedulers if "airflow" in s.words)
    said = (
        f"In {form}, {airflow.runs}. {_sentence(airflow.single_run)}; {knowledge.period_key}. "
        f"{_sentence(airflow.missed)}"
    )
    for job in draft.jobs:
        if found is not None:
            for text in (found.runs, found.single_run, found.missed):
                job.description = job.description.replace(f"{_sentence(text)}; {knowledge.period_key}. ", "")
                job.description = job.description.replace(f"{_sentence(text)}. ", "").replace(_sentence(text), "")
        job.description = f"{job.description.strip().rstrip('. ')}. {said}."


def _decide(draft: Draft, warehouse: m.DataStore, transform: Tool | None, orchestrate: Tool | None) -> None:
    assert draft.deployment is not None
    cloud = draft.deployment.cloud
    found = scheduling().scheduler(cloud, draft.deployment.platform, draft.tiny)
    starter = found.name if found is not None else "the platform's scheduler"
    ours = [t for t in (transform, orchestrate) if t is not None]
    if transform and orchestrate:
        chosen = f"{transform.name} models run by {orchestrate.form(cloud)}"
    elif transform:
        chosen = f"{transform.name} models run by {starter}"
    else:
        assert orchestrate is not None
        chosen = f"SQL models run as tasks of {orchestrate.form(cloud)}"
    skills = ", ".join(draft.req.constraints.team.skills)
    cons = ["a model change ships like code, with its own CI run against a development dataset"]
    if orchestrate is not None and orchestrate.monthly_usd:
        cons.insert(
            0, f"{orchestrate.form(cloud)} is an environment of its own, about ${orchestrate.monthly_usd:,.0f} a month"
        )
    jobs = [j.name for j in draft.jobs]
    options = [
        option(
            chosen,
            "; ".join(f"{t.name} {t.does}" for t in ours) + ".",
            [
                f"the team already builds with {join(t.name for t in ours)} (its skills: {skills})",
                "each step starts after the ones whose output it reads, not at a guessed hour",
                "models carry tests, and snapshots keep the history of dimensions",
            ],
            cons,
        ),
        option(
            f"Jobs of the application's image started by {starter}",
            "Each load and build is a job of the web application's image, started at a fixed hour.",
            ["nothing more to run or pay for"],
            [
                "each job guards itself with a lease row and starts at a fixed hour, not after the job it reads",
                "the marts are SQL the application runs, with none of the tests or snapshots of a tool the team knows",
            ],
        ),
        option(
            "Transformation in the application's services",
            "The services read the facts and compute the reports' joins and history in application code.",
            ["one codebase"],
            [
                "joins and history in application code, where the warehouse does them in SQL over every row",
                "data engineers maintain a web framework instead of the pipeline they know",
            ],
        ),
    ]
    draft.decide(
        title=PIPELINE_TITLE,
        context=(
            f"The design runs {len(jobs)} scheduled jobs ({join(jobs)}); the loads and mart builds of the "
            f"warehouse ({warehouse.technology}) among them must run in order before the working day starts, and "
            f"the team knows {join(t.name for t in ours)}."
        ),
        options=options,
        decision=chosen,
        rationale=(
            f"The team names {join(t.name for t in ours)} among its skills, and each fits a job this design has: "
            f"{join(fitting().job_kinds[k].says for t in ours for k in t.jobs)}. Building a framework of its own "
            "would leave the team maintaining code it did not need."
        ),
        consequences=[
            f"the marts, snapshots and loads live in one repository of {join(t.name for t in ours)} code, reviewed "
            "and tested in CI before they run",
            "a failed step stops the steps after it and pages the data lead, so no mart is built on a half load",
        ],
        drivers=[f"constraints.team.skills: {skills}"],
    )


def weigh_alternatives(draft: Draft, cost_usd: float) -> None:
    """Alternatives of the workload's size: options that cost ten times the whole design or need a bigger team than
    the one named are dropped, and a small internal tool weighs the off-the-shelf tool and the framework's admin."""
    know = fitting()
    engineers = draft.req.constraints.team.engineers
    for decision in draft.decisions:
        kept = [o for o in decision.options if o.name == decision.decision or not _too_big(o.name, cost_usd, engineers)]
        dropped = [o.name for o in decision.options if o not in kept]
        rationale = _without(decision.rationale, dropped)
        if dropped and len(kept) >= 2 and rationale:
            decision.options = kept
            decision.rationale = rationale
            decision.context = _without(decision.context, dropped) or decision.context
    small = know.small_tool
    people = draft.req.users.registered or draft.req.users.daily_active
    if engineers > small.max_engineers or people > small.max_people:
        return
    style = next((d for d in draft.decisions if d.title == "Architecture style"), None)
    if style is None:
        return
    offer = small.off_the_shelf.get(draft.req.constraints.cloud, small.off_the_shelf["any"])
    skills = [s.lower() for s in draft.req.constraints.team.skills]
    if any(w in skills for w in small.admin_words):
        admin = small.admin_only
        style.options.append(
            option(
                admin.name.format(framework=next(w for w in small.admin_words if w in skills).capitalize()),
                admin.summary,
                ["a few hundred lines of models and permissions", "the team's own framework, nothing new to learn"],
                ["people outside the managers get the admin's pages, not screens made for their use cases"],
            )
        )
    style.options.append(
        option(
            offer.name,
            offer.summary,
            ["nothing to build, patch or host", "people sign in with the accounts they already have"],
            [
                f"the checks the use cases need ({len(draft.req.use_cases)} use cases) must fit what the tool can "
                "express",
                "the data lives in the tool's store, exported only in the forms it offers",
            ],
        )
    )


def _without(text: str, names: list[str]) -> str:
    """A text without its sentences that name a dropped option (a rationale that weighed it against the choice)."""
    sentences = re.split(r"(?<=\.)\s+", text.strip())
    return " ".join(x for x in sentences if not any(n in x for n in names))


def _too_big(name: str, cost_usd: float, engineers: int) -> bool:
    big = fitting().big(name)
    if big is None:
        return False
    return (cost_usd > 0 and big.monthly_usd > fitting().scale_factor * cost_usd) or big.engineers > engineers


def _chosen_text(decision: m.Decision) -> str:
    chosen = next((o for o in decision.options if o.name == decision.decision), None)
    parts = [decision.rationale, *decision.consequences]
    if chosen is not None:
        parts += [chosen.summary, *chosen.pros]
    return " ".join(parts)


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
