"""The command-line reference, read from the command tree typer builds: commands, arguments, options, defaults, help."""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from pathlib import Path
from typing import Any

import typer
from typer.main import get_command

from sitegen.markdown import literal, page, prose, table

# typer's names for value types, in the words the rest of the documentation uses
TYPE_NAMES = {"str": "text", "text": "text", "int": "integer", "integer": "integer", "float": "number"}


def cli_reference(app: typer.Typer, program: str = "archgen", exit_codes: str = "") -> str:
    """The reference page of `app`: one section per command (and subcommand), in the order `--help` lists them."""
    root = get_command(app)
    context = typer.Context(root, info_name=program)
    help_options = root.context_settings.get("help_option_names", ["--help"])
    return page(
        "Command-line reference",
        prose(root.help or ""),
        f"Every command accepts {', '.join(literal(o) for o in help_options)} to print its help. {exit_codes}",
        *(_section(name, command, ctx) for name, command, ctx in _commands(root, context, program)),
    )


def _commands(root: Any, context: typer.Context, program: str) -> Iterator[tuple[str, Any, typer.Context]]:
    """Every visible command with its full name and context; an app of a single command is that command."""
    if getattr(root, "commands", None) is None:
        yield program, root, context
    else:
        yield from _subcommands(root, context, program)


def _subcommands(group: Any, context: typer.Context, path: str) -> Iterator[tuple[str, Any, typer.Context]]:
    """The visible commands below `group`, each followed by its own subcommands."""
    for name, command in group.commands.items():
        if command.hidden:
            continue
        ctx = typer.Context(command, info_name=name, parent=context)
        yield f"{path} {name}", command, ctx
        if getattr(command, "commands", None) is not None:
            yield from _subcommands(command, ctx, f"{path} {name}")


def _section(name: str, command: Any, ctx: typer.Context) -> str:
    params = [p for p in command.params if not p.hidden]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    usage = " ".join([name, "[OPTIONS]" if options else "", *(_metavar(p) for p in arguments)])
    if getattr(command, "commands", None):
        usage += " COMMAND [ARGS]..."
    blocks = [f"## {name}", prose(command.help or ""), f"```text\n{' '.join(usage.split())}\n```"]
    examples = _examples(command.epilog or "")
    if examples:
        blocks.append("Examples:\n\n```sh\n" + "\n".join(examples) + "\n```")
    if arguments:
        rows = [[literal(_metavar(p).strip("[]")), _type(p), _default(p), prose(p.help or "")] for p in arguments]
        blocks.append(table(["Argument", "Type", "Default", "Description"], rows))
    if options:
        rows = [
            [
                ", ".join(literal(o) for o in [*p.opts, *p.secondary_opts]),
                _type(p),
                _default(p),
                prose(p.help or ""),
            ]
            for p in options
        ]
        blocks.append(table(["Option", "Type", "Default", "Description"], rows))
    return "\n\n".join(blocks)


def _examples(epilog: str) -> list[str]:
    """The example command lines of a command's epilog (its lines after "Examples:")."""
    lines = [line.strip() for line in epilog.replace("\b", "").splitlines()]
    return lines[lines.index("Examples:") + 1 :] if "Examples:" in lines else []


def _metavar(param: Any) -> str:
    name = str(param.name).upper()
    return name if param.required else f"[{name}]"


def _type(param: Any) -> str:
    if getattr(param, "is_flag", False):
        return "flag"
    choices = getattr(param.type, "choices", None)
    if choices:
        return "one of " + ", ".join(literal(getattr(choice, "value", choice)) for choice in choices)
    shown = str(param.type.name)
    return TYPE_NAMES.get(shown, shown)


def _default(param: Any) -> str:
    if param.required:
        return "**required**"
    value = param.default
    if getattr(param, "is_flag", False):
        return "off" if not value else "on"
    if value is None or not param.show_default:
        return ""
    if isinstance(value, Enum):
        value = value.value
    return literal(value.as_posix() if isinstance(value, Path) else value)
