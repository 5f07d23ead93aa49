"""What several elements share is said once: shared sentences, grouped rows, named formulas, columns of copies."""

from __future__ import annotations

from dataclasses import dataclass

from archgen.render.shared import (
    clauses,
    formula_names,
    grouped,
    own_clauses,
    own_text,
    same_for_all,
    shared_clauses,
    shared_sentences,
)

LOCK = "Each run takes a lock, so two runs never overlap."


def test_a_sentence_every_element_says_is_said_once_and_each_keeps_only_its_own() -> None:
    texts = [f"Sends reminders. {LOCK}", f"Deletes old rows. {LOCK} It works in small batches.", "Exports. " + LOCK]
    shared = shared_sentences(["a", "b", "c"], texts)
    assert [(s.text, s.names, s.every) for s in shared] == [(LOCK, ("a", "b", "c"), True)]
    assert [own_text(t, shared) for t in texts] == [
        "Sends reminders.",
        "Deletes old rows. It works in small batches.",
        "Exports.",
    ]


def test_sentences_some_elements_share_name_those_elements_together() -> None:
    texts = [
        "One. Small batches keep the store serving. Held records stay.",
        "Two.",
        "Three. Held records stay. Small batches keep the store serving.",
    ]
    shared = shared_sentences(["a", "b", "c"], texts)
    assert [(s.sentences, s.names, s.every) for s in shared] == [
        (("Small batches keep the store serving.", "Held records stay."), ("a", "c"), False)
    ]


SCOPE = (
    "support_agent reads {} only of records in their assignment (the people they serve, the case they handle): a "
    "live grant names the record"
)


def test_a_long_clause_three_rows_repeat_is_one_note_whatever_the_pronoun() -> None:
    rows = [
        ["encrypted at rest", f"email returned only to the person; {SCOPE.format('it')}"],
        ["encrypted at rest", f"phone and email returned only to the person; {SCOPE.format('them')}"],
        [f"notes returned only to staff; {SCOPE.format('them')}; kept 30 days (or erased; backups replay it)"],
        ["encrypted at rest"],
    ]
    notes = shared_clauses(rows)
    assert notes == [SCOPE.format("them")]  # the short clause every row repeats reads better in place
    assert own_clauses(rows[0], notes) == ["encrypted at rest", "email returned only to the person", "see note 1"]
    assert own_clauses(rows[2], notes)[-1] == "kept 30 days (or erased; backups replay it)"
    assert shared_clauses(rows[:2]) == []  # two rows keep the clause where it is


def test_clauses_split_at_semicolons_outside_brackets() -> None:
    assert clauses(["a; b (c; d); e", "f"]) == ["a", "b (c; d)", "e", "f"]


@dataclass(frozen=True)
class Row:
    component: str
    kind: str
    mitigation: str
    blast_radius: str


def test_rows_that_differ_only_by_the_element_they_name_become_one_row() -> None:
    rows = [
        Row("job a", "job", "rerun it", "what it writes (Hold) is late; requests are not affected"),
        Row("job b", "job", "rerun it", "its output is late; requests are not affected"),
        Row("job c", "job", "rerun it", "its output is late; requests are not affected"),
        Row("db", "store", "fail over", "writes fail"),
    ]
    groups = grouped(rows, "component", ["kind", "mitigation"], own="blast_radius")
    assert [g.names for g in groups] == [("job a", "job b", "job c"), ("db",)]
    assert groups[0].differing == (("job a", "what it writes (Hold) is late"), ("job b, job c", "its output is late"))
    assert groups[0].ending == "requests are not affected"
    assert groups[1].differing == () and groups[1].row.blast_radius == "writes fail"


def test_a_long_formula_several_figures_use_gets_a_name_and_a_short_or_single_one_does_not() -> None:
    long = "records + growth_per_day × 365 × Σ(1 + growth)^k"
    names = formula_names([long, "rows × record_bytes", long, "rows × record_bytes", "a + b + c + d + e + f"])
    assert names == {long: "F1"}


def test_a_column_every_row_repeats_is_found_and_one_that_differs_or_stands_alone_is_not() -> None:
    rows = [Row("a", "job", "rerun it", "x"), Row("b", "job", "rerun it", "y")]
    assert same_for_all(rows, "mitigation") == "rerun it"
    assert same_for_all(rows, "blast_radius") is None
    assert same_for_all(rows[:1], "mitigation") is None
