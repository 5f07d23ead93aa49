"""The Design model (the intermediate representation), its cross-checks and its file format."""
