"""What the client applications download: the bytes a web app's visits take from the CDN a month, from the members
of the roles it serves (sizes in archgen/knowledge/clients.yaml)."""

from __future__ import annotations

from archgen.capacity import constants as c
from archgen.capacity.ledger import Ledger
from archgen.capacity.load import ledger_value, role_slugs
from archgen.common.naming import unique_slugs
from archgen.design import model as m
from archgen.knowledge.clients import clients
from archgen.requirements.model import Requirements


def client_keys(design: m.Design) -> dict[str, str]:
    """The ledger key of each client application, by name."""
    slugs = unique_slugs((client.name for client in design.clients), "client")
    return {name: f"clients.{slug}" for name, slug in slugs.items()}


def client_figures(design: m.Design, req: Requirements, ledger: Ledger) -> None:
    """Bytes a month each CDN-served client sends its members (a first visit's bundle, most visits cached; a
    member who also has the mobile app makes part of the visits there)."""
    known = clients()
    slugs = role_slugs(req)
    keys = client_keys(design)
    in_app = {r for client in design.clients if client.delivery == "mobile" for r in client.roles}
    for client in design.clients:
        if "cdn" not in known.deliveries[client.delivery].costs:
            continue
        roles = [r for r in client.roles if r in slugs]
        members = sum(ledger_value(ledger, f"roles.{slugs[r]}.active") for r in roles if r not in in_app)
        both = sum(ledger_value(ledger, f"roles.{slugs[r]}.active") for r in roles if r in in_app)
        ledger.add(
            f"{keys[client.name]}.egress.month",
            "Bandwidth",
            f"{client.name} files served a month",
            (members + both * (1 - known.app_share))
            * known.visits_per_day
            * (1 - known.cached_share)
            * known.bundle_kb
            * 1_000
            * c.DAYS_PER_MONTH,
            "bytes/month",
            "(members active a day + those with the app too × (1 − app_share)) × visits a day × (1 − share cached) "
            "× bundle KB × 1,000 × 30.4 days",
            ("members", members, "members"),
            ("with_app", both, "members"),
            ("app_share", known.app_share, "ratio"),
            ("visits_per_day", known.visits_per_day, "visits"),
            ("cached_share", known.cached_share, "ratio"),
            ("bundle_kb", known.bundle_kb, "KB"),
            expr="(members + with_app * (1 - app_share)) * visits_per_day * (1 - cached_share) * bundle_kb * 1000 "
            "* 30.4",
        )
