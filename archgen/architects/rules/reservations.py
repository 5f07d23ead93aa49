"""One timer per reservation: a record made from a hold while its payment runs keeps the hold's expiry instead of
starting a timer of its own, so hold and payment together never keep the units longer than the hold's length
(the words: archgen/knowledge/reservations.yaml)."""

from __future__ import annotations

import re

from archgen.architects.rules.draft import Draft
from archgen.design.invariants import consumptions, expiry_field
from archgen.knowledge.money import awaits_payment
from archgen.knowledge.reservations import reservation_words


def plan_reservation_timers(draft: Draft) -> None:
    """Make the payment timer of each record that consumes a hold the hold's own expiry."""
    words = reservation_words()
    fresh = re.compile(rf"^a timer: [^;]*{words.fresh_timer}[^;]*; what the record holds is released")
    for found in consumptions(draft.entities):
        machine, expiry = found.entity.state_machine, expiry_field(found.hold)
        if machine is None or expiry is None:
            continue
        said = words.inherited_timer.format(hold=found.hold.name, expiry=expiry.name, entity=found.entity.name)
        for move in machine.transitions:
            if any(awaits_payment(found.entity.name, s) for s in move.source) and fresh.search(move.guard):
                move.guard = fresh.sub(said, move.guard)
