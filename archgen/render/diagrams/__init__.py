"""Diagrams: DOT sources built from the Design, drawn by Graphviz into self-contained, deterministic SVG."""

from archgen.render.diagrams.render import Diagram, render_diagrams

__all__ = ["Diagram", "render_diagrams"]
