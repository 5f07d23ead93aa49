"""The command line: parse flags, call one library function, print, exit. No logic a library test cannot reach.

Only typer is imported at start-up; each command imports what it needs, so `archgen --help` stays fast. Every
failure prints one line per problem (`error: ...`), usage mistakes included, and exits with a documented code:
1 for review errors, failed builds, designs or pushes, 2 for bad input or usage, 130 when stopped with Ctrl-C.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer

from archgen.console import INTERRUPTED

P = ParamSpec("P")
T = TypeVar("T")

app = typer.Typer(
    name="archgen",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    # plain help text: rendering it with rich would triple the start-up time of every command
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Agent(StrEnum):
    """Architects to choose from."""

    rules = "rules"
    anthropic = "anthropic"


class Platform(StrEnum):
    """Where Claude is reached."""

    anthropic = "anthropic"
    bedrock = "bedrock"
    vertex = "vertex"


class Effort(StrEnum):
    """How much effort Claude puts into each answer."""

    low = "low"
    medium = "medium"
    high = "high"


class ReviewFormat(StrEnum):
    """How `review` prints its findings."""

    table = "table"
    json = "json"
    sarif = "sarif"


class DiffFormat(StrEnum):
    """How `diff` prints the changes."""

    markdown = "markdown"
    json = "json"


class SchemaKind(StrEnum):
    """Models whose JSON Schema can be printed."""

    requirements = "requirements"
    design = "design"


def _fail(exc: Exception) -> NoReturn:
    from archgen.common.errors import ArchgenError

    if isinstance(exc, ArchgenError):
        for line in exc.problems:
            typer.echo(f"{exc.label}: {line}", err=True)
        raise typer.Exit(exc.exit_code)
    raise exc


def _fail_usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(f"… {message}", err=True)


class _Work:
    """Whether the running command has started its work: a Ctrl-C before it has written nothing, and one after it
    (once the command has said what it did) changes nothing."""

    started = False


def _run(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Call a library function; turn archgen's errors into their lines and exit code.

    Commands that write say what their folder holds when stopped (the library raises `Interrupted`); the others
    have written nothing.
    """
    from archgen.common.errors import ArchgenError

    _Work.started = True
    try:
        return func(*args, **kwargs)
    except ArchgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("interrupted: nothing was written", err=True)
        raise typer.Exit(INTERRUPTED) from None


def _version(value: bool) -> None:
    if value:
        from archgen import __version__

        typer.echo(f"archgen {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print archgen's version and exit.")
    ] = False,
) -> None:
    """Turn a requirements questionnaire into a reviewed, publishable architecture design site."""


def _examples(*lines: str) -> str:
    """A command's examples for its --help, kept line by line (click rewraps other paragraphs)."""
    return "\b\nExamples:\n" + "\n".join(f"  {line}" for line in lines)


Requirements_ = Annotated[Path, typer.Argument(help="The questionnaire (YAML).", show_default=False)]


def folder(value: str) -> Path:
    """An --out folder; an empty one (`-o ""`, a variable never set) is refused rather than read as this folder."""
    if not value.strip():
        raise typer.BadParameter("an empty path; give the folder to write, e.g. -o shop (or leave -o out)")
    return Path(value)


Out = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Output folder [default: the system's slug].", parser=folder, metavar="PATH"),
]
Templates = Annotated[Path | None, typer.Option(help="A folder of templates that override the shipped ones.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite files you edited by hand.")]
Build = Annotated[bool, typer.Option("--build", help="Also build the HTML site (mkdocs build --strict).")]


