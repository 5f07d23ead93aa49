"""The Jinja environment: shipped templates overridable by a user folder, escaping chosen by output kind.

User text reaches templates only as data, never as template source. Every `{{ value }}` is escaped for the
file being written: Markdown pages get HTML entities plus backslash escapes for Markdown syntax, YAML files
get JSON-quoted scalars, HTML files get HTML escaping. Markup produced by macros or the `raw` filter is kept.
"""

from __future__ import annotations

import contextlib
import functools
import html
import json
import pickle
import re
import traceback
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateSyntaxError,
    pass_context,
)
from jinja2.bccache import Bucket
from jinja2.runtime import Context
from markupsafe import Markup

from archgen.capacity import availability_budget, recovery
from archgen.capacity.levers import proposed_plan
from archgen.common import english, formatting
from archgen.common.cache_dir import cache_dir
from archgen.common.errors import InputError, one_line
from archgen.common.naming import slug
from archgen.common.shipped import builtin_templates
from archgen.design.kept import kept_for
from archgen.design.scope_paths import scope_rows
from archgen.knowledge.derived_feeds import derived_feeds
from archgen.knowledge.derived_load import batched
from archgen.render.shared import (
    formula_names,
    grouped,
    own_clauses,
    own_text,
    same_for_all,
    shared_clauses,
    shared_sentences,
)

# Characters Python-Markdown lets a backslash escape (with the tables extension adding the pipe).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]|!#])")
_BULLET = re.compile(r"^([+\-])", flags=re.MULTILINE)
_NUMBERED = re.compile(r"^(\d+)\.(\s|$)", flags=re.MULTILINE)
_SETEXT = re.compile(r"^=", flags=re.MULTILINE)
_AROUND_BREAKS = re.compile(r"[ \t]*\n[ \t]*")
_DEEP_INDENT = re.compile(r"^[ \t]{4,}")
# Any character the escapes above act on; text without one (most values: names, numbers, words) is kept as it is.
_ESCAPABLE = re.compile(r"[\\`*_{}\[\]|!#&<>\r\n]|^(?:[\s+\-=]|\d+\.(?:\s|$))")


def md(value: Any) -> Markup:
    """Escape any value so Markdown and HTML show it literally."""
    if isinstance(value, Markup):
        return value
    text = "" if value is None else str(value)
    if not _ESCAPABLE.search(text):
        return Markup(text)
    # indentation after a line break would start a code block, trailing spaces a hard break;
    # spaces inside a line (and around an inline value such as ", ") are kept
    text = _AROUND_BREAKS.sub("\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _DEEP_INDENT.sub("", text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")  # no raw HTML from input
    text = _BULLET.sub(r"\\\1", text)
    text = _NUMBERED.sub(r"\1\\.\2", text)
    text = _SETEXT.sub("&#61;", text)
    return Markup(text)


def cell(value: Any) -> Markup:
    """Escape a value for one Markdown table cell (one line, pipes escaped)."""
    if isinstance(value, Markup):
        return Markup(str(value).replace("\n", " "))
    return Markup(str(md(value)).replace("\n", " "))


def code(value: Any) -> Markup:
    """An inline code span holding `value` literally, whatever backticks it contains."""
    text = " ".join(str(value).split()) or " "
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    # a code span shows its content literally (Markdown escapes the HTML in it), so no escaping here
    return Markup(f"{fence}{pad}{text}{pad}{fence}")


def html_text(value: Any) -> str:
    """Text for a setting the theme inserts into pages as HTML (site name, description, footer).

    It returns plain text, not Markup, so a YAML file still quotes it: the escaping is for the theme, not for YAML.
    """
    return html.escape(str(value))


def yaml_scalar(value: Any) -> Markup:
    """A YAML scalar: JSON strings and numbers are valid YAML and cannot break the document."""
    if isinstance(value, Markup):
        return value
    return Markup(json.dumps(value, ensure_ascii=False))


@pass_context
def _finalize(context: Context, value: Any) -> Any:
    name = context.name or ""
    if name.endswith((".yml.jinja", ".yaml.jinja")):
        return yaml_scalar(value)
    if name.endswith(".md.jinja"):
        return md(value)
    return value


def md_code(value: Any) -> Markup:
    """Escape text for Markdown like `md`, except that `backticked` parts stay code spans."""
    parts = str(value).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick is just a character
        return md(value)
    return Markup("").join(code(part) if i % 2 else _md_spaced(part) for i, part in enumerate(parts))


