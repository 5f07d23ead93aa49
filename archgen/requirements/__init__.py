"""The requirements questionnaire: its model, its loader and its cross-checks."""

from archgen.requirements.load import Loaded, load_requirements
from archgen.requirements.model import Entity, Requirements
from archgen.requirements.resolve import Assumption

__all__ = ["Assumption", "Entity", "Loaded", "Requirements", "load_requirements"]
