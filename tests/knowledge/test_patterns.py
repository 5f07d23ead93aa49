"""The catalog of workload patterns: which corpus domains each pattern recognises, that every shipped pattern
validates and fills in all of its text, and that a pattern in a user's catalog folder is applied."""

from __future__ import annotations

import json
import re
import textwrap
from importlib import resources
from pathlib import Path

import pytest

from archgen.architects.rules import RulesArchitect
from archgen.design.files import load_design
from archgen.design.model import Design
from archgen.knowledge.catalog import Knowledge
from archgen.knowledge.patterns import Pattern, load_patterns, shipped_patterns
from archgen.requirements import load_requirements
from archgen.review.engine import review

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "domains"
DOMAINS = sorted(p.stem for p in CORPUS.glob("*.yaml"))

# Which corpus domains each shipped pattern must recognise, and why (the architect's reading of the corpus).
EXPECTED: dict[str, set[str]] = {
    # drivers stream positions read by nearby lookups, and trips with a lifecycle are matched to them
    "geo-matching": {"01-ride-hailing"},
    # riders watch the streamed driver position live (a push that reads what a stream writes, with geo access)
    "live-tracking": {"01-ride-hailing"},
    # meters (devices) stream append-only readings that people aggregate
    "device-telemetry": {"02-smart-meter-telemetry"},
    # a provider that calls back (Stripe, Adyen) and payments with a lifecycle and the provider's reference
    "payments": {"01-ride-hailing", "03-payments-ledger", "04-room-bookings"},
    # money paid out to others through a bank or provider: driver payouts, merchant payouts, claim payouts;
    # the hotel chain only collects deposits, so it has no ledger of its own
    "ledger": {"01-ride-hailing", "03-payments-ledger", "14-claims-workflow"},
    # bookings, inventory counted per night, and holds that expire
    "bookings": {"04-room-bookings"},
    # the questionnaire says the system is multi-tenant (HR SaaS tenants, chat workspaces)
    "multi-tenant": {"05-b2b-saas-residency", "08-team-chat"},
    # events pushed to other organisations' systems, with the deliveries recorded
    "webhook-delivery": {"03-payments-ledger", "05-b2b-saas-residency"},
    # public media produced by processing uploads (transcoding videos, resizing photos)
    "media": {"06-video-platform", "07-social-feed"},
    # members follow members and read a home timeline built from the follows
    "feeds": {"07-social-feed"},
    # messages written by people and pushed live to the members of a conversation
    "chat": {"08-team-chat"},
    # bulk feeds write a searchable catalogue that visitors search with facets and autocomplete
    "search-catalogue": {"09-product-catalogue-search"},
    # analysts, large append-only facts read as aggregates, dashboards and ad-hoc reports over them
    "reporting": {"10-retail-analytics"},
    # cases with deadlines worked by staff, with approvers and authority limits
    "back-office": {"14-claims-workflow"},
    # health or financial regulation (HIPAA and HITRUST, PSD2, SOX and DORA) over personal records kept by staff
    "regulated-records": {"03-payments-ledger", "11-health-records", "14-claims-workflow"},
    # a team of one or two, a few requests a second, staff only
    "internal-tool": {"12-internal-tool"},
}


@pytest.fixture(scope="module")
def corpus() -> dict[str, Design]:
    """The rules architect's design of every corpus questionnaire, made once."""
    return {name: RulesArchitect().design(load_requirements(CORPUS / f"{name}.yaml")) for name in DOMAINS}


def test_every_shipped_pattern_has_its_expected_domains() -> None:
    assert {p.id for p in shipped_patterns()} == set(EXPECTED)


@pytest.mark.parametrize("pattern_id", sorted(EXPECTED))
def test_pattern_triggers_on_exactly_its_domains(pattern_id: str, corpus: dict[str, Design]) -> None:
    triggered = {name for name, design in corpus.items() if any(p.id == pattern_id for p in design.patterns)}
    assert triggered == EXPECTED[pattern_id]


