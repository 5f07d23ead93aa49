"""Payments that may wait for the payer's own action (3-D Secure, strong customer authentication): the answer that
starts one must hand the payer's client what the provider needs it to do, or the payment can never complete."""

from __future__ import annotations

from archgen.design.paying import charging_cases
from archgen.knowledge.contracts import Contract, contracts
from archgen.requirements.model import Requirements, UseCase


def payer_acts(req: Requirements, use_case: UseCase) -> Contract | None:
    """The provider contract whose payer action the use case's answer must carry: a use case that takes money in
    through a provider with one, where its words or the questionnaire's (PSD2, 3-D Secure) say the payer may
    have to act; None otherwise."""
    if use_case.name not in charging_cases(req):
        return None
    known = contracts()
    said = " ".join([use_case.name, use_case.description or "", req.system.summary, *req.compliance.regimes])
    if not known.payer_acts(said):
        return None
    kinds = {i.name: f"{i.name} {i.kind or ''}" for i in req.integrations}
    found = (known.of(kinds.get(c, c)) for c in use_case.calls)
    return next((c for c in found if c is not None and c.payer_action is not None), None)
