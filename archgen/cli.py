"""The command line: parse flags, call one library function, print, exit. No logic a library test cannot reach.

Only typer is imported at start-up; each command imports what it needs, so `archgen --help` stays fast.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

app = typer.Typer(
    name="archgen",
    help="Turn a requirements questionnaire into a reviewed, publishable architecture design site.",
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
    from archgen.errors import ArchgenError

    if isinstance(exc, ArchgenError):
        for line in exc.problems:
            typer.echo(f"error: {line}", err=True)
        raise typer.Exit(exc.exit_code)
    raise exc


def _fail_usage(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(2)


def _progress(message: str) -> None:
    if sys.stderr.isatty():
        typer.echo(f"… {message}", err=True)


def _run(func: Any, *args: Any, **kwargs: Any) -> Any:
    """Call a library function; turn archgen's errors into their lines and exit code."""
    from archgen.errors import ArchgenError

    try:
        return func(*args, **kwargs)
    except ArchgenError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        typer.echo("interrupted; the output folder is unchanged", err=True)
        raise typer.Exit(130) from None


Requirements_ = Annotated[Path, typer.Argument(help="The questionnaire (YAML).", show_default=False)]
Out = Annotated[Path | None, typer.Option("--out", "-o", help="Output folder [default: the system's slug].")]
Templates = Annotated[Path | None, typer.Option(help="A folder of templates that override the shipped ones.")]
Force = Annotated[bool, typer.Option("--force", help="Overwrite files you edited by hand.")]
Build = Annotated[bool, typer.Option("--build", help="Also build the HTML site (mkdocs build --strict).")]


@app.command()
def new(
    requirements: Annotated[Path, typer.Option("--requirements", "-r", help="The questionnaire (YAML).")],
    out: Out = None,
    agent: Annotated[Agent, typer.Option(help="Which architect designs.")] = Agent.rules,
    prices: Annotated[Path | None, typer.Option(help="A price table (YAML) overriding the shipped one.")] = None,
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
    from archgen.pipeline import generate, plan

    claude = {
        "platform": platform.value if platform else None,
        "effort": effort.value if effort else None,
        "max_cost": max_cost,
        "accept_findings": accept_findings,
        "keep_prompts": keep_prompts,
    }
    if dry_run is not None:
        if agent is not Agent.anthropic:
            _fail_usage("--dry-run applies to --agent anthropic only; add it")
        for line in _run(plan, requirements, dry_run, prices, _progress, model=model, refine=refine, **claude):
            typer.echo(line)
        return
    result = _run(
        generate,
        requirements,
        out,
        agent.value,
        prices,
        templates,
        force,
        build,
        _progress,
        model=model,
        refine=refine,
        use_cache=not no_cache,
        **claude,
    )
    _summary(result)


@app.command()
def render(
    design: Annotated[Path, typer.Argument(help="A design.yaml, possibly edited by hand.", show_default=False)],
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output folder [default: the design's folder].")
    ] = None,
    templates: Templates = None,
    force: Force = False,
    build: Build = False,
) -> None:
    """Regenerate the site from a saved design, without an architect."""
    from archgen.pipeline import rerender

    _summary(_run(rerender, design, out, templates, force, build, _progress))


@app.command()
def validate(requirements: Requirements_) -> None:
    """Check a questionnaire and list what archgen would assume."""
    from archgen.english import count
    from archgen.requirements import load_requirements

    loaded = _run(load_requirements, requirements)
    req = loaded.requirements
    typer.echo(
        f"ok: {requirements} is a valid questionnaire ({count(len(req.data.entities), 'entity')}, "
        f"{count(len(req.use_cases), 'use case')}, {count(len(loaded.assumptions), 'assumption')})"
    )
    for warning in loaded.warnings:
        typer.echo(f"warning: {warning}", err=True)
    for assumption in loaded.assumptions:
        typer.echo(f"  assumed {assumption.key} = {assumption.value} ({assumption.reason})")


@app.command()
def review(
    requirements: Requirements_,
    design: Annotated[Path, typer.Argument(help="The design.yaml to review.", show_default=False)],
    format: Annotated[ReviewFormat, typer.Option("--format", "-f", help="How to print the findings.")] = (
        ReviewFormat.table
    ),
) -> None:
    """Check a design against its requirements; exit 1 when there are errors."""
    from archgen.review.report import counts, report
    from archgen.review.run import review_files

    reviewed = _run(review_files, requirements, design)
    for note in reviewed.upgraded:
        typer.echo(f"note: {design}: upgraded on reading: {note}", err=True)
    findings = reviewed.findings
    typer.echo(report(findings, design, format.value))
    raise typer.Exit(1 if counts(findings)["error"] else 0)


@app.command()
def diff(
    old: Annotated[Path, typer.Argument(help="The earlier design.yaml.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The later design.yaml.", show_default=False)],
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="How to print the changes.")] = (
        DiffFormat.markdown
    ),
) -> None:
    """List what changed between two designs, section by section, for a review meeting."""
    from archgen.design.diff import diff_files
    from archgen.render.changes import changes_report

    typer.echo(changes_report(_run(diff_files, old, new), format.value))