@pytest.mark.parametrize("pattern_id", sorted(EXPECTED))
def test_applied_pattern_contributes(pattern_id: str, corpus: dict[str, Design]) -> None:
    for name in EXPECTED[pattern_id]:
        applied = next(p for p in corpus[name].patterns if p.id == pattern_id)
        assert applied.signals, f"{pattern_id} in {name} shows no signal"
        assert any(c.startswith("decision ") for c in applied.contributions), f"{pattern_id} in {name}: no decision"


def test_every_shipped_pattern_file_validates() -> None:
    folder = resources.files("archgen.knowledge").joinpath("patterns")
    files = sorted(f.name for f in folder.iterdir() if f.name.endswith(".yaml"))
    patterns = shipped_patterns()
    assert len(patterns) == len(files)
    assert [f"{p.id}.yaml" for p in patterns] == files  # one pattern per file, named by its id
    for pattern in patterns:
        Pattern.model_validate(pattern.model_dump())


def _bound_names() -> set[str]:
    """Every name a shipped pattern's tests bind (and `system`): a `{name}` left in a design is unresolved."""
    when = [t for p in shipped_patterns() for t in (*p.when.all, *p.when.any, *p.when.none, *p.when.optional)]
    return {t.bind for t in when if t.bind} | {"system"}


@pytest.mark.parametrize("domain", DOMAINS)
def test_pattern_text_placeholders_all_resolve(domain: str, corpus: dict[str, Design]) -> None:
    text = json.dumps(corpus[domain].model_dump(mode="json", by_alias=True))
    left = set(re.findall(r"\{[a-z_]+:[^{}\"]+\}", text))  # {figure:…}, {tech:…}, {rate:…}, …
    left |= {m for m in re.findall(r"\{([a-z_]+)\}", text) if m in _bound_names()}
    assert not left, f"{domain}: unresolved placeholders {sorted(left)}"


PATTERN = """
    id: recipe-notebook
    name: A personal notebook of recipes
    summary: Home cooks keep their own recipes; the shape calls for owner-scoped data.
    when:
      all:
        - {what: entity, says: recipes people keep, name_words: [recipe], bind: recipes}
      optional:
        - {what: entity, says: plans of meals, name_words: [plan], bind: plans}
        - {what: integration, says: a grocery delivery service, words: [grocer], bind: grocers}
    contributes:
      decisions:
        - title: How each cook's {recipes} stay their own
          context: Cooks keep {recipes} in {system}; nobody else may read them.
          options:
            - name: Owner column and checks
              summary: Every row carries its owner.
              pros: [simple]
              cons: [checked in code]
            - name: Row-level security
              summary: The database filters by owner.
              pros: [enforced below the code]
              cons: [policies to test]
          choose: Row-level security
          rationale: The database is the last line that no code path can skip.
          consequences: ["every table of {recipes} has a policy on the owner"]
      risks:
        - title: A cook reads another cook's {recipes}
          description: A query without the owner returns someone else's rows.
          likelihood: low
          impact: medium
          mitigation: row-level security and a test per table
          owner: tech lead
      questions:
        - question: May a cook share {plans} with their household?
          context: Sharing needs an access rule.
          needs: [plans]
        - {question: "Which {grocers} orders the shopping list?", context: An integration., needs: [grocers]}
        - {question: Is a shopping list ever sent anywhere?, context: Nothing is integrated yet., unless: [grocers]}
"""