@app.command(
    epilog=_examples(
        "archgen new -r requirements.yaml -o shop --build",
        "archgen new -r requirements.yaml -o shop --agent anthropic",
    )
)
def new(
    requirements: Annotated[Path, typer.Option("--requirements", "-r", help="The questionnaire (YAML).")],
    out: Out = None,
    agent: Annotated[Agent, typer.Option(help="Which architect designs.")] = Agent.rules,
    prices: Annotated[Path | None, typer.Option(help="A price table (YAML) overriding the shipped one.")] = None,
    catalog: Annotated[
        Path | None,
        typer.Option(
            help="With --agent rules: a folder of knowledge files (technologies.yaml, network.yaml, patterns/*.yaml) "
            "added to the shipped catalog."
        ),
    ] = None,
    templates: Templates = None,
    force: Force = False,
    build: Build = False,
    model: Annotated[
        str | None, typer.Option(help="With --agent anthropic: the Claude model [default: named in the summary].")
    ] = None,
    refine: Annotated[
        bool, typer.Option("--refine", help="With --agent anthropic: have Claude improve the rules architect's design.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache", help="With --agent anthropic: ask Claude afresh; new answers replace cached ones."),
    ] = False,
    platform: Annotated[
        Platform | None,
        typer.Option(help="With --agent anthropic: reach Claude on Anthropic's API, Amazon Bedrock or Vertex AI."),
    ] = None,
    effort: Annotated[
        Effort | None, typer.Option(help="With --agent anthropic: Claude's effort [default: the model's own].")
    ] = None,
    max_cost: Annotated[
        float | None,
        typer.Option("--max-cost", help="With --agent anthropic: stop before a call that could take the run past USD."),
    ] = None,
    dry_run: Annotated[
        Path | None,
        typer.Option(
            "--dry-run",
            help="With --agent anthropic: write the requests to this folder, print tokens and the most the run can "
            "cost; ask Claude nothing.",
        ),
    ] = None,
    accept_findings: Annotated[
        bool,
        typer.Option(
            "--accept-findings", help="With --agent anthropic: write a design whose review errors Claude did not fix."
        ),
    ] = False,
    keep_prompts: Annotated[
        bool,
        typer.Option("--keep-prompts", help="With --agent anthropic: put the prompts sent to Claude into the site."),
    ] = False,
) -> None:
    """Design a system from a questionnaire and write its design site."""
    from archgen.architects import Options
    from archgen.pipeline import generate, plan

    options = Options(
        prices=prices,
        catalog=catalog,
        model=model,
        refine=refine,
        use_cache=not no_cache,
        platform=platform.value if platform else None,
        effort=effort.value if effort else None,
        max_cost=max_cost,
        accept_findings=accept_findings,
        keep_prompts=keep_prompts,
    )
    if dry_run is not None:
        if agent is not Agent.anthropic:
            _fail_usage("--dry-run applies to --agent anthropic only; add it")
        for line in _run(plan, requirements, dry_run, options, _progress):
            typer.echo(line)
        return
    _summary(_run(generate, requirements, out, agent.value, options, templates, force, build, _progress))


@app.command(
    epilog=_examples("archgen render shop/design.yaml --build", "archgen render shop/design.yaml -o review-copy")
)
def render(
    design: Annotated[Path, typer.Argument(help="A design.yaml, possibly edited by hand.", show_default=False)],
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="Output folder [default: the design's folder].", parser=folder, metavar="PATH"
        ),
    ] = None,
    templates: Templates = None,
    force: Force = False,
    build: Build = False,
    prices: Annotated[
        Path | None,
        typer.Option(help="A price table (YAML) to price the design with [default: the table it was priced with]."),
    ] = None,
) -> None:
    """Regenerate the site from a saved design, without an architect.

    Every figure, size, instance count and cost line is recomputed from the design as it is now.
    """
    from archgen.pipeline import rerender

    _summary(_run(rerender, design, out, templates, force, build, _progress, prices))


@app.command(epilog=_examples("archgen validate requirements.yaml"))
def validate(requirements: Requirements_) -> None:
    """Check a questionnaire and list what archgen would assume."""
    from archgen.common.english import count
    from archgen.requirements import load_requirements

    loaded = _run(load_requirements, requirements)
    req = loaded.requirements
    assumed = any(a.key == "use_cases" for a in loaded.assumptions)
    use_cases = f"no use cases ({len(req.use_cases)} assumed)" if assumed else count(len(req.use_cases), "use case")
    typer.echo(
        f"ok: {requirements} is a valid questionnaire ({count(len(req.data.entities), 'entity')}, "
        f"{use_cases}, {count(len(loaded.assumptions), 'assumption')})"
    )
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for assumption in loaded.assumptions:
        typer.echo(f"  assumed {assumption.key} = {assumption.value} ({assumption.reason})")