@app.command()
def build(folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)]) -> None:
    """Build the HTML site of a design folder (mkdocs build --strict) into FOLDER/site."""
    from archgen.site_build import build_site

    site = _run(build_site, folder)
    typer.echo(f"built {site / 'index.html'}")


@app.command()
def serve(
    folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)],
    address: Annotated[str, typer.Option(help="Where to listen.")] = "127.0.0.1:8000",
) -> None:
    """Serve a design folder with live reload."""
    from archgen.site_build import serve_site

    _run(serve_site, folder, address)


@app.command()
def publish(
    folder: Annotated[Path, typer.Argument(help="A generated design folder.", show_default=False)],
    remote: Annotated[str, typer.Option(help="The git remote (a name, URL or path) to push to.")] = "origin",
    branch: Annotated[str, typer.Option(help="The branch that receives the site.")] = "gh-pages",
    message: Annotated[str, typer.Option(help="The commit message [default: names the design version].")] = "",
) -> None:
    """Build the site of FOLDER and push it to a git branch, leaving your working tree alone."""
    from archgen.site_publish import publish_site

    done = _run(publish_site, folder, remote, branch, message)
    if done.pushed:
        typer.echo(f"published {folder / 'site'} to {done.branch} on {done.remote} (commit {done.commit[:12]})")
    else:
        typer.echo(
            f"{done.branch} on {done.remote} already holds this site (commit {done.commit[:12]}); nothing pushed"
        )


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="requirements or design.")]) -> None:
    """Print the JSON Schema of the questionnaire or of the design."""
    from archgen.schemas import json_schema

    typer.echo(json_schema(kind.value))


@app.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the questionnaire.")] = Path("requirements.yaml"),
    interactive: Annotated[bool, typer.Option("--interactive", "-i", help="Ask the main questions.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Overwrite an existing file.")] = False,
) -> None:
    """Write an annotated questionnaire to start from."""
    from archgen.requirements.starter import Answers, ask, write_starter

    answers = ask(typer.prompt) if interactive else Answers()
    _run(write_starter, path, answers, force)
    typer.echo(f"wrote {path}; edit it, then run `archgen new --requirements {path}`")


def _summary(result: Any) -> None:
    from archgen.english import count
    from archgen.formatting import bytes_, number, usd

    summary, report = result.summary, result.report
    typer.echo(f"Design of {summary.system} written to {result.out} ({summary.generator} architect)")
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
        typer.echo(f"  kept your edits to {name}; archgen's version is in {name}.new (use --force to overwrite)")
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
        for assumption in summary.assumptions:
            typer.echo(f"    {assumption.key} = {assumption.value} ({assumption.reason})")
    if summary.open_questions:
        typer.echo(f"  {count(summary.open_questions, 'open question')} for the review: see review/questions")


def main() -> None:
    """Entry point of the `archgen` console script."""
    app()