def test_a_pattern_from_a_catalog_folder_is_applied(tmp_path: Path) -> None:
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "recipe-notebook.yaml").write_text(textwrap.dedent(PATTERN), encoding="utf-8")
    assert "recipe-notebook" in {p.id for p in load_patterns(tmp_path)}
    assert Knowledge.load(tmp_path).folder == tmp_path
    design = RulesArchitect(catalog=tmp_path).design(load_requirements(CORPUS / "13-required-only.yaml"))
    applied = next(p for p in design.patterns if p.id == "recipe-notebook")
    keys = {s.key for s in applied.signals}
    given = {"data.entities[Recipe]", "data.entities[MealPlan]"}
    # the records the summary's tagging, planning and importing imply name recipes and meal plans too
    proposed = {"data.entities[RecipeTag]", "data.entities[MealPlanEntry]", "data.entities[RecipeImport]"}
    assert given <= keys <= given | proposed
    # the records the summary's tagging and importing imply are recipes' records too, and bind with them
    recipes = "Recipe, RecipeTag and RecipeImport"
    decision = next(d for d in design.decisions if d.title == f"How each cook's {recipes} stay their own")
    assert decision.decision == "Row-level security"
    assert decision.context == f"Cooks keep {recipes} in recipe-notebook; nobody else may read them."
    assert any(r.title == f"A cook reads another cook's {recipes}" for r in design.risks)
    assert f"decision {decision.id}" in applied.contributions
    # optional tests bind without deciding; a contribution needs its names bound, or not bound with `unless`
    asked = {q.question for q in design.open_questions}
    assert "May a cook share MealPlan and MealPlanEntry with their household?" in asked
    assert "Is a shopping list ever sent anywhere?" in asked
    assert not any("orders the shopping list" in q for q in asked)
    # the shipped catalog alone does not know the shape
    assert not any(
        p.id == "recipe-notebook"
        for p in RulesArchitect().design(load_requirements(CORPUS / "13-required-only.yaml")).patterns
    )


ESSENTIAL = """
    id: recipe-scaling
    name: Recipes scaled to the servings asked for
    summary: Cooks ask for a recipe at any number of servings.
    when:
      all:
        - {what: entity, says: recipes people keep, name_words: [recipe], bind: recipes}
    contributes:
      parameters:
        - {name: base, says: servings a recipe is written for, formula: "4"}
        - {name: largest, says: servings a recipe scales to at most, formula: "{param:base} * 6"}
      essentials:
        - part: quantities scaled from the servings a recipe is written for
          why: a quantity means nothing without the servings it is for
          fields:
            - {entity: "{recipes}", name: base_servings, type: int, client: true, source: "the cook writes it"}
      risks:
        - title: A recipe is scaled past {param:largest} servings
          description: Rounding makes large batches wrong.
          likelihood: low
          impact: low
          mitigation: refuse more than {param:largest} servings
          owner: tech lead
"""


def test_an_essential_from_a_catalog_folder_adds_its_field_and_its_numbers(tmp_path: Path) -> None:
    (tmp_path / "patterns").mkdir()
    (tmp_path / "patterns" / "recipe-scaling.yaml").write_text(textwrap.dedent(ESSENTIAL), encoding="utf-8")
    design = RulesArchitect(catalog=tmp_path).design(load_requirements(CORPUS / "13-required-only.yaml"))
    field = next(f for f in design.entity("Recipe").fields if f.name == "base_servings")
    assert (field.type, field.set_by, field.required) == ("int", "client", False)
    assert any(r.title == "A recipe is scaled past 24 servings" for r in design.risks)
    applied = next(p for p in design.patterns if p.id == "recipe-scaling")
    assert "field Recipe.base_servings (quantities scaled from the servings a recipe is written for)" in (
        applied.contributions
    )


@pytest.mark.parametrize("domain", DOMAINS)
def test_each_recognised_pattern_holds_its_essentials(domain: str, corpus: dict[str, Design]) -> None:
    """What a shape needs (the fields of its mechanism, its events in order, the mechanism in its flows, a failure
    mode and a decision) is in the design, not only named in its text."""
    found = [f"{f.rule} {f.element}: {f.message}" for f in review(corpus[domain]) if f.rule.startswith("PAT")]
    assert found == []


