"""How phone notifications are grouped and capped per recipient (archgen/knowledge/push_grouping.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class PushGrouping(BaseModel):
    """push_grouping.yaml: the grouping window, the per-recipient cap and the words that say them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    window_seconds: int
    per_recipient_per_hour: int
    grouping_words: tuple[str, ...]
    rate_limit_words: tuple[str, ...]
    unpushed_endings: tuple[str, ...]

    def grouped(self, text: str) -> bool:
        """Whether a channel's delivery says its notifications are grouped in a window."""
        return any(w in text.lower() for w in self.grouping_words)

    def capped(self, text: str) -> bool:
        """Whether a channel's delivery says what one recipient receives at most."""
        return any(w in text.lower() for w in self.rate_limit_words)

    def unpushed(self, event: str) -> bool:
        """Whether an event's name announces a removal, a hide or an edit (FollowDeleted, CommentUpdated)."""
        return event.strip().endswith(self.unpushed_endings)


@functools.cache
def push_grouping() -> PushGrouping:
    """The shipped push-grouping knowledge."""
    return shipped("push_grouping.yaml", PushGrouping)
