"""The prose sweep: checks the Markdown pages of a generated design site for sentences that give a generator away.

Rules (each finding names the page, the line, the rule and the quoted text):

- `one-plural`: a count of 1 with a plural noun ("1 instances", "1 days").
- `article`: "a" before a vowel sound or "an" before a consonant sound ("a AccessLog", "an UUID").
- `maybe-plural`: "(s)" where the count decides the number ("3 domain(s)").
- `repeated-words`: the same five words twice in one paragraph, list item or table cell.
- `named-twice`: a sentence that names the same thing twice: a term of two or more capitalised words, or a
  phrase of three or more words, twice in one sentence ("OpenID Connect via an OpenID Connect identity provider").
- `empty-table`: a table header with no rows under it.
- `empty-section`: a heading followed directly by a heading of the same or a higher level, or by nothing.

Only prose is read: front matter, fenced code, code spans, link targets, attribute lists, HTML tags and comments
are left out, and Markdown escapes are undone first, so Markdown syntax and code identifiers raise nothing.
The test suite imports it, and so can a script run from the repository's root (with the root on `sys.path`).
"""

from __future__ import annotations

import bisect
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from archgen.common import english

RULES = {
    "one-plural": "a count of 1 with a plural noun",
    "article": "'a' before a vowel sound or 'an' before a consonant sound",
    "maybe-plural": "'(s)' instead of the number the count calls for",
    "repeated-words": "the same five words twice in one paragraph",
    "named-twice": "a sentence that names the same thing twice",
    "empty-table": "a table header without rows",
    "empty-section": "a heading with nothing under it",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem in one page's prose."""

    page: str
    line: int
    rule: str
    text: str

    def __str__(self) -> str:
        return f"{self.page}:{self.line}: {self.rule}: {self.text}"


def sweep(pages: Mapping[str, str]) -> list[Finding]:
    """Every finding in `pages` ({page path: Markdown}), sorted by page and line."""
    return sorted(finding for page, text in pages.items() for finding in sweep_page(page, text))


def site_pages(files: Mapping[str, bytes]) -> dict[str, str]:
    """The Markdown pages (docs/**/*.md) of a rendered site's files ({path: content})."""
    return {
        name: content.decode("utf-8")
        for name, content in files.items()
        if name.startswith("docs/") and name.endswith(".md")
    }


def sweep_page(page: str, text: str) -> list[Finding]:
    """Every finding in one page's Markdown."""
    document = _parse(text)
    findings = [Finding(page, line, rule, _quote(text)) for line, rule, text in _structure(document)]
    for unit in document.units:
        findings += [Finding(page, unit.line_at(at), rule, _quote(text)) for at, rule, text in _check_unit(unit.text)]
    return sorted(set(findings))


def _quote(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- reading the Markdown ------------------------------------------------------------------------------------

_FENCE = re.compile(r"^(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
_LIST_ITEM = re.compile(r"^(?:[-*+]|\d+\.)\s+(?:\[[ xX]\]\s+)?")
_ADMONITION = re.compile(r"^(?:!!!|\?\?\?\+?)\s+[\w-]+(?:\s+\"(.*)\")?\s*$")
_HTML_LINE = re.compile(r"^</?[A-Za-z][^>]*>")
_COMMENT = re.compile(r"<!--.*?-->")
_CODE_SPAN = re.compile(r"(?<![`\\])(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")
_ATTRIBUTES = re.compile(r"(?<!\\)\{[^{}]*[#=.][^{}]*\}")
_LEAD_IN = re.compile(r"^\*\*([^*]+)\*\*\s*(?:[:—–]\s*)?(?=\S)")
_BREAK = re.compile(r"<br\s*/?>", flags=re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_EMPHASIS = re.compile(r"(?<!\\)(?:\*+|(?<![\w\\])_+|_+(?!\w))")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>=~])")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
# a code span becomes one opaque word: CODE followed by letters that are the same for the same code
CODE = "\ue000"


@dataclass
class _Unit:
    """A piece of prose read as a whole: a paragraph, a list item, a table cell, a heading or a caption."""

    pieces: list[tuple[int, int]] = field(default_factory=list)  # (offset in text, line number)
    text: str = ""

    def add(self, line: int, text: str) -> None:
        if self.text:
            self.text += " "
        self.pieces.append((len(self.text), line))
        self.text += text

    def line_at(self, offset: int) -> int:
        return max((line for start, line in self.pieces if start <= offset), default=self.pieces[0][1])


@dataclass
class _Document:
    units: list[_Unit] = field(default_factory=list)
    headings: list[tuple[int, int, str]] = field(default_factory=list)  # (line, level, text)
    content: list[int] = field(default_factory=list)  # lines with anything but headings on them
    tables: list[list[Any]] = field(default_factory=list)  # [header line, header text, rows]


def _parse(text: str) -> _Document:
    document = _Document()
    codes: dict[str, str] = {}
    paragraph: _Unit | None = None
    lines = text.splitlines()
    index = _front_matter_end(lines)
    in_fence = in_comment = False
    header: tuple[int, str] | None = None  # a row that a separator row would make a table's header
    table: list[Any] | None = None  # [header line, header text, rows] of the table being read

    def close() -> None:
        nonlocal paragraph
        if paragraph is not None and paragraph.text.strip():
            document.units.append(paragraph)
        paragraph = None

    while index < len(lines):
        number, raw = index + 1, lines[index]
        index += 1
        line = raw.strip()
        if in_fence:
            in_fence = not _FENCE.match(line)
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        if _FENCE.match(line):
            close()
            in_fence = True
            document.content.append(number)
            continue
        line = _COMMENT.sub("", line).strip()
        if "<!--" in line:
            in_comment, line = True, line.split("<!--", 1)[0].strip()
        if not line.startswith("|"):
            header = table = None
        if not line:
            close()
            continue
        heading = _HEADING.match(line)
        if heading and not raw.startswith((" ", "\t")):
            close()
            title = _inline(heading[2], codes)
            document.headings.append((number, len(heading[1]), title))
            document.units.append(_one(number, title))
            continue
        document.content.append(number)
        if line.startswith("|"):
            close()
            if _TABLE_SEPARATOR.match(line):
                if header is not None:
                    document.tables.append([*header, 0])
                    table = document.tables[-1]
                header = None
                continue
            if table is not None:
                table[2] += 1
            else:
                header = (number, line)
            for cell in _CELL_SPLIT.split(_code_spans(line, codes).strip().strip("|")):
                prose = _inline(cell, codes, spans_done=True)
                if prose:
                    document.units.append(_one(number, prose))
            continue
        admonition = _ADMONITION.match(line)
        if admonition:
            close()
            if admonition[1]:
                document.units.append(_one(number, _inline(admonition[1], codes)))
            continue
        item = _LIST_ITEM.match(line)
        if item or _HTML_LINE.match(line) or line.startswith(("[![", "![")):
            close()
            paragraph = _Unit()
            paragraph.add(number, _inline(line[item.end() :] if item else line, codes))
            if not item:
                close()  # an HTML line or an image stands alone
            continue
        if paragraph is None:
            paragraph = _Unit()
        paragraph.add(number, _inline(line, codes))
    close()
    return document


def _front_matter_end(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def _one(line: int, text: str) -> _Unit:
    unit = _Unit()
    unit.add(line, text)
    return unit


def _code_spans(text: str, codes: dict[str, str]) -> str:
    def opaque(match: re.Match[str]) -> str:
        content = match[2].strip()
        return f" {CODE}{codes.setdefault(content, _letters(len(codes)))} "

    return _CODE_SPAN.sub(opaque, text)


def _letters(n: int) -> str:
    """A name made of letters for the n-th distinct code span (digits would read as numbers: "1 gives")."""
    name = ""
    while True:
        n, digit = divmod(n, 26)
        name = chr(ord("a") + digit) + name
        if not n:
            return name


def _inline(text: str, codes: dict[str, str], spans_done: bool = False) -> str:
    """The prose of one line of Markdown: what a reader sees, with code spans as opaque words."""
    text = text.strip()
    if not spans_done:
        text = _code_spans(text, codes)
    previous = None
    while previous != text:  # an image inside a link: [![alt](image)](target)
        previous, text = text, _LINK.sub(r"\1", text)
    text = _ATTRIBUTES.sub("", text)
    text = _LEAD_IN.sub(r"\1\n", text)  # "**Title**: text" and "**Title** — text": the title is a sentence of its own
    text = _BREAK.sub(" \n ", text)  # a line break inside a cell ends a sentence
    text = _TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    return re.sub(r"[ \t]+", " ", html.unescape(text)).strip()


# --- the rules -----------------------------------------------------------------------------------------------


def _structure(document: _Document) -> Iterator[tuple[int, str, str]]:
    for line, header, rows in document.tables:
        if rows == 0:
            yield line, "empty-table", header
    headings = {line: level for line, level, _ in document.headings}
    lines = sorted({*document.content, *headings})
    for line, level, title in document.headings:
        following = lines[bisect.bisect_right(lines, line)] if line < lines[-1] else None
        if following is None or headings.get(following, 7) <= level:
            yield line, "empty-section", "#" * level + " " + title


_ONE_PLURAL = re.compile(r"(?<![\w.,+\-/^])1 ([A-Za-z][A-Za-z-]{2,})\b(?![(/]s\b)")
# "step 1 runs", "version 1 supports": the 1 is a name there, not a count
# fmt: off
_LABELS = frozenset({
    "adr", "appendix", "chapter", "day", "figure", "generation", "level", "option", "page", "part", "phase",
    "priority", "region", "release", "round", "rule", "section", "sev", "severity", "stage", "step", "table", "tier",
    "type", "version", "wave", "week", "zone"
})
# fmt: on
_ARTICLE = re.compile(rf"(?<![\w'’./{CODE}-])(a|an|A|An) +([^\s]+)")
_MAYBE_PLURAL = re.compile(r"[A-Za-z]+\((?:s|es)\)")
_WORD = re.compile(rf"\d[\d,.]*\d|[\w{CODE}](?:[\w{CODE}'’-]|/(?=\w))*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n")
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)+")
# fmt: off
_STOP_WORDS = frozenset({
    "a", "about", "after", "all", "also", "an", "and", "any", "are", "as", "at", "be", "been", "before", "between",
    "both", "but", "by", "can", "do", "does", "each", "either", "every", "for", "from", "has", "have", "if", "in",
    "into", "is", "it", "its", "may", "more", "most", "must", "no", "not", "of", "on", "one", "only", "or", "other",
    "over", "own", "per", "same", "should", "so", "some", "such", "than", "that", "the", "their", "them", "then",
    "there", "these", "they", "this", "those", "to", "under", "until", "via", "was", "were", "what", "when",
    "where", "which", "while", "who", "will", "with", "within", "without", "would"
})
# fmt: on


def _check_unit(text: str) -> Iterator[tuple[int, str, str]]:
    yield from _one_plural(text)
    yield from _articles(text)
    for match in _MAYBE_PLURAL.finditer(text):
        yield match.start(), "maybe-plural", match[0]
    repeated = _repeated_phrases(list(_WORD.finditer(text)), 5)
    for start, phrase in repeated:
        tokens = phrase.split()
        if 2 * sum(t[0].isdigit() for t in tokens) >= len(tokens):
            continue  # the same figures twice in a formula's inputs (two events at one rate) are data, not prose
        yield start, "repeated-words", phrase
    offset = 0
    for sentence in _SENTENCE_END.split(text):
        at = text.index(sentence, offset) if sentence else offset
        offset = at + len(sentence)
        yield from _named_twice(sentence, at, repeated)


def _one_plural(text: str) -> Iterator[tuple[int, str, str]]:
    for match in _ONE_PLURAL.finditer(text):
        word = match[1]
        before = text[: match.start()].split()
        if before and before[-1].lower() in _LABELS:
            continue
        if english.singular(word) != word:
            yield match.start(), "one-plural", match[0]


def _articles(text: str) -> Iterator[tuple[int, str, str]]:
    for match in _ARTICLE.finditer(text):
        written, following = match[1], match[2]
        if written[0] == "A" and not _starts_sentence(text[: match.start()]):
            continue  # "plan A", "Type A": a name, not an article
        if following.startswith(CODE) or not re.match(r"[\w$€£]", following.lstrip("\"'“‘(")):
            continue
        word = re.match(r"[\w.+-]*", following.lstrip("\"'“‘($€£"))
        if word is not None and word[0].rstrip(".s") in english.EITHER_ARTICLE:
            continue
        if written.lower() != english.article(following):
            yield match.start(), "article", f"{written} {following.rstrip('.,;:)')}"


def _starts_sentence(before: str) -> bool:
    before = before.rstrip()
    return not before or before[-1] in ".!?:—–\n" or before.endswith(("- ", "|"))


def _named_twice(sentence: str, at: int, repeated: list[tuple[int, str]]) -> Iterator[tuple[int, str, str]]:
    plain = " ".join(w[0].lower() for w in _WORD.finditer(sentence))
    if any(phrase in plain for _, phrase in repeated):
        return  # already reported as repeated words
    seen: set[str] = set()
    terms = [" ".join(m[0].split()) for m in _CAPITALISED_RUN.finditer(sentence)]
    for term in terms:
        words = term.split()
        for size in range(len(words), 1, -1):
            for i in range(len(words) - size + 1):
                part = " ".join(words[i : i + size])
                if part in seen:
                    continue
                if len(re.findall(rf"(?<![\w-]){re.escape(part)}(?![\w-])", sentence)) > 1:
                    seen.add(part)
                    yield at + sentence.index(part), "named-twice", part
    words = list(_WORD.finditer(sentence))
    for start, phrase in _repeated_phrases(words, 3):
        content = [w for w in phrase.split() if w not in _STOP_WORDS and not w[0].isdigit()]
        if content and not any(phrase in s.lower() or s.lower() in phrase for s in seen):
            seen.add(phrase)
            yield at + start, "named-twice", phrase


def _repeated_phrases(words: list[re.Match[str]], size: int) -> list[tuple[int, str]]:
    """Each longest run of words, at least `size` long, that appears twice without overlapping."""
    grams = [tuple(w[0].lower() for w in words[i : i + size]) for i in range(len(words) - size + 1)]
    repeats = {i for i, gram in enumerate(grams) if any(grams[j] == gram for j in range(i + size, len(grams)))}
    found: list[tuple[int, str]] = []
    for i in sorted(repeats):
        if i - 1 in repeats:
            continue
        end = i
        while end + 1 in repeats:
            end += 1
        found.append((words[i].start(), " ".join(w[0].lower() for w in words[i : end + size])))
    return [(at, phrase) for at, phrase in found if CODE not in phrase]


# --- sentences said again and again across a site ------------------------------------------------------------


@dataclass(frozen=True)
class Repeat:
    """A sentence of a site said more often than once, with the pages it is on."""

    sentence: str
    count: int
    pages: tuple[str, ...]

    def __str__(self) -> str:
        shown = ", ".join(self.pages[:4]) + (" …" if len(self.pages) > 4 else "")
        return f"{self.count}× ({shown}): {_quote(self.sentence, 140)}"


def repeated_sentences(pages: Mapping[str, str], words: int = 10, most: int = 1) -> list[Repeat]:
    """Each sentence of at least `words` words said more than `most` times across `pages`, most repeated first.

    Sentences compare by their words, case left aside; every code span is one and the same word, so a sentence
    that differs from another only by the identifier it names is the same sentence said again.
    """
    seen: dict[str, list[str]] = {}
    first: dict[str, str] = {}
    for page, text in pages.items():
        for unit in _parse(text).units:
            for sentence in _SENTENCE_END.split(unit.text):
                tokens = [CODE if w[0].startswith(CODE) else w[0].lower() for w in _WORD.finditer(sentence)]
                if len(tokens) < words:
                    continue
                key = " ".join(tokens)
                seen.setdefault(key, []).append(page)
                first.setdefault(key, sentence.replace(CODE, "`…`"))
    repeats = [
        Repeat(first[key], len(where), tuple(dict.fromkeys(where))) for key, where in seen.items() if len(where) > most
    ]
    return sorted(repeats, key=lambda r: (-r.count, r.sentence))
