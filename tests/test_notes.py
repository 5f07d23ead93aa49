"""Marked notes blocks: found only when both markers enclose them, carried by name, never lost silently."""

from __future__ import annotations

from archgen.write import notes

PAGE = "# Title\n\ntext\n\n" + notes.block() + "\nmore\n\n" + notes.block("risks")


def fill(text: str, name: str, body: str) -> str:
    suffix = f":{name}" if name else ""
    end = f"<!-- archgen:notes:end{suffix} -->"
    return text.replace(end, body + end, 1)


def test_blocks_are_found_by_name_and_stripped() -> None:
    filled = fill(fill(PAGE, "", "a note\n"), "risks", "risk note\n")
    assert notes.bodies(filled) == {"": ["a note\n"], "risks": ["risk note\n"]}
    assert notes.strip(filled) == PAGE


def test_carry_moves_each_block_into_the_new_page() -> None:
    own = fill(fill(PAGE, "", "a note\n"), "risks", "risk note\n")
    rendered = PAGE.replace("text", "new text")
    carried = notes.carry(own, rendered)
    assert notes.strip(carried) == rendered
    assert notes.bodies(carried) == notes.bodies(own)


def test_an_unterminated_block_is_plain_text() -> None:
    broken = "x\n<!-- archgen:notes:start -->\nmine\n"
    assert notes.strip(broken) == broken and notes.bodies(broken) == {}


def test_orphaned_lists_notes_that_would_have_nowhere_to_go() -> None:
    own = fill(PAGE, "risks", "risk note\n")
    assert notes.orphaned(own, PAGE) == []
    assert notes.orphaned(own, "# Title\n\n" + notes.block()) == ["risks"]
    assert notes.orphaned(PAGE, "no blocks") == []  # empty blocks lose nothing
