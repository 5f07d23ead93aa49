"""The write stage: files put on disk atomically, people's notes and edits kept, runs with nothing to do."""
