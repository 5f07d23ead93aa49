"""Helpers every stage shares: English and names for prose, numbers, YAML in and out, errors, progress."""
