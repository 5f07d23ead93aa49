"""Recognise the shape of the system: which workload patterns of the catalog apply, and fill in their text."""

from __future__ import annotations

from archgen.architects.rules.draft import Draft
from archgen.capacity.load import role_slugs, use_case_keys
from archgen.formatting import bytes_, count, number, quantity
from archgen.knowledge.patterns import Match, fill, load_patterns, match
from archgen.naming import slug


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
        return None

    def filled(name: str, arg: str) -> str:
        result = value(name, arg)
        return result if result is not None else "{" + name + (":" + arg if arg else "") + "}"

    return fill(template, found, filled)
