"""Design review: rules that check any design against its requirements, producing findings."""

from archgen.review.engine import Finding, review

__all__ = ["Finding", "review"]