def test_a_conversation_orders_its_messages_by_a_sequence_the_data_and_the_api_carry(
    corpus: dict[str, Design],
) -> None:
    """The chat shape's ordering is in the data (a seq unique within the conversation), in the events (keyed by the
    conversation) and in the API (history pages by seq), not only in the decision's words."""
    design = corpus["08-team-chat"]
    message = design.entity("Message")
    assert any(i.fields[-1] == "seq" and i.fields[0] == "channel" for i in message.indexes)
    assert {e.ordering_key for e in design.events if e.entity == "Message"} == {"channel"}
    history = [
        e
        for s in design.services
        for e in s.endpoints
        if e.entity == "Message" and e.action == "list" and any(f.field == "channel" for f in e.filters)
    ]
    assert history and all(any(f.field == "seq" and f.kind == "range" for f in e.filters) for e in history)


def _fan_out(design: Design) -> float:
    decision = next(d for d in design.decisions if d.title == "How home timelines are built")
    said = next(c for c in decision.consequences if "timeline entries a second" in c)
    return float(re.search(r"fan-out writes ([\d,.]+) timeline", said).group(1).replace(",", ""))  # type: ignore[union-attr]


def test_fan_out_writes_follow_the_follow_graph_and_the_posts() -> None:
    """The fan-out the timeline decision states is new posts × mean followers: twice the follow edges, twice the
    writes; the celebrity threshold stays what one worker reaches within the fan-out budget."""
    loaded = load_requirements(CORPUS / "07-social-feed.yaml")
    before = RulesArchitect().design(loaded)
    follow = next(e for e in loaded.requirements.data.entities if e.name == "Follow")
    follow.records *= 2
    after = RulesArchitect().design(loaded)
    assert _fan_out(after) == pytest.approx(2 * _fan_out(before), rel=0.01)
    step = next(s for f in after.flows for s in f.steps if "celebrity threshold of" in s.message)
    assert "100,000 followers" in step.message


