"""User text reaches Markdown, YAML and code spans literally, whatever it contains."""

from __future__ import annotations

import markdown
import pytest

from archgen.render.environment import cell, code, environment, md, yaml_scalar

HOSTILE = [
    "<script>alert(1)</script>",
    "{{ 7*7 }} {% raw %}",
    "[click](javascript:alert(1))",
    "a | b | c",
    "*bold* _it_ `code` # not a heading",
    "- not a list\n1. nor this\n===",
    "R&D &amp; <b>",
]


def rendered(text: str) -> str:
    return markdown.markdown(text, extensions=["tables"])


@pytest.mark.parametrize("text", HOSTILE)
def test_markdown_shows_user_text_literally(text: str) -> None:
    html = rendered(str(md(text)))
    assert "<script" not in html and "<a " not in html and "<b>" not in html and "<h" not in html
    assert "<li>" not in html and "<em>" not in html and "<code>" not in html
    # the visible text is the original, character for character (modulo line breaks)
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []

        def handle_data(self, data: str) -> None:
            self.parts.append(data)

    parser = Text()
    parser.feed(html)
    assert " ".join("".join(parser.parts).split()) == " ".join(text.split())


def test_table_cells_keep_pipes_inside_the_cell() -> None:
    html = rendered(f"| a | b |\n|---|---|\n| {cell('x | y')} | z |")
    assert "<td>x | y</td>" in html


def test_code_spans_survive_backticks() -> None:
    assert rendered(str(code("a `b` c"))) == "<p><code>a `b` c</code></p>"
    assert rendered(str(code("<b>"))) == "<p><code>&lt;b&gt;</code></p>"


def test_yaml_scalars_are_quoted() -> None:
    assert str(yaml_scalar('x: "y"\n- z')) == '"x: \\"y\\"\\n- z"'


def test_english_filters_write_counts_articles_and_lists() -> None:
    env = environment()
    page = env.from_string(
        "{{ items | count('open question') }}; {{ one | count('open question') }}; {{ 1200 | count('request') }}; "
        "{{ 2 | count('team', words=true) }}; {{ items | count }}; {{ 'entity' | plural(items) }}; "
        "{{ 'AccessLog' | a }}; {{ '$800' | a }} budget; {{ ('[user](u.md)' | raw) | a }}; {{ 'hour' | article }}; "
        "{{ names | join_and }}; {{ names | join_and('or') }}; {{ 2 | ordinal }}; {{ 3 | number_word }}"
    )
    text = page.render(items=[1, 2, 3], one=["x"], names=["a_b", "c", "d|e"])
    assert text == (
        "3 open questions; 1 open question; 1,200 requests; two teams; 3; entities; an AccessLog; an $800 budget; "
        "a [user](u.md); an; a\\_b, c and d\\|e; a\\_b, c or d\\|e; second; three"
    )