@app.command(
    epilog=_examples(
        "archgen review requirements.yaml shop/design.yaml",
        "archgen review requirements.yaml shop/design.yaml -f sarif",
    )
)
def review(
    requirements: Requirements_,
    design: Annotated[Path, typer.Argument(help="The design.yaml to review.", show_default=False)],
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="How to print the findings.")] = (
        ReviewFormat.table
    ),
) -> None:
    """Check a design against its requirements.

    Exits 1 when the design has errors, 0 when it has none.
    """
    from archgen.review.report import counts, report
    from archgen.review.run import review_files

    reviewed = _run(review_files, requirements, design)
    for note in reviewed.upgraded:
        typer.echo(f"note: {design}: upgraded on reading: {note}", err=True)
    findings = reviewed.findings
    typer.echo(report(findings, design, format.value))
    raise typer.Exit(1 if counts(findings)["error"] else 0)


@app.command(
    epilog=_examples(
        "archgen diff old/design.yaml shop/design.yaml", "archgen diff old/design.yaml shop/design.yaml -f json"
    )
)
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier design.yaml.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later design.yaml.", show_default=False)],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="How to print the changes.")] = (
        DiffFormat.markdown
    ),
) -> None:
    """List what changed between two designs, section by section.

    Made to be read in a review meeting.
    """
    from archgen.design.diff import diff_files
    from archgen.render.changes import changes_report

    typer.echo(changes_report(_run(diff_files, old, new), format.value))


@app.command(epilog=_examples("archgen build shop"))
def build(folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)]) -> None:
    """Build the HTML site of a design folder into FOLDER/site.

    It runs mkdocs build --strict, so a broken link fails the build.
    """
    from archgen.site.build import build_site

    site = _run(build_site, folder)
    typer.echo(f"built {site / 'index.html'}")


@app.command(epilog=_examples("archgen serve shop", "archgen serve shop --address 127.0.0.1:8001"))
def serve(
    folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)],
    address: Annotated[str, typer.Option(help="Where to listen, as HOST:PORT.")] = "127.0.0.1:8000",
) -> None:
    """Serve a design folder with live reload, until Ctrl-C."""
    from archgen.site.build import serve_site

    def ready(url: str) -> None:
        typer.echo(f"serving {folder} at {url} (Ctrl-C to stop)")

    _run(serve_site, folder, address, ready)


@app.command(
    epilog=_examples(
        "archgen publish shop", 'archgen publish shop --remote upstream --branch docs --message "Review 2"'
    )
)
def publish(
    folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)],
    remote: Annotated[str, typer.Option(help="The git remote (a name, URL or path) to push to.")] = "origin",
    branch: Annotated[str, typer.Option(help="The branch that receives the site.")] = "gh-pages",
    message: Annotated[str, typer.Option(help="The commit message [default: names the design version].")] = "",
    allow_stale: Annotated[
        bool,
        typer.Option(
            "--allow-stale", help="Publish even when pages you edited lag behind the design (see their .new files)."
        ),
    ] = False,
) -> None:
    """Build the site of FOLDER and push it to a git branch.

    Your working tree is left alone.
    """
    from archgen.site.publish import publish_site

    done = _run(publish_site, folder, remote, branch, message, allow_stale)
    if done.pushed:
        typer.echo(f"published {folder / 'site'} to {done.branch} on {done.remote} (commit {done.commit[:12]})")
    else:
        typer.echo(
            f"{done.branch} on {done.remote} already holds this site (commit {done.commit[:12]}); nothing pushed"
        )


@app.command(epilog=_examples("archgen schema requirements", "archgen schema design"))
def schema(kind: Annotated[SchemaKind, typer.Argument(help="requirements or design.")]) -> None:
    """Print the JSON Schema of the questionnaire or of the design."""
    from archgen.common.schemas import json_schema

    typer.echo(json_schema(kind.value))


