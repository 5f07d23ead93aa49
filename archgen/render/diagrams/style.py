"""The diagrams' look in one place: font, colours (each fill paired with a text colour that reads on it), sizes.

Every picture has a white background of its own, and the site shows it on a white panel, so the same colours work
in Material's light and dark palettes. Each fill/text pair keeps at least WCAG AA contrast (4.5:1).
"""

from __future__ import annotations

from dataclasses import dataclass

FONT = "Helvetica"
PAPER = "white"
INK = "#212121"  # text on white or light fills
MUTED = "#4f4f4f"  # secondary text (types, technology) on white or light fills
LINE = "#5f6b73"  # edges and lifelines
BORDER = "#78909c"  # outlines of groups
LIFELINE = "#9e9e9e"  # a sequence diagram's lifelines (drawn, not read)
ASYNC = "#7b1fa2"  # asynchronous messages, told apart from calls by colour as well as by dashes


@dataclass(frozen=True)
class Tone:
    """A fill and the text colour drawn on it."""

    fill: str
    text: str


PERSON = Tone("#08427b", "white")
SYSTEM = Tone("#1168bd", "white")
CONTAINER = Tone("#1565c0", "white")
EXTERNAL = Tone("#5f6368", "white")
ENTITY = Tone("#3949ab", "white")  # an ER table's title row
STUB = Tone("#eceff1", INK)  # something drawn in full in another picture
GROUP = Tone("#f4f7fb", INK)  # a domain, a region or a platform around its members
ZONE = Tone("#ffffff", INK)

# Sequence diagram participants, told apart by a light fill (text stays dark).
ACTOR = Tone("#fff3e0", INK)
EDGE = Tone("#eceff1", INK)
SERVICE = Tone("#e3f2fd", INK)
DATA = Tone("#e8f5e9", INK)
OUTSIDE = Tone("#f3e5f5", INK)

TONES = (PERSON, SYSTEM, CONTAINER, EXTERNAL, ENTITY, STUB, GROUP, ZONE, ACTOR, EDGE, SERVICE, DATA, OUTSIDE)