def test_new_takes_a_catalog_folder_whose_technologies_come_first(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "technologies.yaml").write_text(
        "clouds:\n  any:\n    relational:\n"
        "      - {name: Our PostgreSQL platform, aka: [postgresql], zones: synchronous, regions: asynchronous, "
        "failover_s: 30, replica_lag_s: 5, pitr_s: 60, backup_days: 30, writes_per_node: 8000, scaling: vertical, "
        "price: db_node}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = cli("new", "-r", CORPUS / "13-required-only.yaml", "-o", out, "--catalog", catalog)
    assert result.exit_code == 0, result.output
    design = load_design(out / "design.yaml")
    assert {s.technology for s in design.stores if s.kind == "relational"} == {"Our PostgreSQL platform"}
    refused = cli("new", "-r", CORPUS / "13-required-only.yaml", "--agent", "anthropic", "--catalog", catalog)
    assert refused.exit_code == 2 and "--catalog applies to --agent rules only" in refused.stderr
    missing = cli("new", "-r", CORPUS / "13-required-only.yaml", "-o", out, "--catalog", tmp_path / "nowhere")
    assert missing.exit_code == 2 and "no such folder; --catalog takes a folder" in missing.stderr


def test_every_corpus_design_promises_only_what_its_engines_keep(corpus: dict[str, Design]) -> None:
    """No index, transaction, lock, expiry or writer region a store's engine lacks; no unique value left plain;
    no option dismissed as unfamiliar to a team that knows it."""
    engine_rules = ({f"ENG00{i}" for i in range(1, 8)} - {"ENG006"}) | {f"ENG01{i}" for i in range(6)}
    for name, design in corpus.items():
        found = [f"{f.rule} {f.element}: {f.message}" for f in review(design) if f.rule in engine_rules]
        assert found == [], name


def test_a_decision_that_needs_row_locks_is_made_otherwise_on_an_engine_without_them() -> None:
    # an RTO no failover meets and an RPO a daily snapshot keeps: the ledger goes to an engine writing everywhere
    loaded = load_requirements(CORPUS / "03-payments-ledger.yaml")
    loaded.requirements.quality.rpo_minutes, loaded.requirements.quality.rto_minutes = 1440, 5
    design = RulesArchitect().design(loaded)
    engines = {s.technology for s in design.stores if s.kind == "relational"}
    assert engines == {"Amazon Aurora DSQL (multi-region clusters)"}  # optimistic concurrency only
    concurrency = next(d for d in design.decisions if d.title.startswith("How concurrent postings"))
    assert concurrency.decision == "Optimistic versions with retry"
    assert "has no row locks" in concurrency.rationale


def test_a_consensus_database_is_described_without_a_primary_or_a_standby() -> None:
    # an RTO no failover meets and an RPO only point-in-time recovery keeps: CockroachDB, every range by quorum
    loaded = load_requirements(CORPUS / "01-ride-hailing.yaml")
    loaded.requirements.quality.rto_minutes = 10
    design = RulesArchitect().design(loaded)
    trips = next(s for s in design.stores if s.name == "trips-db")
    assert "consensus" in trips.replication and "a primary with" not in trips.replication
    mode = next(m for m in design.reliability.failure_modes if m.component == "trips-db")
    assert "standby" not in mode.mitigation.replace("no primary or standby", "")
    relational = next(d for d in design.decisions if d.title.startswith("Relational store"))
    chosen = next(o for o in relational.options if o.name == relational.decision)
    assert not any("one primary" in c for c in chosen.cons)


def test_a_time_series_is_kept_where_its_engine_compresses_and_rolls_up(corpus: dict[str, Design]) -> None:
    design = corpus["02-smart-meter-telemetry"]  # Azure's managed TimescaleDB edition has neither: not chosen
    store = next(s for s in design.stores if s.kind == "time-series")
    assert store.technology == "TimescaleDB Community on Azure Kubernetes Service (self-managed)"
    assert any("compression" in i.name for i in design.capacity.get(f"db.{store.name}.data.y3").inputs)


def test_rollups_and_compression_are_decided_otherwise_on_an_edition_without_them(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "technologies.yaml").write_text(  # every TimescaleDB edition on the cloud lacks both
        "clouds:\n  azure:\n    time-series:\n"
        "      - {name: TimescaleDB Community on Azure Kubernetes Service (self-managed), aka: [timescaledb], "
        "skills: [postgresql], zones: synchronous, regions: asynchronous, region_failover_s: 1800, "
        "replica_lag_s: 60, pitr_s: 300, writes_per_node: 100000, storage_tb: 50, scaling: vertical, "
        "region_writes: single, engine: timescaledb, features: {compression: false, rollups: false}, price: ts_node}\n",
        encoding="utf-8",
    )
    design = RulesArchitect(catalog=catalog).design(load_requirements(CORPUS / "02-smart-meter-telemetry.yaml"))
    rollups = next(d for d in design.decisions if d.title.startswith("How rollups are kept correct"))
    assert rollups.decision != "Incremental rollup views in the time-series store"
    assert "has no rollups" in rollups.rationale
    store = next(s for s in design.stores if s.kind == "time-series")
    assert not any("compression" in i.name for i in design.capacity.get(f"db.{store.name}.data.y3").inputs)


def test_a_team_skill_decides_between_engines_that_both_fit(corpus: dict[str, Design]) -> None:
    # the team knows Cassandra, TimescaleDB and SQL Server: each is chosen where it fits the data
    chosen = {name: {s.technology for s in d.stores} for name, d in corpus.items()}
    assert "Amazon Keyspaces (Apache Cassandra)" in chosen["07-social-feed"]
    assert "TimescaleDB Community on Azure Kubernetes Service (self-managed)" in chosen["02-smart-meter-telemetry"]
    assert "Azure SQL Database (Business Critical)" in chosen["11-health-records"]


def test_active_active_only_where_every_database_takes_writes_in_every_region(corpus: dict[str, Design]) -> None:
    # 99.99 %: active-active unless a database writes in one region only; then a standby promoted by health checks,
    # since a person's promotion outlasts the month's four minutes
    design = corpus["01-ride-hailing"]
    assert design.reliability.topology == "hot-standby"
    decision = next(d for d in design.decisions if d.title == "Availability topology and disaster recovery")
    assert "take writes in one region only" in decision.rationale
