"""Loading questionnaires: every section, defaults reported as assumptions, located one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.requirements import load_requirements
from tests.conftest import EXAMPLES, MINIMAL, example


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_loads(name: str) -> None:
    loaded = load_requirements(example(name))
    assert loaded.requirements.data.entities
    assert not [w for w in loaded.warnings if "error" in str(w)]


def test_the_full_format_example_loads_with_its_values(write_yaml) -> None:  # type: ignore[no-untyped-def]
    req = load_requirements(example("shop")).requirements
    assert req.users.daily_active == 300_000  # underscores in integers
    assert req.load.growth_per_year == 0.8
    product = req.entity("Product")
    assert str(product.fields["currency"]) == "enum[EUR, USD, GBP]"
    assert product.fields["merchant"].references == "Merchant"
    assert req.use_cases[-1].async_ is True
    assert req.compliance.regimes == ["gdpr", "pci-dss"]


def test_required_keys_only_gets_every_default_reported(write_yaml) -> None:  # type: ignore[no-untyped-def]
    loaded = load_requirements(write_yaml(MINIMAL))
    req = loaded.requirements
    assumed = {a.key: a for a in loaded.assumptions}
    assert req.load.peak_factor == 3.0  # diurnal default
    assert assumed["load.peak_factor"].reason == "typical for diurnal traffic"
    # 50 users × 30-minute sessions / 1440 minutes × peak factor 3 = 3.125 → 4
    assert req.users.peak_concurrent == 4
    assert assumed["users.peak_concurrent"].value == "4"
    assert req.quality.availability == 99.9 and "quality.availability" in assumed
    assert "constraints.cloud" in assumed and req.constraints.cloud == "any"
    # row size estimated from the values alone (16 uuid + 64 string); the engine adds its row header
    assert req.entity("Note").record_bytes == 80
    assert assumed["data.entities[Note].record_bytes"].value == "80"
    # nothing the user wrote is reported as assumed
    assert "users.daily_active" not in assumed and "system.name" not in assumed


def test_a_default_is_reported_only_where_it_means_something() -> None:
    loaded = load_requirements(Path("tests/domains/04-room-bookings.yaml"))
    assumed = {a.key for a in loaded.assumptions}
    # a guest waits for a search; nobody waits for a timer job or a provider's webhook
    assert "use_cases[Search availability].async" in assumed
    assert "use_cases[Expire holds].async" not in assumed
    assert "use_cases[Receive payment event].async" not in assumed


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_requirements(path)
    return info.value.problems


def test_unknown_key_names_the_file_line_and_a_close_match(write_yaml) -> None:  # type: ignore[no-untyped-def]
    path = write_yaml(MINIMAL.replace("  daily_active: 50", "  daily_active: 50\n  dayly_active: 3"))
    [line] = problems(path)
    assert line.startswith(f"{path}:7: users.dayly_active: unknown key; did you mean 'daily_active'?")


def test_several_problems_are_all_reported_each_on_its_line(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL.replace("daily_active: 50", "daily_active: -3").replace("title: string", "title: strin")
    path = write_yaml(text)
    found = problems(path)
    assert f"{path}:6: users.daily_active: must be at least 1" in found
    assert any(p.startswith(f"{path}:10: data.entities[0].fields.title: unknown field type 'strin'") for p in found)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (("version: 1", "version: 7"), "version: format version 7 is not supported; supported: 1"),
        (("version: 1\n", ""), "version: is required; add `version: 1`"),
        (("  daily_active: 50\n", ""), "users: is empty; add its keys (registered, daily_active, "),
        (("  daily_active: 50\n", "  regions: [europe]\n"), "users.daily_active: is required; add it"),
        (("title: string}", "title: string, owner: \"ref[User]\"}"),
         "data.entities[0].fields.owner: refers to the entity 'User', which is not in data.entities"),
        (("      fields:", "      access: [by_author]\n      fields:"),
         "data.entities[0].access[0]: 'by_author' names the field 'author', which Note does not have"),
        (("      fields:", "      access: [range_title, sideways]\n      fields:"),
         "data.entities[0].access[1]: unknown access pattern 'sideways'"),
        (("  name: Tiny", "  name: " + "x" * 81), "system.name: is too long (at most 80 characters)"),
        (("data:", "use_cases:\n  - name: Read\n    actor: ghost\n    reads: [Note]\ndata:"),
         "use_cases[0].actor: 'ghost' is not a role in users.roles (user)"),
    ],
)  # fmt: skip
def test_cross_checks_name_the_key_and_what_to_do(write_yaml, edit, expected) -> None:  # type: ignore[no-untyped-def]
    found = problems(write_yaml(MINIMAL.replace(*edit)))
    assert any(expected in p for p in found), found


def test_duplicate_entity_names_are_refused(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL + "    - name: Note\n"
    [line] = problems(write_yaml(text))
    assert "data.entities[1].name: the entity name 'Note' is used twice" in line


def test_unknown_regime_is_a_warning_not_an_error(write_yaml) -> None:  # type: ignore[no-untyped-def]
    loaded = load_requirements(write_yaml(MINIMAL + "compliance:\n  regimes: [fisma]\n"))
    assert any("'fisma' is not a regime archgen knows" in str(w) for w in loaded.warnings)


def test_a_choice_in_any_case_and_a_percent_sign_are_read_as_init_reads_them(write_yaml) -> None:  # type: ignore[no-untyped-def]
    text = MINIMAL + "quality:\n  availability: 99.9%\nconstraints:\n  cloud: AWS\n"
    req = load_requirements(write_yaml(text)).requirements
    assert req.quality.availability == 99.9 and req.constraints.cloud == "aws"
    # a value that still reads as nothing known is shown back, with what to write
    found = problems(write_yaml(MINIMAL + "quality:\n  availability: high\nconstraints:\n  cloud: Oracle\n"))
    assert any(p.endswith("quality.availability: must be a number, e.g. 15, not 'high'") for p in found), found
    assert any(
        p.endswith("constraints.cloud: must be one of 'aws', 'gcp', 'azure', 'on-prem' or 'any', not 'Oracle'")
        for p in found
    ), found


def test_a_mistyped_technology_in_must_use_is_a_warning_naming_the_one_meant(write_yaml) -> None:  # type: ignore[no-untyped-def]
    loaded = load_requirements(
        write_yaml(MINIMAL + "constraints:\n  must_use: [Postgress, Terraform]\n  avoid: [Mongodb]\n")
    )
    said = [str(w) for w in loaded.warnings]
    assert any(
        "constraints.must_use[0]: 'Postgress' names no technology archgen knows; did you mean" in w for w in said
    )
    assert not any("Terraform" in w or "Mongodb" in w for w in said), said  # not a typo / a known one in any case
