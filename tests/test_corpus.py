"""Broken questionnaires, one per kind of failure: each gets its exact message, exit code 2, and nothing written.

The expected messages live beside each file in tests/corpus/<name>.expected; refresh them after an intended change
with `.venv/bin/python scripts/refresh-golden` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.golden import CORPUS, CORPUS_CASES, run_corpus_case


@pytest.mark.parametrize("name", CORPUS_CASES)
def test_broken_questionnaire_gets_its_exact_message(name: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run_corpus_case(name, out)
    expected = (CORPUS / f"{name}.expected").read_text("utf-8")
    assert result.stderr == expected, "run scripts/refresh-golden if the new message is intended"
    assert result.exit_code == 2 and result.stdout == ""
    # every problem is one line that names the file (and the line, when the file has one)
    assert all(line.startswith(f"error: {name}.yaml") for line in result.stderr.splitlines())
    assert not out.exists()


def test_every_case_has_an_expected_message_and_every_message_a_case() -> None:
    expected = sorted(p.stem for p in CORPUS.glob("*.expected"))
    assert expected == CORPUS_CASES
