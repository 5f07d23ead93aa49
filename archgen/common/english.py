"""English words for generated prose: plurals, indefinite articles, counts, lists, ordinals and number words.

Python code and templates (through the filters of `archgen.render.environment`) both use these, so a page, a
review message and the command's summary say "1 instance", "3 instances" and "an AccessLog" the same way.
The grammar comes from inflect, imported on first use and cached: most commands never need it.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import types
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import inflect

_LOCK = threading.Lock()

# Numbers below ten are spelled out in prose, larger ones are written as figures (as most style guides have it).
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth")

# Nouns that have no plural, which inflect would otherwise give one ("datas").
# fmt: off
_UNCOUNTABLE = frozenset({
    "data", "metadata", "analytics", "telemetry", "feedback", "software", "hardware", "firmware", "middleware",
    "traffic", "storage", "information", "equipment", "evidence", "research", "advice", "news", "series", "species",
    "staff", "personnel"
})
# fmt: on

# Acronyms read as a word, so they take the article of that word ("a NAT gateway", "a HIPAA audit"). Every
# other acronym is read letter by letter: "an SLO", "an S3 bucket", "a UUID".
# fmt: off
WORD_ACRONYMS = frozenset({
    "FERPA", "FHIR", "FIDO", "FIFO", "HATEOAS", "HIPAA", "LAN", "LIFO", "MAC", "MIME", "NASA", "NAT", "RAID", "RAM",
    "REST", "SAML", "SCADA", "SCIM", "SEPA", "SIEM", "SOAP", "SOX", "SWIFT"
})
# fmt: on
# Acronyms some read as a word and others letter by letter ("a SQL database", "an SQL database"): `article`
# reads them letter by letter, and a check of written text should accept either article.
EITHER_ARTICLE = frozenset(["FAQ", "HMAC", "SKU", "SLA", "SLI", "SLO", "SOC", "SPA", "SQL", "SQLite"])
# Letters whose names start with a vowel sound: "an F", "an HTTP API", "an MFA prompt".
_VOWEL_LETTERS = frozenset("AEFHILMNORSX")
# The consonants that may follow each of those letters at the start of an English word ("fl", "sm", "rh").
_ONSETS = {"f": "lr", "h": "", "l": "l", "m": "c", "n": "", "r": "h", "s": "chklmnpqtvwz", "x": ""}

_LEADING_MARKUP = re.compile(r"^[\s*_\[(\"'“‘`<>]+")
_ACRONYM = re.compile(r"[A-Z]{2,}[a-z]*|[A-Z](?![a-z])")
# a short lowercase code with a digit, read letter by letter: "eu-west-1", "p99", "mp4"
_LETTERS_THEN_DIGITS = re.compile(r"^[a-z]{1,3}(?=[\d-])(?=[\w-]*\d)[\w-]*$")
_LAST_CAPITALISED = re.compile(r"^(.*?)([A-Z][a-z]+)$")
_LAST_WORD = re.compile(r"^(.*?)([A-Za-z]+)$")
# Words ending in "s" that are not plurals, which inflect would make singular ("canvas" → "canva").
# fmt: off
_NOT_PLURAL = frozenset({
    "across", "afterwards", "alias", "always", "analysis", "as", "atlas", "axis", "basis", "besides", "bonus",
    "bus", "campus", "canvas", "census", "chassis", "corpus", "does", "focus", "gas", "has", "his", "hers", "is",
    "its", "less", "minus", "ours", "perhaps", "plus", "sometimes", "status", "this", "thus", "towards", "us",
    "various", "versus", "virus", "was", "whereas", "yes", "yours"
})
# fmt: on


def plural(noun: str, n: float | None = None) -> str:
    """The plural of `noun` ("instance" → "instances", "Category" → "Categories"); the noun itself when n is 1."""
    if n is not None and _is_one(n):
        return noun
    return _plural(noun)


def singular(noun: str) -> str:
    """The singular of a plural noun ("instances" → "instance"); a noun that is not a plural comes back as it is."""
    return _singular(noun)


def article(text: str) -> str:
    """The indefinite article `text` takes by the sound of its first word: "an hour", "a user", "an SLO", "a UUID"."""
    word = _first_word(text)
    return _article(word) if word else "a"


def a(noun: str) -> str:
    """`noun` with its indefinite article: "an AccessLog", "a user", "an hour", "a UUID"."""
    return f"{article(noun)} {noun}"


_ARTICLE_BEFORE = re.compile(r"\b([Aa]n?) \{([a-z_]+)\}")


def format_with_articles(template: str, **values: object) -> str:
    """`template.format(**values)`, where "a {name}" or "an {name}" takes the article its value sounds with."""

    def one(found: re.Match[str]) -> str:
        given, key = found.group(1), found.group(2)
        chosen = article(str(values[key]))
        return f"{chosen.capitalize() if given[0].isupper() else chosen} {{{key}}}"

    return _ARTICLE_BEFORE.sub(one, template).format(**values)


def count(n: float, noun: str, words: bool = False) -> str:
    """`n` with `noun` in the right number: "1 instance", "3 instances", "1,200 requests" ("three" with `words`)."""
    figure = number_word(n) if words else _figure(n)
    return f"{figure} {noun if figure in ('1', 'one') else _plural(noun)}"


def possessive(name: str) -> str:
    """`name` owning something: "the trips's" is wrong, "trips' retention" and "Recipe's fields" are right."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def join(items: Iterable[object], conjunction: str = "and") -> str:
    """Items as a list in a sentence: "a", "a and b", "a, b and c"."""
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def ordinal(n: int) -> str:
    """An ordinal as prose writes it: "first" to "ninth", then "10th", "21st", "102nd"."""
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    return str(_engine().ordinal(str(n)))