def _md_spaced(text: str) -> Markup:
    """`md(text)`, keeping the spaces at its ends that separate it from a neighbouring code span."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return Markup(lead) + md(text) + Markup(trail)


def join_escaped(values: Iterable[Any], separator: str = ", ") -> Markup:
    """Join values after escaping each one for Markdown."""
    return Markup(separator).join(md(v) for v in values)


def a_filter(value: Any) -> Markup:
    """`value` after its indefinite article ("an AccessLog", "a [user](…)"); the article follows what a reader sees."""
    shown = value if isinstance(value, Markup) else md(value)
    return Markup(english.article(str(value))) + " " + shown


def count_filter(value: Any, noun: str | None = None, words: bool = False) -> Any:
    """`value` (a number, or a list to count) with `noun` in the right number: "1 instance", "3 open questions".

    Without a noun it is Jinja's own `count`, the length of `value`, which templates written for Jinja may use.
    """
    n = len(value) if isinstance(value, Sized) and not isinstance(value, str) else value
    if noun is None:
        return n
    return english.count(n, noun, words)


def plural_filter(noun: str, n: Any = None) -> str:
    """`noun` in the plural, or in the number `n` calls for when given (a number or a list to count)."""
    return english.plural(noun, len(n) if isinstance(n, Sized) and not isinstance(n, str) else n)


def join_and(values: Iterable[Any], conjunction: str = "and") -> Markup:
    """Values as a list in a sentence, each escaped for Markdown: "a, b and c" ("a, b or c" with "or")."""
    return Markup(english.join([md(v) for v in values], conjunction))


# English for the pages, one set for every template; Python code uses archgen.common.english directly.
ENGLISH_FILTERS = {
    "a": a_filter,
    "article": english.article,
    "count": count_filter,
    "plural": plural_filter,
    "join_and": join_and,
    "ordinal": english.ordinal,
    "number_word": english.number_word,
}


class CompiledTemplates(FileSystemBytecodeCache):
    """Templates compiled to Python code, kept between runs in the user's cache folder (keyed by each template's
    path and source, so an edited template is compiled again). A cache that cannot be used is simply not used."""

    def __init__(self) -> None:
        super().__init__(str(cache_dir("templates")))

    def load_bytecode(self, bucket: Bucket) -> None:
        """Fill `bucket` from the cache, or leave it empty."""
        try:
            super().load_bytecode(bucket)
        except (OSError, EOFError, ValueError, pickle.UnpicklingError):
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep `bucket`'s code for the next run, if the cache folder can be written."""
        with contextlib.suppress(OSError):
            Path(self.directory).mkdir(parents=True, exist_ok=True)
            super().dump_bytecode(bucket)


@functools.cache
def environment(user_templates: Path | None = None) -> Environment:
    """The shared environment (cached per override folder; templates are compiled once, then kept on disk)."""
    loaders = [FileSystemLoader(str(user_templates))] if user_templates else []
    loaders.append(FileSystemLoader(str(builtin_templates())))
    env = Environment(
        loader=ChoiceLoader(loaders),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=CompiledTemplates(),
    )
    env.filters.update(
        md=md,
        md_code=md_code,
        cell=cell,
        code=code,
        join=join_escaped,
        slug=slug,
        raw=Markup,
        yaml=yaml_scalar,
        html=html_text,
        quantity=formatting.quantity,
        number=formatting.number,
        usd=formatting.usd,
        percent=formatting.percent,
        bytes=formatting.bytes_,
        duration=formatting.duration,
        **ENGLISH_FILTERS,
    )
    env.globals.update(
        figure_value=formatting.quantity,
        shared_sentences=shared_sentences,
        own_text=own_text,
        shared_clauses=shared_clauses,
        own_clauses=own_clauses,
        kept_for=kept_for,
        grouped=grouped,
        formula_names=formula_names,
        same_for_all=same_for_all,
        restored_stores=recovery.restored_stores,
        slowest_recovery_minutes=recovery.slowest_recovery_minutes,
        region_event=availability_budget.region_event,
        no_margin=availability_budget.no_margin,
        unpaged=recovery.unpaged,
        unsupported_gap_minutes=recovery.unsupported_gap_minutes,
        run_listing=run_listing,
        scope_rows=scope_rows,
        proposed_plan=proposed_plan,
    )
    return env


def run_listing(trigger: str) -> str:
    """The clause of an event's trigger that says a job publishes it once a run (or an upload travels as one
    message), or nothing."""
    return trigger.split("; ")[-1] if batched(trigger) or derived_feeds().uploaded(trigger) else ""


FIX = "fix it, or delete the file to use the shipped template"


def check_templates(user_templates: Path) -> None:
    """Compile every template of a user's override folder, so a syntax error stops the run before any work with
    one line naming the file and line."""
    env = environment(user_templates)
    for path in sorted(user_templates.rglob("*.jinja")):
        try:
            env.get_template(path.relative_to(user_templates).as_posix())
        except TemplateSyntaxError as exc:
            raise InputError(one_line(f"{path}:{exc.lineno}: {(exc.message or '').rstrip('.')}; {FIX}")) from None


@contextlib.contextmanager
def user_template_errors(user_templates: Path | None) -> Iterator[None]:
    """Turn an error raised inside a user's template (an undefined name, a bad filter argument) into one line
    naming the template's file and line; an error in a shipped template is archgen's and is raised as it is."""
    try:
        yield
    except Exception as exc:
        if user_templates is None:
            raise
        root = user_templates.resolve()
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            path = Path(frame.filename)
            if path.suffix == ".jinja" and path.resolve().is_relative_to(root):
                message = (exc.message or "") if isinstance(exc, TemplateSyntaxError) else str(exc)
                raise InputError(one_line(f"{path}:{frame.lineno}: {message.rstrip('.')}; {FIX}")) from None
        raise
