"""How a derived store is fed: the words that say change data capture does it (archgen/knowledge/derived_feeds.yaml)."""

from __future__ import annotations

import functools

from pydantic import BaseModel, ConfigDict

from archgen.knowledge.shipped import shipped


class DerivedFeeds(BaseModel):
    """derived_feeds.yaml: the words of a change data capture feed and of an upload sent as one message."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    capture_words: tuple[str, ...]
    upload_words: tuple[str, ...]

    def captured(self, text: str) -> bool:
        """Whether a flow step's message says the database's log feeds its target."""
        return any(w in text.lower() for w in self.capture_words)

    def uploaded(self, trigger: str) -> bool:
        """Whether an event's trigger says an upload's records travel as one message."""
        return any(w in trigger.lower() for w in self.upload_words)


@functools.cache
def derived_feeds() -> DerivedFeeds:
    """The shipped derived-feeds knowledge."""
    return shipped("derived_feeds.yaml", DerivedFeeds)
