"""Recognise the shape of the system: which workload patterns of the catalog apply, and fill in their text."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity import constants as c
from archgen.capacity.expr import FormulaError, evaluate
from archgen.capacity.load import growth, role_slugs, use_case_keys, use_case_rate
from archgen.common.formatting import bytes_, count, number, quantity
from archgen.common.naming import slug
from archgen.knowledge.patterns import Match, fill, load_patterns, match, stream_key


def plan_patterns(draft: Draft) -> None:
    """Match every pattern of the catalog against the questionnaire and the load figures."""
    folder = draft.catalog.knowledge.folder
    draft.patterns, draft.missed = match(draft.req, load_patterns(folder), lambda key: draft.figure(key, 0.0))


def listed(draft: Draft, found: Match, spec: str) -> list[str]:
    """The names a list field gives: every match of a `{bound}` name, or a comma-separated name (filled in)."""
    out: list[str] = []
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            continue
        key = part[1:-1] if part.startswith("{") and part.endswith("}") else ""
        out += found.bound.get(key, []) if key and ":" not in key else [text(draft, found, part)]
    return list(dict.fromkeys(out))


def text(draft: Draft, found: Match, template: str) -> str:
    """A pattern's text with what it matched, the system's figures and its technologies filled in (the placeholders
    are listed in archgen/knowledge/patterns/README.md); one that cannot be filled is left as it is."""
    req = draft.req

    def figure(key: str) -> float | None:
        found_ = next((f for f in draft.ledger.figures if f.key == key), None)
        return found_.value if found_ else None

    def total(keys: list[str]) -> float | None:
        values = [v for v in (figure(k) for k in keys) if v is not None]
        return sum(values) if values else None

    def value(name: str, arg: str) -> str | None:
        bound = found.bound.get(arg, [])
        entities = [e for e in req.data.entities if e.name in bound]
        if name in ("owner", "store", "path") and not entities:  # a use case's: of the first entity it writes
            written = [n for u in req.use_cases if u.name in bound for n in u.writes]
            entities = [e for e in req.data.entities if e.name in written[:1]]
        if name == "system":
            return slug(req.system.name, "system")
        if name == "figure":
            known = next((f for f in draft.ledger.figures if f.key == arg), None)
            return quantity(known.value, known.unit) if known else None
        if name == "number":
            amount = figure(arg)
            return number(amount) if amount is not None else None
        if name == "tech":
            return draft.catalog[arg]
        if name == "answer":
            answer: object = req
            for part in arg.split("."):
                answer = getattr(answer, part, None)
            if isinstance(answer, bool) or answer is None:
                return None
            return count(answer) if isinstance(answer, int | float) else str(answer)
        if name == "rate":
            keys = use_case_keys(req)
            amount = total([f"{keys[n]}.peak_rps.y3" for n in bound if n in keys])
            return number(amount) if amount is not None else None
        if name == "per_day" and entities:
            return count(sum(e.growth_per_day for e in entities))
        if name == "rows":
            amount = total([f"storage.{e.name}.rows.y3" for e in entities])
            return count(amount) if amount is not None else None
        if name == "retention":
            days = [e.retention_days for e in entities if e.retention_days]
            return f"{max(days):,} days" if days else None
        if name in ("members", "online"):
            slugs = role_slugs(req)
            suffix = "active" if name == "members" else "online.y3"
            actors = [u.actor for u in req.use_cases if u.name in bound and u.actor]  # a use case's: its actor's
            roles = list(dict.fromkeys(n for n in [*bound, *actors] if n in slugs))
            amount = total([f"roles.{slugs[n]}.{suffix}" for n in roles])
            return count(amount) if amount is not None else None
        if name in ("bytes", "egress"):
            suffix = "bytes.y3" if name == "bytes" else "month"
            prefix = "files" if name == "bytes" else "egress.files"
            amount = total([f"{prefix}.{n}.{suffix}" for n in bound])
            return bytes_(amount) + ("" if name == "bytes" else " a month") if amount is not None else None
        if name == "param":
            amount_ = parameter(draft, found, arg)
            return number(amount_) if amount_ is not None else None
        if name == "worker":  # the deployable that does a service's background work (its only one, else its worker)
            runs = [d for d in draft.deployables if arg in d.services]
            worker = next((d for d in runs if d.kind == "worker"), runs[0] if runs else None)
            return worker.name if worker else None
        if name == "payload":
            sizes = [u.request_bytes for u in req.use_cases if u.name in bound and u.request_bytes]
            return bytes_(sizes[0]) if sizes else None
        if name == "writes":
            writes = [n for u in req.use_cases if u.name in bound for n in u.writes]
            return writes[0] if writes else None
        if name == "actor":
            actors = [u.actor for u in req.use_cases if u.name in bound and u.actor]
            return actors[0] if actors else None
        if name == "count" and bound:
            return f"{len(bound):,}"
        if name == "path" and entities:
            from archgen.architects.rules.operations import collection

            return collection(entities[0].name)
        if name == "owner" and entities:
            owner = next((s for s in draft.services if entities[0].name in s.entities), None)
            return owner.name if owner else None
        if name == "store" and entities:
            design = next((e for e in draft.entities if e.name == entities[0].name), None)
            return design.store if design else None
        if name == "parent" and entities:  # the record they belong to: what their stream is keyed by
            design = next((e for e in draft.entities if e.name == entities[0].name), None)
            return stream_key(design) if design else None
        if name in ("lock_wait", "lock_claim") and entities:  # what writers do, in the words of the engine's locking
            design_ = next((e for e in draft.entities if e.name == entities[0].name), None)
            kept = next((s for s in draft.stores if design_ and s.name == design_.store), None)
            locking = draft.catalog.engine(kept.technology).locking if kept else None
            words = draft.catalog.knowledge.technologies.locking_words.get(locking or "", {})
            return words.get(name.removeprefix("lock_"))
        if name == "backup" and entities:  # what the store's technology keeps, from the one place that says it
            from archgen.architects.rules.recovery import backup_copy, point_in_time

            design = next((e for e in draft.entities if e.name == entities[0].name), None)
            store = next((s for s in draft.stores if design and s.name == design.store), None)
            tech = draft.catalog.technology(store.technology) if store else None
            standby = draft.topology is not None and any(r.role == "standby" for r in draft.topology.regions)
            return f"{point_in_time(tech)}; {backup_copy(tech, standby)}" if tech else None
        return None

    def filled(name: str, arg: str) -> str:
        result = value(name, arg)
        return result if result is not None else "{" + name + (":" + arg if arg else "") + "}"

    return fill(template, found, filled)


def amount(draft: Draft, found: Match, template: str) -> float | None:
    """A pattern's number: its arithmetic with numeric placeholders filled in (listed in
    archgen/knowledge/patterns/README.md), or None when one of them has nothing to give."""
    missing: list[str] = []

    def filled(name: str, arg: str) -> str:
        value = _numeric(draft, found, name, arg)
        if value is None:
            missing.append(name)
            return "0"
        return repr(float(value))

    text_ = fill(template, found, filled)
    if missing:
        return None
    try:
        return evaluate(text_, [])
    except FormulaError:
        return None


def parameter(draft: Draft, found: Match, name: str) -> float | None:
    """A number of the pattern's mechanism (its `parameters`), computed from the load; None when an input is missing."""
    spec = next((p for p in found.pattern.contributes.parameters if p.name == name and found.allows(p)), None)
    return amount(draft, found, spec.formula) if spec else None


