"""The review rules, one module per area; importing this package registers them all."""

from archgen.review.rules import (
    api,
    availability,
    capacity,
    claims,
    consistency,
    cost,
    data,
    engines,
    flows,
    operations,
    prose,
    questions,
    security,
    subjects,
    topology,
    usecases,
)

__all__ = [
    "api",
    "availability",
    "capacity",
    "claims",
    "consistency",
    "cost",
    "data",
    "engines",
    "flows",
    "operations",
    "prose",
    "questions",
    "security",
    "subjects",
    "topology",
    "usecases",
]
