"""Compliance claims the design backs: every control speaks of elements the design holds, the pages tell one story
of the keys, a card scope covers every channel cards come through, and the law's retention is named where it
applies (archgen/design/backing.py, key_story.py and card_channels.py decide, for the rules architect too)."""

from __future__ import annotations

from archgen.common.english import join
from archgen.design.backing import unbacked
from archgen.design.card_channels import card_channels
from archgen.design.key_story import claimed, design_texts
from archgen.knowledge.backing import backing
from archgen.knowledge.compliance import hold
from archgen.review.engine import Found, Problem, Subject, rule

OPEN = "not yet designed"  # a control that says what it lacks and points at its question claims nothing


@rule("SEC077", "error", "security", "Compliance claim about an element the design lacks")
def claim_without_element(subject: Subject) -> Found:
    """A compliance control says the system does something through an element the design does not have: content
    can be marked as made for children with no such field, anyone may send a notice with no operation open to
    them, a statement of reasons with no record of one, a phone's secure element with no mobile app. An auditor
    tests the sentence and finds nothing behind it. Add the element, or turn the control into an open question
    that names what is missing."""
    for i, control in enumerate(subject.design.security.controls):
        if control.measure.lower().startswith(OPEN):
            continue
        for _, carrier in unbacked(control.measure, subject.design):
            yield Problem(
                element=f"{control.regime} {control.requirement.split(':')[0]}",
                at=("security", "controls", i, "measure"),
                message=f"claims what needs {carrier.says}, which the design lacks",
                fix="add the element (a field, record, operation or app) that carries the obligation, or state the "
                "control as an open question that names what is missing",
            )


@rule("SEC078", "error", "security", "Key management told differently on different pages")
def keys_told_twice(subject: Subject) -> Found:
    """The pages disagree on which keys encrypt stored data: the security page says only the platform's keys are
    used while a decision, a job or the data page relies on a data key per tenant or per person (to destroy a
    leaving tenant's data, to crypto-shred a person's fields), or a tenant's data key is relied on elsewhere and
    encryption at rest never names it. A deletion certificate then has nothing behind it. Choose one key hierarchy
    and state it the same way everywhere."""
    said = claimed(design_texts(subject.design))
    own = said["tenant"] + said["person"]
    if said["platform_only"] and own:
        yield Problem(
            element="security",
            at=("security", "at_rest"),
            message=f"{join(said['platform_only'])} says only the platform's keys are used, while {join(own)} "
            "relies on data keys of the design's own",
            fix="decide the key hierarchy (platform keys, a data key per tenant, a key per person) from what the "
            "design promises, and state it on the security page, the data page and every decision",
        )
    elif said["tenant"] and not claimed([("at rest", subject.design.security.at_rest)])["tenant"]:
        yield Problem(
            element="security",
            at=("security", "at_rest"),
            message=f"{join(said['tenant'])} relies on a data key per tenant that the security page's encryption at "
            "rest never names",
            fix="say at rest that each tenant's data is encrypted with its own data key in the key service, and "
            "what destroys it",
        )


@rule("SEC079", "error", "security", "Card scope that leaves out a payment channel")
def card_scope_misses_a_channel(subject: Subject) -> Found:
    """The PCI DSS scope is claimed for one way of taking cards (hosted fields on the web, SAQ A) while the
    questionnaire takes cards another way too: staff keying phone orders, a terminal at a desk, partners whose
    payloads may carry cards, other businesses charging through the system (a service provider). Each of those
    is in a wider scope unless something keeps it out. State each channel's scope and what keeps it there."""
    controls = [(i, c) for i, c in enumerate(subject.design.security.controls) if c.regime.lower() == "pci-dss"]
    scoped = [(i, c) for i, c in controls if "saq" in c.measure.lower()]
    if not scoped:
        return
    text = " ".join(c.measure.lower() for _, c in controls)
    know = backing().card_channels
    for channel in card_channels(subject.req):
        if any(w in text for w in know[channel.kind].said):
            continue
        yield Problem(
            element=f"{channel.kind} card channel",
            at=("security", "controls", scoped[0][0], "measure"),
            message=f"states a card scope that ignores the {channel.kind} channel the design has "
            f"({join([*channel.partners, *channel.cases])})",
            fix="say which scope that channel is in and what keeps it there (a P2PE terminal, the provider's "
            "virtual terminal, tokens from the partner's vault, a service provider's assessment)",
        )


@rule("DAT103", "error", "data", "No legal retention while the design keeps records the law keeps")
def none_kept_by_law(subject: Subject) -> Found:
    """The design says the law makes it keep no records, yet it keeps records a named regime or tax law holds for
    years (invoices, payments, clinical records): an erasure request would delete them, and an audit would find
    them gone. Name each such record with its period and restrict rather than delete it on request."""
    phrases = backing().none_kept
    held = [
        e.name
        for e in subject.design.entities
        if hold(subject.req.compliance.regimes, e.name, [f.name for f in e.fields])
    ]
    if not held:
        return
    for i, control in enumerate(subject.design.security.controls):
        if any(p in control.measure.lower() for p in phrases):
            yield Problem(
                element=f"{control.regime} {control.requirement.split(':')[0]}",
                at=("security", "controls", i, "measure"),
                message=f"says the law makes the system keep nothing, but it keeps {join(held)}, which the law holds",
                fix="name those records with the period and the law that keeps them; an erasure restricts and "
                "pseudonymises them until then",
            )