@app.command(epilog=_examples("archgen init requirements.yaml", "archgen init requirements.yaml -i --force"))
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the questionnaire.")] = Path("requirements.yaml"),
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask the main questions.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an annotated questionnaire to start from.

    With -i it asks the main questions first, checking each answer as you type it.
    """
    from archgen.requirements.starter import init_questionnaire

    def ask(question: str, default: str) -> str:
        try:
            return str(typer.prompt(question, default=default))
        except typer.Abort:  # Ctrl-C, or the end of answers piped in: the answers given so far are kept
            typer.echo(err=True)  # off the prompt's line
            if not sys.stdin.isatty():
                raise EOFError from None
            raise KeyboardInterrupt from None

    _run(init_questionnaire, path, force, ask if interactive else None, typer.echo)
    typer.echo(f"wrote {path}; edit it, then run `archgen new --requirements {path}`")


def _summary(result: Any) -> None:
    """Print what a run wrote; Ctrl-C while it prints says what the folder holds, as during the run."""
    try:
        _print_summary(result)
    except KeyboardInterrupt:
        held = result.folder.after_build() if result.folder is not None else f"{result.out} holds this run's output"
        typer.echo(f"interrupted: {held}", err=True)
        raise typer.Exit(INTERRUPTED) from None


def _print_summary(result: Any) -> None:
    from archgen.common.english import count
    from archgen.common.formatting import bytes_, number, usd

    summary, report = result.summary, result.report
    # render draws what the file says, whoever made it: naming an architect would claim it designed it again
    made = "from the design file" if getattr(result, "measured", None) is not None else f"{summary.generator} architect"
    typer.echo(f"Design of {summary.system} written to {result.out} ({made})")
    typer.echo(
        f"  {summary.style}: {count(summary.services, 'service')} in {count(summary.deployables, 'deployable')}, "
        f"{count(summary.stores, 'store')}, {count(summary.decisions, 'decision')}"
    )
    typer.echo(
        f"  peak {number(summary.peak_rps_now)} req/s now, {number(summary.peak_rps_in_3_years)} "
        f"req/s in 3 years; data after 3 years {bytes_(summary.data_bytes_in_3_years)}; "
        f"cost about {usd(summary.cost_usd_per_month)}/month"
    )
    typer.echo(
        f"  files: {len(report.created)} created, {len(report.updated)} updated, {len(report.unchanged)} unchanged, "
        f"{len(report.removed)} removed, {len(report.kept)} kept"
    )
    for name in report.kept:
        if name == "design.yaml":
            typer.echo(
                f"  kept your edited design.yaml; archgen's design is in design.yaml.new and the pages show it: "
                f"run `archgen render {result.out / name}` to show yours again (or --force to take archgen's)"
            )
        else:
            typer.echo(f"  kept your edits to {name}; archgen's version is in {name}.new (use --force to overwrite)")
    for name in report.handed_over:
        typer.echo(
            f"  left {name} as it was: archgen's design from the last `archgen new`, now yours to compare "
            f"(`archgen diff {result.out / name} {result.out / name.removesuffix('.new')}`) or delete"
        )
    measured = getattr(result, "measured", None)
    if measured is not None and measured.changed:
        cost = measured.design.cost.total_usd_per_month
        parts = [
            _named(measured.figures, "figure"),
            _named(measured.instances, "deployable", "the instances of "),
            _named(measured.cost_lines, "cost line"),
            _named(measured.derived, "other computed value"),
        ]
        typer.echo(
            f"  recomputed from the design: {', '.join(p for p in parts if p)}; cost {usd(measured.cost_before)} → "
            f"{usd(cost)}/month; design.yaml now holds them with your edits"
        )
    if measured is not None and measured.bounds:
        typer.echo("  kept the sizes you set; the figures and cost follow them: " + ", ".join(measured.bounds))
    if summary.review_errors or summary.review_warnings:
        typer.echo(
            f"  review: {count(summary.review_errors, 'error')}, {count(summary.review_warnings, 'warning')} "
            "(see review/findings; `archgen review` prints them with their fixes)"
        )
    for line in summary.review_error_lines[:SHOWN_ERRORS]:
        typer.echo(f"    error {line}")
    if len(summary.review_error_lines) > SHOWN_ERRORS:
        typer.echo(f"    and {count(len(summary.review_error_lines) - SHOWN_ERRORS, 'more error')}")
    if summary.changes is not None:
        c = summary.changes
        typer.echo(
            f"  since the previous version: {c.added} added, {c.removed} removed, "
            f"{c.changed} changed (see review/changes)"
        )
    if result.usage is not None:
        typer.echo(f"  {result.usage.summary()}")
    if result.site is not None:
        typer.echo(f"  site: {result.site / 'index.html'}")
    else:
        typer.echo(f"  build the site with: archgen build {result.out}")
    for warning in summary.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if summary.assumptions:
        typer.echo(f"  {count(len(summary.assumptions), 'assumption')} (listed on the site's requirements page):")
        for assumption in summary.assumptions[:SHOWN_ASSUMPTIONS]:
            typer.echo(f"    {assumption.key} = {assumption.value} ({assumption.reason})")
        if len(summary.assumptions) > SHOWN_ASSUMPTIONS:
            typer.echo(f"    and {len(summary.assumptions) - SHOWN_ASSUMPTIONS} more, on that page")
    if summary.open_questions:
        typer.echo(f"  {count(summary.open_questions, 'open question')} for the review: see review/questions")


_COMMANDS = frozenset(c.name or c.callback.__name__ for c in app.registered_commands if c.callback is not None)
SHOWN_ERRORS = 5  # a run's summary names its review errors up to this many; the findings page has them all
SHOWN_ASSUMPTIONS = 10  # and its assumptions up to this many, so what it did is not buried under them


def _interruptible(command: Callable[P, T]) -> Callable[P, T]:
    """A command that ends a Ctrl-C outside its work with a true line (typer would exit 130 in silence)."""

    @functools.wraps(command)
    def interruptible(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return command(*args, **kwargs)
        except KeyboardInterrupt:
            if _Work.started:  # its work is done and its summary said so (`_run` and `_summary` say the rest)
                raise typer.Exit(0) from None
            typer.echo("interrupted: nothing was written", err=True)  # still loading what it needs
            raise typer.Exit(INTERRUPTED) from None

    return interruptible


for _command in app.registered_commands:
    _command.callback = _interruptible(_command.callback) if _command.callback else None


def run(args: list[str]) -> int:
    """Run the command line on `args` and return its exit code; usage mistakes are one line, like other errors."""
    _Work.started = False
    command = typer.main.get_command(app)
    try:
        code = command.main(args or ["--help"], prog_name="archgen", standalone_mode=False)
    except typer.Abort:  # Ctrl-C outside a command's own work (e.g. while its summary prints): claim nothing
        typer.echo("interrupted", err=True)
        return INTERRUPTED
    except typer.TyperException as exc:  # click's usage errors: a missing argument, an unknown option, ...
        typer.echo(f"error: {_usage_line(exc, args)}", err=True)
        return int(getattr(exc, "exit_code", 2))
    return code if isinstance(code, int) else 0


def _usage_line(exc: Any, args: list[str] | None = None) -> str:
    """A usage error as one line, pointing at the help of the command it concerns (the command named in `args`
    when click met the error before it knew the command: an option missing its value)."""
    import difflib

    from archgen.common.errors import one_line

    message = " ".join(str(exc.format_message() if hasattr(exc, "format_message") else exc).split()).rstrip(".")
    given = [a for a in args or [] if a.endswith((".yaml", ".yml")) and not a.startswith("-")]
    if "'--requirements'" in message and given and "-r" not in (args or []):  # `archgen new req.yaml`
        message += f" (did you mean `archgen new -r {given[0]}`?)"
    if type(exc).__name__ == "NoSuchOption":  # click suggests far-fetched options (--colour → --out): near misses only
        close = difflib.get_close_matches(exc.option_name, sorted(exc.possibilities or ()), n=1, cutoff=0.75)
        message = f"no such option: {exc.option_name}" + (f" (did you mean {close[0]}?)" if close else "")
    message = message[:1].lower() + message[1:]
    context = getattr(exc, "ctx", None)
    named = next((a for a in args or [] if a in _COMMANDS), None)
    where = context.command_path if context is not None else f"archgen {named}" if named else "archgen"
    return one_line(f"{message}; see `{where} --help`")


def _named(items: list[str], noun: str, lead: str = "") -> str:
    """'2 figures (a, b)': how many changed and which, the first three named so a person can check them."""
    from archgen.common.english import count

    if not items:
        return ""
    shown = ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")
    return f"{lead}{count(len(items), noun)} ({shown})"