def number_word(n: float) -> str:
    """A number as prose writes it: "zero" to "nine" in words, figures from 10 on ("12", "1,200")."""
    if float(n).is_integer() and 0 <= n < len(_WORDS):
        return _WORDS[int(n)]
    return _figure(n)


# The share one of n equal parts is, as prose writes it.
FRACTIONS = {1: "all of it", 2: "half", 3: "a third", 4: "a quarter", 5: "a fifth", 6: "a sixth"}


def fraction_word(parts: int) -> str:
    """One of `parts` equal parts in words: "half", "a third", "1/8" past a sixth."""
    return FRACTIONS.get(parts, f"1/{parts}")


def _figure(n: float) -> str:
    """A count as figures: thousands separated, decimals only where the count has them."""
    if float(n).is_integer():
        return f"{int(n):,}"
    return f"{n:,.2f}".rstrip("0").rstrip(".")


def _is_one(n: float) -> bool:
    return _figure(n) == "1"


@functools.lru_cache(maxsize=4096)
def _plural(noun: str) -> str:
    last = _LAST_WORD.match(noun)
    if last is None:
        return noun + "s" if noun[-1:].isdigit() else noun  # "S3s"
    if last[2].isupper() and len(last[2]) > 1:
        return noun + "s"  # acronyms: "APIs", "SLOs"
    capitalised = _LAST_CAPITALISED.match(noun)
    if (capitalised[2] if capitalised else last[2]).lower() in _UNCOUNTABLE:
        return noun
    if capitalised is not None:
        # inflect takes a capitalised word for a name ("the Kennedys"), so "Category" would become "Categorys":
        # the last part of a PascalCase or capitalised name is made plural in lower case, then capitalised again.
        head, word = capitalised[1], capitalised[2]
        return head + str(_engine().plural_noun(word.lower())).capitalize()
    return str(_engine().plural_noun(noun))


# plurals inflect takes back to a wrong singular ("indices" → "indice")
_LATIN_PLURALS = {"indices": "index", "vertices": "vertex", "matrices": "matrix", "appendices": "appendix"}


