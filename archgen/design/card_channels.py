"""The channels a system takes cards through, read from its questionnaire (archgen/knowledge/backing.yaml): people
paying on the web, staff taking cards by phone or at a desk, partners sending sales the system takes payment for,
other businesses charging through it. The security page states each channel's PCI DSS scope; the review checks a
scope claim covers every one."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.capacity.load import actor_kind, actor_role
from archgen.common import english
from archgen.design.paying import charging_cases, paying_cases, payment_providers
from archgen.knowledge.backing import ChannelKind, backing
from archgen.requirements import personal
from archgen.requirements.intent import words
from archgen.requirements.model import Requirements
from archgen.requirements.personal import name_words


@dataclass(frozen=True)
class Channel:
    """One way cards reach the system, with the use cases and partners that take it."""

    kind: ChannelKind
    cases: tuple[str, ...]
    partners: tuple[str, ...] = ()
    actors: tuple[str, ...] = ()


def card_channels(req: Requirements) -> list[Channel]:
    """The card channels the questionnaire implies, in the order the security page states them."""
    whole = backing()
    know = whole.card_channels
    providers = set(payment_providers(req))
    paying = [u for u in req.use_cases if u.name in paying_cases(req) and _takes_card(u.name, u.writes)]
    staff = [u for u in paying if (r := actor_role(req, u)) is not None and r.internal]
    web = [u.name for u in paying if u not in staff]
    said = {u.name: set(words(f"{u.name} {u.description or ''} {u.actor or ''}".replace("_", " "))) for u in staff}
    desk = [u.name for u in staff if said[u.name] & set(know["desk"].words)]
    phone = [u.name for u in staff if said[u.name] & set(know["phone"].words) or u.name not in desk]
    sold = {
        n for u in paying for n in u.writes if not set(name_words(n)) & set(whole.money) and not personal.is_person(n)
    }
    partners = [
        u
        for u in req.use_cases
        if u.interaction == "webhook"
        and u.actor not in providers
        and actor_kind(req, u) == "integration"
        and set(u.writes) & sold
    ]
    others = [
        u
        for u in req.use_cases
        if u.name in charging_cases(req) and (r := actor_role(req, u)) is not None and r.kind == "service"
    ]
    out = [
        Channel("web", tuple(web)) if web else None,
        Channel("phone", tuple(phone)) if phone else None,
        Channel("desk", tuple(desk)) if desk else None,
        Channel("partner", tuple(u.name for u in partners), tuple(dict.fromkeys(u.actor or "" for u in partners)))
        if partners
        else None,
        Channel("provider", tuple(u.name for u in others), actors=tuple(dict.fromkeys(u.actor or "" for u in others)))
        if others
        else None,
    ]
    return [c for c in out if c is not None]


def _takes_card(name: str, writes: list[str]) -> bool:
    """A paying use case takes a card when it says so, writes a payment, or pays for a sale (writes no record of
    money at all); one that only answers about money (a dispute) does not."""
    know = backing()
    lasts = {name_words(n)[-1] for n in writes if name_words(n)}
    return bool(set(words(name)) & set(know.taken) or lasts & set(know.taken) or not lasts & set(know.money))


def scope(req: Requirements) -> str:
    """Each channel's scope and what keeps it there, as one measure; "" when no channel takes cards."""
    know = backing().card_channels
    providers = english.join(payment_providers(req))
    return "; ".join(
        " ".join(
            know[c.kind]
            .scope.format(
                cases=english.join(c.cases),
                providers=providers,
                partners=english.join(c.partners),
                actors=english.join(c.actors),
            )
            .split()
        )
        for c in card_channels(req)
    )
