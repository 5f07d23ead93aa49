"""Diagrams: DOT sources built from the Design, rendered to self-contained, deterministic SVG by Graphviz."""

from archgen.render.diagrams.render import Diagram, render_diagrams

__all__ = ["Diagram", "render_diagrams"]