@functools.lru_cache(maxsize=1024)
def _singular(noun: str) -> str:
    last = _LAST_WORD.match(noun)
    if last is None or last[2].lower() in _UNCOUNTABLE:
        return noun
    head, word = last[1], last[2]
    if len(word) > 2 and word[:-1].isupper() and word.endswith("s"):
        return head + word[:-1]  # "APIs"
    if word.lower() in _NOT_PLURAL:
        return noun
    if word.lower() in _LATIN_PLURALS:
        latin = _LATIN_PLURALS[word.lower()]
        return head + (latin.capitalize() if word[0].isupper() else latin)
    found = _engine().singular_noun(word.lower())
    if not found or _plural(found) != word.lower():
        return noun
    return head + (found.capitalize() if word[0].isupper() else found)


def _first_word(text: str) -> str:
    rest = _LEADING_MARKUP.sub("", text)
    if rest[:1] in ("$", "€", "£"):
        rest = rest[1:]  # "an $800 budget": the amount is read first
    match = re.match(r"[\w.,'’+/&-]+", rest)
    return match[0].rstrip(".,'’-") if match else ""


@functools.lru_cache(maxsize=4096)
def _article(word: str) -> str:
    if word[0].isdigit():
        return _number_article(word)
    if _LETTERS_THEN_DIGITS.match(word):
        return "an" if word[0].upper() in _VOWEL_LETTERS else "a"  # "an eu-west-1 region", "a p99 target"
    if _unpronounceable_start(word):
        return "an"  # "an MkDocs site", "an Nginx proxy", "an HTML page": read letter by letter
    acronym = _ACRONYM.match(word)
    if acronym is not None and word.split("-")[0].rstrip("s") not in WORD_ACRONYMS:
        return "an" if word[0] in _VOWEL_LETTERS else "a"
    return str(_engine().a(word.lower() if acronym else word)).split(" ", 1)[0]


def _unpronounceable_start(word: str) -> bool:
    """Whether `word` starts with a letter whose name starts with a vowel sound (F, H, L, M, N, R, S, X) followed by
    a consonant that no English word starts with after it, so that it is read letter by letter."""
    first, second = word[:1].lower(), word[1:2].lower()
    onsets = _ONSETS.get(first)
    return onsets is not None and second.isalpha() and second not in "aeiouy" and second not in onsets


def _number_article(word: str) -> str:
    """The article of a figure, by how it is read: "an 8-hour window", "an 18,000-row table", "a 100 ms budget"."""
    digits = re.match(r"[\d,]+", word)
    lead = digits[0].rstrip(",") if digits else word
    groups = lead.split(",")
    first = groups[0] if len(groups) > 1 else lead[: (len(lead) - 1) % 3 + 1]
    return "an" if first.startswith("8") or first in ("11", "18") else "a"


@functools.cache
def _engine() -> inflect.engine:
    """inflect's engine, imported once.

    inflect 7 checks the types of its arguments with typeguard, whose decorator re-parses inflect's whole module
    for every function it wraps: importing inflect then takes a second or more (inflect issue 212). archgen
    passes it strings it has checked itself, so while inflect is imported, `typeguard.typechecked` is a no-op.
    """
    with _LOCK:
        saved = sys.modules.get("typeguard")
        stub = types.ModuleType("typeguard")
        stub.typechecked = lambda target: target  # type: ignore[attr-defined]
        sys.modules["typeguard"] = stub
        try:
            import inflect
        except ImportError:  # an inflect that needs more of typeguard than the decorator gets the real one
            sys.modules.pop("inflect", None)
            sys.modules.pop("typeguard")
            import inflect
        finally:
            if saved is not None:
                sys.modules["typeguard"] = saved
            elif sys.modules.get("typeguard") is stub:
                del sys.modules["typeguard"]
        return inflect.engine()