def _numeric(draft: Draft, found: Match, name: str, arg: str) -> float | None:
    """The bare number a placeholder stands for in a pattern's arithmetic."""
    req = draft.req
    bound = found.bound.get(arg, [])
    entities = [e for e in req.data.entities if e.name in bound]
    cases = [u for u in req.use_cases if u.name in bound]
    slugs = role_slugs(req)
    if name == "records":
        return float(sum(e.records for e in entities)) if entities else None
    if name == "parents":  # the records the first entity's records belong to: a message's conversations
        parent = next(
            (
                e.fields[a[3:]].target
                for e in entities[:1]
                for a in e.access
                if a.startswith("by_") and a[3:] in e.fields and e.fields[a[3:]].kind == "ref"
            ),
            None,
        )
        found_ = next((e for e in req.data.entities if e.name == parent), None)
        return float(found_.records) if found_ and found_.records else None
    if name in ("bytes", "egress"):
        prefix, suffix = ("files", "bytes.y3") if name == "bytes" else ("egress.files", "month")
        keys = [f"{prefix}.{n}.{suffix}" for n in bound]
        known = [k for k in keys if any(f.key == k for f in draft.ledger.figures)]
        return sum(draft.figure(k) for k in known) if known else None
    if name == "rows":
        keys = [f"storage.{e.name}.rows.y3" for e in entities]
        known = [k for k in keys if any(f.key == k for f in draft.ledger.figures)]
        return sum(draft.figure(k) for k in known) if known else None
    if name == "per_day":
        if entities:
            return float(sum(e.growth_per_day for e in entities))
        return sum(use_case_rate(req, u).avg * c.SECONDS_PER_DAY for u in cases) if cases else None
    if name == "rate":
        return sum(use_case_rate(req, u).peak_y3 for u in cases) if cases else None
    if name in ("members", "monthly"):
        actors = [u.actor for u in cases if u.actor]
        roles = list(dict.fromkeys(n for n in [*bound, *actors] if n in slugs))
        if not roles:
            return None
        members = sum(draft.figure(f"roles.{slugs[n]}.active", 0.0) for n in roles)
        if name == "members":
            return members
        monthly = members / c.DAU_PER_MAU.value
        return min(monthly, float(req.users.registered)) if req.users.registered else monthly
    if name == "accounts":
        return float(req.users.registered or req.users.daily_active / c.DAU_PER_MAU.value)
    if name == "growth":
        return growth(req, int(arg or "1"))
    if name == "param":
        return parameter(draft, found, arg)
    if name == "number":
        return draft.figure(arg, 0.0) if any(f.key == arg for f in draft.ledger.figures) else None
    if name == "answer":
        answer: object = req
        for part in arg.split("."):
            answer = getattr(answer, part, None)
        return float(answer) if isinstance(answer, int | float) and not isinstance(answer, bool) else None
    return None
