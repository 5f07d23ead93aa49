"""`archgen init`: an annotated questionnaire that validates as written, optionally filled in by prompts.

Every answer is checked as it is typed and asked again, with the reason, until it is valid, so no answer is ever
thrown away: choices ignore case (`AWS`), numbers may be written as people write them (`20k`, `20,000`, `99.9%`),
and the file is known to be writable before the first question. A person who stops half-way (Ctrl-C) keeps the
answers given: they are saved beside the file, and the next `init -i` of that file offers them as the defaults.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar, get_args

from archgen.common.errors import InputError, Interrupted
from archgen.requirements.fieldtypes import NAME_PATTERN
from archgen.requirements.model import MAX_USERS, Cloud, Isolation, RoleKind
from archgen.requirements.spelling import CLOUD_ALIASES, number

# (question, default shown) → the text typed; Enter gives the default
Prompt = Callable[[str, str], str]
Say = Callable[[str], None]
T = TypeVar("T")

CLOUDS: tuple[str, ...] = get_args(Cloud)
ISOLATIONS: tuple[str, ...] = get_args(Isolation)
KINDS: tuple[str, ...] = get_args(RoleKind)
MAX_TEXT = 80
MAX_SUMMARY = 4_000
MAX_ATTEMPTS = 20  # a script feeding answers that never validate must end, not loop for ever
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
CLOSE_ENOUGH = 0.75  # how alike a typed name and a known one must be for "did you mean"
STAFF_DEFAULT_MAX = 50  # staff of one role offered by default: a support desk, not a user base
COMMENT_COLUMN = 39  # where the starter's comments begin
NONE = ("none", "no", "-", "nothing")  # what people type for "none of them"


class _GaveUp(Exception):
    """One question got no valid answer in MAX_ATTEMPTS tries."""


@dataclass
class Role:
    """An actor of the questionnaire: a name, a kind, and whether only staff have it."""

    name: str
    kind: str = "person"
    internal: bool = False
    active_per_day: int | None = None  # asked for staff: a council's dispatchers are dozens, not its residents


def staff_guess(daily_active: int) -> int:
    """The staff of one role offered as the default: a hundredth of the daily users, 1 to 50."""
    return max(1, min(STAFF_DEFAULT_MAX, daily_active // 100))


@dataclass
class Answers:
    """The main questions of a first architecture meeting, with sensible defaults."""

    name: str = "My System"
    summary: str = "What the system does and for whom, in a sentence or two."
    domain: str = "general"
    daily_active: int = 5_000
    regions: list[str] = field(default_factory=lambda: ["europe"])
    roles: list[Role] = field(
        default_factory=lambda: [Role("member"), Role("admin", internal=True, active_per_day=staff_guess(5_000))]
    )
    tenancy: str = "single"
    tenants: int = 100
    isolation: str = "any"
    tenant_entity: str = ""  # the entity that stands for a tenant organisation, when tenancy is multi
    entities: list[str] = field(default_factory=lambda: ["Account", "Item"])
    creators: dict[str, str] = field(default_factory=dict)  # entity → the role that makes it, where not the actor
    personal: list[str] | None = None  # the entities holding personal data; None lets archgen judge from the model
    integrations: dict[str, str] = field(default_factory=dict)  # outside system → what it does
    regimes: list[str] = field(default_factory=list)  # the regulations that apply
    residency: list[str] = field(default_factory=list)  # areas or country codes personal data must stay in
    audit_log: bool = False
    budget: int | None = None  # US dollars a month the running system may cost
    availability: float = 99.9
    cloud: str = "any"
    engineers: int = 6

    @property
    def actor(self) -> str:
        """The role that starts the use cases: the first person who is not staff, else the first role."""
        people = [r for r in self.roles if r.kind == "person" and not r.internal]
        return (people or self.roles)[0].name

    def maker(self, entity: str) -> str:
        """The role whose use cases create and browse `entity`."""
        return self.creators.get(entity, self.actor)

    @property
    def tenant_field(self) -> str:
        """The field that refers an entity to its tenant: `organisation` for the entity Organisation."""
        name = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", self.tenant_entity).lower()
        return f"{name}_ref" if name in ("id", "name", "created_at") else name


def init_questionnaire(path: Path, force: bool, prompt: Prompt | None = None, say: Say = print) -> None:
    """`archgen init`: write the annotated questionnaire to `path`, asking the main questions when given `prompt`.

    The path is checked before the first question, so an answer is never lost to a file that cannot be written.
    """
    check_target(path, force)
    if prompt is None:
        write_starter(path, Answers(), force)
        return
    kept = kept_answers(path)
    given: dict[str, str] = {}
    if kept:
        say(f"  your {len(kept)} earlier answers are the defaults (press Enter to keep each)")
    try:
        answers = ask(prompt, say, {**kept}, given)
    except KeyboardInterrupt:
        raise Interrupted(_keep(path, {**kept, **given})) from None
    except EOFError:  # the answers piped in ran out
        raise InputError(f"the input ended before the last question: {_keep(path, {**kept, **given})}") from None
    except _GaveUp as stuck:  # a script, or a person, that cannot get one answer right keeps the others
        raise InputError(f"{stuck}: {_keep(path, {**kept, **given})}") from None
    try:
        write_starter(path, answers, force)
    except KeyboardInterrupt:  # stopped while the file is checked, before it replaces the old one: keep the answers
        path.with_name(f".{path.name}.tmp").unlink(missing_ok=True)
        raise Interrupted(_keep(path, {**kept, **given})) from None
    _answers_file(path).unlink(missing_ok=True)


def _answers_file(path: Path) -> Path:
    return path.with_name(f".{path.name}.answers.yaml")


def kept_answers(path: Path) -> dict[str, str]:
    """The answers a stopped `init -i` of `path` kept (question → answer typed), or none."""
    from archgen.common import yamlio

    try:
        data = yamlio.parse(_answers_file(path).read_text("utf-8"), str(_answers_file(path)), "answers").data
    except (OSError, UnicodeDecodeError, InputError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _keep(path: Path, given: dict[str, str]) -> str:
    """Save the answers given so far beside `path`; what the interruption line says."""
    from archgen.common import yamlio

    if not given:
        return f"{path} was not written; no question was answered"
    try:
        _answers_file(path).write_text(yamlio.dump(given), encoding="utf-8")
    except OSError:
        return f"{path} was not written, nor could the answers be kept"
    return (
        f"{path} was not written; your {len(given)} answers are kept in {_answers_file(path)}: "
        f"`archgen init {path} -i` offers them again"
    )


def check_target(path: Path, force: bool) -> None:
    """Refuse, before any question, a path that exists (unless `force`) or that cannot be written."""
    if path.is_dir():
        raise InputError(f"{path}: is a folder; give the path of the file to write, e.g. {path / 'requirements.yaml'}")
    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another path or pass --force")
    folder = next((p for p in (path.parent, *path.parent.parents) if p.exists()), Path())
    if not folder.is_dir():
        raise InputError(f"{folder}: is a file, so {path} cannot be written; choose another path")
    if folder != path.parent:  # a folder tree made for a mistyped path would be left behind
        raise InputError(f"{path.parent}: no such folder; create it first or choose another path")
    if not os.access(folder, os.W_OK | os.X_OK) or os.statvfs(folder).f_flag & os.ST_RDONLY:
        why = "read-only file system" if os.statvfs(folder).f_flag & os.ST_RDONLY else "permission denied"
        raise InputError(f"{path}: cannot write there ({why}); choose another path")


def ask(
    prompt: Prompt, say: Say = print, earlier: dict[str, str] | None = None, given: dict[str, str] | None = None
) -> Answers:
    """Ask each question with `prompt`, checking each answer and asking again, with the reason, until it is valid.
    `earlier` answers (by question) are offered as the defaults; each valid answer is added to `given` as it comes."""
    d = Answers()
    earlier = earlier or {}
    given = given if given is not None else {}

    def question(text: str, default: str, read: Callable[[str], T]) -> T:
        default = earlier.get(text, default)
        for _ in range(MAX_ATTEMPTS):
            typed = prompt(text, default).strip()
            try:
                value = read(typed or default)
            except ValueError as exc:
                reason = str(exc)  # "did you mean 'Fault'?" ends a question: the retry is a sentence of its own
                say(f"  {reason} Try again." if reason.endswith("?") else f"  {reason}; try again")
                continue
            given[text] = typed or default
            shown = ", ".join(value) if isinstance(value, list) else value
            as_typed = ", ".join(_items(typed)) if isinstance(value, list) else typed  # a summary is not a list
            if typed and shown and isinstance(shown, str) and shown.lower() != as_typed.lower():
                say(f"  read as {shown}")  # EU is europe, Customer Org the record CustomerOrg: say so, not silently
            return value
        raise _GaveUp(f"{text}: no valid answer after {MAX_ATTEMPTS} tries")

    name = question("System name", d.name, lambda t: text(t, MAX_TEXT))
    # no placeholder to keep by pressing Enter: the summary heads every page of the design
    summary = question("What does it do, for whom?", "", lambda t: text(t, MAX_SUMMARY))
    domain = question("Business domain", d.domain, lambda t: text(t, MAX_TEXT))
    daily_active = question("Daily active users (e.g. 20k)", f"{d.daily_active:,}", lambda t: count(t, 1, MAX_USERS))
    regions = question(
        "Where are the users (comma-separated: europe, north-america, asia-pacific, global, ...)",
        ", ".join(d.regions),
        areas,
    )
    role_names = question("Who uses it (roles, comma-separated)", ", ".join(r.name for r in d.roles), names)
    staff = question(
        "Which of them are staff only (comma-separated, or none)",
        ", ".join(r.name for r in d.roles if r.internal and r.name in role_names) or "none",
        lambda t: subset(t, role_names),
    )
    kinds = question(
        "Which of them are devices or other systems (e.g. meter, or billing: service; or none)",
        "none",
        lambda t: role_kinds(t, role_names),
    )
    staffed = {
        n: question(
            f"How many {n} people are active on an average day (e.g. 20)",
            f"{staff_guess(daily_active):,}",
            lambda t: count(t, 1, daily_active),
        )
        for n in role_names
        if n in staff and kinds.get(n, "person") == "person"
    }
    roles = [Role(n, kinds.get(n, "person"), n in staff, staffed.get(n)) for n in role_names]
    multi = question("Does it serve many client organisations, each with its own users and data (y/n)", "n", yes_no)
    tenants, isolation = d.tenants, d.isolation
    if multi:
        tenants = question("How many organisations at launch", f"{d.tenants:,}", lambda t: count(t, 1, MAX_USERS))
        isolation = question(
            f"How are their data kept apart ({', '.join(ISOLATIONS)})", d.isolation, lambda t: choice(t, ISOLATIONS)
        )
    entities = question(
        "Main kinds of records (comma-separated, e.g. Customer, Order)", ", ".join(d.entities), entity_names
    )
    tenant_entity = ""
    if multi:
        tenant_entity = question(
            "Which record is a client organisation (added if not listed)",
            _tenant_guess(entities),
            _one_entity,
        )
        if tenant_entity not in entities:
            entities = [tenant_entity, *entities]
    actor = Answers(roles=roles).actor
    creators = question(
        f"Who makes each kind of record, where not the {actor} (e.g. {entities[-1]}: {role_names[-1]}; or none)",
        "none",
        lambda t: entity_roles(t, entities, role_names),
    )
    personal = question(
        "Which records hold personal data (comma-separated, none, or ? to let archgen judge from the fields)",
        "?",
        lambda t: None if t.strip() == "?" else sorted(entity_subset(t, entities), key=entities.index),
    )
    integrations = question(
        "Which outside systems does it work with (e.g. Stripe: payments, Twilio: sms; or none)", "none", systems
    )
    regimes, residency, audit_log = [], [], False
    if personal != []:  # where nothing is personal, no privacy law applies to it
        regimes = question(
            "Which regulations apply (comma-separated, e.g. gdpr, hipaa, pci-dss, soc2; or none)",
            _regimes_guess(regions),
            regulations,
        )
        residency = question(
            "Where must personal data stay (an area or country codes, e.g. europe or de, at; or none)",
            "europe" if "gdpr" in regimes else "none",  # what GDPR-bound teams usually promise their users
            places,
        )
    audit_log = question("Keep an audit log of who changed what (y/n)", "y" if regimes else "n", yes_no)
    availability = question("Availability target in percent", f"{d.availability:g}", percent)
    cloud = question(f"Cloud ({', '.join(CLOUDS)})", d.cloud, lambda t: choice(t, CLOUDS, CLOUD_ALIASES))
    engineers = question("Engineers on the team", str(d.engineers), lambda t: count(t, 1, 100_000))
    budget = question(
        "Monthly budget for running it, in US dollars (e.g. 5k; or none)",
        "none",
        lambda t: None if t.strip().lower() in NONE else count(t, 1, 100_000_000),
    )
    return Answers(
        name=name,
        summary=summary,
        domain=domain,
        daily_active=daily_active,
        regions=regions,
        roles=roles,
        tenancy="multi" if multi else "single",
        tenants=tenants,
        isolation=isolation,
        tenant_entity=tenant_entity,
        entities=entities,
        creators=creators,
        personal=personal,
        integrations=integrations,
        regimes=regimes,
        residency=residency,
        audit_log=audit_log,
        availability=availability,
        cloud=cloud,
        engineers=engineers,
        budget=budget,
    )


# --- reading one answer: each returns the value, or raises ValueError saying what is wrong ------------------


def text(value: str, limit: int) -> str:
    """One line of text of at most `limit` characters."""
    if not value:
        raise ValueError("an answer is needed")
    if _HIDDEN.search(value):
        raise ValueError("control characters cannot be part of the answer")
    if len(value) > limit:
        raise ValueError(f"at most {limit} characters, not {len(value):,}")
    return value


def count(value: str, low: int, high: int) -> int:
    """A whole number from `low` to `high`."""
    parsed = number(value)
    if parsed != int(parsed):
        raise ValueError(f"'{value}' is not a whole number")
    if not low <= parsed <= high:
        raise ValueError(f"{int(parsed):,} is out of range; give {low:,} to {high:,}")
    return int(parsed)


def percent(value: str) -> float:
    """An availability in percent from 90 to 99.9999: 99.9, 99.9 % or 99.9%."""
    try:
        parsed = number(value.strip().removesuffix("%").strip())
    except ValueError:
        raise ValueError(f"'{value}' is not a percentage; write e.g. 99.9 or 99.95%") from None
    if not 90 <= parsed <= 99.9999:
        raise ValueError(f"{parsed:g} % is out of range; give a percentage from 90 to 99.9999, e.g. 99.9")
    return parsed


def choice(value: str, options: tuple[str, ...], aliases: dict[str, str] | None = None) -> str:
    """One of `options`, in any case, or a name `aliases` gives for one."""
    key = value.strip().lower()
    key = (aliases or {}).get(key, key)
    if key not in options:
        raise ValueError(f"'{value}' is not one of {', '.join(options)}{_did_you_mean(key, options)}")
    return key


def _did_you_mean(typed: str, known: list[str] | tuple[str, ...]) -> str:
    """ "; did you mean 'front-desk'" for a near miss ('frontdesk', 'route setter', 'Bookings'), else nothing."""
    import difflib

    def squeezed(name: str) -> str:
        return re.sub(r"[\s_-]", "", name.lower())

    by_key = {squeezed(k): k for k in known}
    key = squeezed(typed)
    for candidate in (key, key.removesuffix("s"), key.removesuffix("es")):
        if candidate in by_key:
            return f"; did you mean '{by_key[candidate]}'?"
    close = difflib.get_close_matches(key, list(by_key), n=1, cutoff=CLOSE_ENOUGH)
    return f"; did you mean '{by_key[close[0]]}'?" if close else ""


def regulations(value: str) -> list[str]:
    """The regimes that apply, as compliance.yaml names them, or none."""
    from archgen.knowledge.compliance import known_regimes

    if value.strip().lower() in NONE:
        return []
    known = known_regimes()
    found = []
    for item in _items(value):
        key = item.strip().lower().replace(" ", "-")
        if key not in known:
            raise ValueError(
                f"'{item}' is not a regulation archgen knows ({', '.join(known)}){_did_you_mean(key, known)}"
            )
        found.append(key)
    return list(dict.fromkeys(found))


def places(value: str) -> list[str]:
    """Areas or ISO country codes personal data must stay in, each kept as written (de stays de), or none."""
    if value.strip().lower() in NONE:
        return []
    return _read_areas(value)


def _regimes_guess(regions: list[str]) -> str:
    """GDPR where users are in Europe (it follows the people, not the company), else none."""
    from archgen.requirements.areas import area_of

    return "gdpr" if any(area_of(r) == "europe" for r in regions) else "none"


def yes_no(value: str) -> bool:
    """y, yes, n or no, in any case."""
    key = value.strip().lower()
    if key in ("y", "yes"):
        return True
    if key in ("n", "no"):
        return False
    raise ValueError(f"'{value}' is not yes or no; answer y or n")


# a list as people type it: "a, b, c", "a; b", "a, b and c", "a & b"
_SEPARATOR = re.compile(r"\s*[,;]\s*(?:(?:and|&)\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)


def _items(value: str) -> list[str]:
    return [item.strip() for item in _SEPARATOR.split(value) if item.strip()]


def areas(value: str) -> list[str]:
    """Areas where users are (`eu` is europe); a country code is kept as it is (de stays de, served from Europe)."""
    found = _read_areas(value)
    if not found:
        raise ValueError("name at least one area")
    return found


def _read_areas(value: str) -> list[str]:
    """Each area or country code of a typed list by its canonical name, once; a ValueError names one not known."""
    from archgen.requirements.areas import Reading, read_area

    found = []
    for item in _items(value):
        reading = read_area(item, "compliance.data_residency")
        if not isinstance(reading, Reading):
            raise ValueError(reading)
        found.append(reading.name)
    return list(dict.fromkeys(found))


def names(value: str) -> list[str]:
    """Role names: short single-line labels, each once."""
    found = [text(item, MAX_TEXT) for item in _items(value)]
    if not found:
        raise ValueError("name at least one")
    return list(dict.fromkeys(found))


def subset(value: str, known: list[str]) -> set[str]:
    """Some of `known` (any case), or none."""
    if value.strip().lower() in NONE:
        return set()
    by_key = {k.lower(): k for k in known}
    chosen = set()
    for item in _items(value):
        if item.lower() not in by_key:
            raise ValueError(f"'{item}' is not one of the roles ({', '.join(known)}){_did_you_mean(item, known)}")
        chosen.add(by_key[item.lower()])
    return chosen


def role_kinds(value: str, known: list[str]) -> dict[str, str]:
    """`role: kind` pairs for the roles that are not people, or none."""
    if value.strip().lower() in NONE:
        return {}
    kinds = {}
    for item in _items(value):
        role, sep, kind = item.replace("=", ":").partition(":")
        if not role.strip():
            raise ValueError(f"'{item}' needs a role: write it as meter (a device) or billing: service")
        (name,) = subset(role, known)
        kinds[name] = choice(kind.strip(), KINDS) if sep else "device"  # the question asks which: a name is a device
    return kinds


def entity_roles(value: str, entities: list[str], roles: list[str]) -> dict[str, str]:
    """`Entity: role` pairs naming who makes a kind of record, or none."""
    if value.strip().lower() in NONE:
        return {}
    makers = {}
    for item in _items(value):
        entity, sep, role = item.replace("=", ":").partition(":")
        if not sep or not entity.strip():
            raise ValueError(f"'{item}' needs a record and a role: write it as {entities[-1]}: {roles[-1]}")
        (name,) = entity_subset(entity, entities)
        (makers[name],) = subset(role, roles)
    return makers


def entity_subset(value: str, known: list[str]) -> set[str]:
    """Some of the `known` entities, however typed ('order line' is OrderLine), or none."""
    if value.strip().lower() in NONE:
        return set()
    by_key = {k.lower(): k for k in known}
    chosen = set()
    for item in _items(value):
        name = _entity_name(item)
        if name.lower() not in by_key:
            raise ValueError(
                f"'{item.strip()}' is not one of the records ({', '.join(known)}){_did_you_mean(name, known)}"
            )
        chosen.add(by_key[name.lower()])
    return chosen


def systems(value: str) -> dict[str, str]:
    """`System: what it does` pairs for the outside systems, or none."""
    if value.strip().lower() in NONE:
        return {}
    found = {}
    for item in _items(value):
        name, sep, kind = item.replace("=", ":").partition(":")
        if not sep or not name.strip() or not kind.strip():
            raise ValueError(f"'{item.strip()}' needs a system and what it does: write it as Stripe: payments")
        found[text(name.strip(), MAX_TEXT)] = text(kind.strip(), MAX_TEXT).lower()
    return found


def entity_names(value: str) -> list[str]:
    """Entity identifiers from typed names: 'order line' → 'OrderLine', each once."""
    found = [_entity_name(item) for item in _items(value)]
    if not found:
        raise ValueError("name at least one kind of record")
    return list(dict.fromkeys(found))


def _one_entity(value: str) -> str:
    """One entity name: a list is refused rather than cut to its first item."""
    found = entity_names(value)
    if len(found) > 1:
        raise ValueError(f"name one record, not {len(found)} ({', '.join(found)})")
    return found[0]


def _entity_name(typed: str) -> str:
    words = re.findall(r"[A-Za-z0-9]+", typed)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not re.match(NAME_PATTERN, name):
        raise ValueError(f"'{typed}' cannot be a record name; use letters and digits, starting with a letter")
    return name


def _tenant_guess(entities: list[str]) -> str:
    known = ("Organisation", "Organization", "Tenant", "Company", "Account", "Workspace", "Customer")
    return next((e for e in entities if e in known), "Organisation")


# --- writing ----------------------------------------------------------------------------------------------


def render_starter(answers: Answers, file_name: str) -> str:
    """The questionnaire text for `answers`."""
    from archgen.render.environment import environment

    text_ = environment().get_template("questionnaire.yaml.jinja").render(answers=answers, file_name=file_name)
    # a tab marks a comment after an answer: it lines up with the others whatever the answer's length
    return re.sub(r"(?m)^([^\t\n]*)\t", lambda m: m.group(1).ljust(COMMENT_COLUMN - 1) + " ", text_)


def write_starter(path: Path, answers: Answers, force: bool = False) -> None:
    """Write the questionnaire, refusing to overwrite an existing file unless `force`; checked before writing."""
    from archgen.common import yamlio
    from archgen.requirements.load import parse_requirements

    if path.exists() and not force:
        raise InputError(f"{path}: already exists; choose another path or pass --force")
    text_ = render_starter(answers, path.name)
    parse_requirements(yamlio.parse(text_, str(path), "questionnaire"))  # what we write must validate
    try:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(text_, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        raise InputError(f"{path}: cannot write there ({exc.strerror})") from None
