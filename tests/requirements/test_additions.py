"""The additions to format 1: tenancy, role kinds and populations, interactions, integrations as actors, areas."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from archgen.common.errors import InputError
from archgen.requirements import load_requirements
from tests.conftest import MINIMAL

WriteYaml = Callable[..., Path]

RIDES = """
version: 1
system:
  name: Rides
  summary: Riders book drivers nearby.
  tenancy: {model: multi, tenants: 300, growth_per_year: 0.3, isolation: any}
users:
  daily_active: 1_000_000
  regions: [north-america, eu, latam]
  roles:
    - name: rider
    - name: driver
      active_per_day: 600_000
      peak_online: 200_000
    - name: meter
      kind: device
      active_per_day: 2_000_000
data:
  entities:
    - name: Trip
      fields: {id: uuid, status: "enum[requested, accepted, completed]"}
use_cases:
  - name: Stream driver location
    actor: driver
    interaction: stream
    frequency_per_user_per_day: 7_200
    batch_size: 1
    request_bytes: 200
    response_bytes: 0
  - name: Track trip
    actor: rider
    interaction: push
    reads: [Trip]
  - name: Settle payment
    actor: Adyen
    interaction: webhook
    writes: [Trip]
integrations:
  - {name: Adyen, kind: payments, direction: both}
compliance:
  data_residency: [eu]
"""


def test_every_addition_loads_with_its_values(write_yaml: WriteYaml) -> None:
    loaded = load_requirements(write_yaml(RIDES))
    req = loaded.requirements
    assert req.system.tenancy is not None and req.system.tenancy.model == "multi"
    assert req.system.tenancy.tenants == 300
    driver = next(r for r in req.users.roles if r.name == "driver")
    assert (driver.kind, driver.active_per_day, driver.peak_online) == ("person", 600_000, 200_000)
    assert next(r for r in req.users.roles if r.name == "meter").kind == "device"
    stream, push, webhook = req.use_cases
    assert (stream.interaction, stream.batch_size, stream.request_bytes, stream.response_bytes) == (
        "stream",
        1,
        200,
        0,
    )
    assert push.interaction == "push"
    assert (webhook.actor, webhook.interaction) == ("Adyen", "webhook")


def test_area_aliases_are_read_and_reported(write_yaml: WriteYaml) -> None:
    loaded = load_requirements(write_yaml(RIDES))
    req = loaded.requirements
    assert req.users.regions == ["north-america", "europe", "south-america"]
    assert req.compliance.data_residency == ["europe"]
    assumed = {a.key: a for a in loaded.assumptions}
    assert assumed["compliance.data_residency[0]"].value == "europe"
    assert assumed["compliance.data_residency[0]"].reason == "'eu' read as the area europe"
    assert assumed["users.regions[2]"].value == "south-america"


def test_a_country_pins_residency_but_is_an_area_for_users(write_yaml: WriteYaml) -> None:
    text = MINIMAL.replace("  daily_active: 50\n", "  daily_active: 50\n  regions: [us]\n")
    req = load_requirements(write_yaml(text + "compliance:\n  data_residency: [us]\n")).requirements
    assert req.users.regions == ["north-america"]
    assert req.compliance.data_residency == ["us"]


def problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as info:
        load_requirements(path)
    return info.value.problems


def test_an_unknown_area_is_an_error_naming_the_closest(write_yaml: WriteYaml) -> None:
    path = write_yaml(MINIMAL + "compliance:\n  data_residency: [mars, europ]\n")
    found = problems(path)
    # a far miss is not passed off as meant: the closest area is named as what it is, nearest in spelling
    said = f"{path}:12: compliance.data_residency[0]: 'mars' is not an area (nearest in spelling: '"
    assert found[0].startswith(said)
    assert found[1].startswith(
        f"{path}:12: compliance.data_residency[1]: 'europ' is not an area; did you mean 'europe'?"
    )
    assert "ISO 3166 country code" in found[1]


def test_an_integration_starts_only_webhooks(write_yaml: WriteYaml) -> None:
    path = write_yaml(RIDES.replace("    interaction: webhook\n", ""))
    assert any(
        "use_cases[2].actor: the integration 'Adyen' can start only a webhook use case" in p for p in problems(path)
    )


def test_a_person_never_calls_a_webhook_and_the_error_names_who_can(write_yaml: WriteYaml) -> None:
    path = write_yaml(RIDES.replace("actor: Adyen", "actor: rider"))
    said = "use_cases[2].actor: a webhook is called by an external system, not by the role 'rider'; name the "
    assert any(said in p and "(Adyen)" in p for p in problems(path))
    # a device may call in on its own (a controller raising an alert)
    load_requirements(write_yaml(RIDES.replace("actor: Adyen", "actor: meter"), "device.yaml"))


def test_an_unknown_actor_lists_roles_and_integrations(write_yaml: WriteYaml) -> None:
    path = write_yaml(RIDES.replace("actor: Adyen", "actor: Stripe"))
    assert any(
        "use_cases[2].actor: 'Stripe' is not a role in users.roles (driver, meter, rider) nor an integration (Adyen)"
        in p
        for p in problems(path)
    )


def test_without_active_per_day_frequencies_stay_per_daily_user(write_yaml: WriteYaml) -> None:
    loaded = load_requirements(write_yaml(RIDES))
    rider = next(r for r in loaded.requirements.users.roles if r.name == "rider")
    assert rider.active_per_day == 1_000_000
    assumed = {a.key: a for a in loaded.assumptions}
    assert assumed["users.roles[rider].active_per_day"].value == "1,000,000"
    assert "users.roles[driver].active_per_day" not in assumed


def test_a_questionnaire_with_every_addition_round_trips(cli, write_yaml: WriteYaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    import jsonschema
    import yaml

    path = write_yaml(RIDES)
    schema = json.loads(cli("schema", "requirements").stdout)
    jsonschema.validate(yaml.safe_load(RIDES), schema)  # the schema an editor uses accepts every addition
    assert cli("validate", path).exit_code == 0
    out = tmp_path / "rides"
    assert cli("new", "-r", path, "-o", out).exit_code == 0
    assert cli("render", out / "design.yaml").exit_code == 0
    reviewed = cli("review", path, out / "design.yaml", "--format", "json")
    assert reviewed.exit_code in (0, 1), reviewed.output
    data = json.loads(reviewed.stdout)
    assert data["summary"]["error"] == 0, [f for f in data["findings"] if f["severity"] == "error"]
    design = yaml.safe_load((out / "design.yaml").read_text(encoding="utf-8"))
    assert design["requirements"]["system"]["tenancy"]["tenants"] == 300
    assert design["requirements"]["compliance"]["data_residency"] == ["europe"]


def test_a_webhook_calls_in_once_for_each_call_made_to_its_integration(write_yaml: WriteYaml) -> None:
    paying = RIDES.replace(
        "  - name: Settle payment\n",
        "  - name: Pay for trip\n    actor: rider\n    calls: [Adyen]\n    frequency_per_user_per_day: 0.5\n"
        "  - name: Settle payment\n",
    )
    loaded = load_requirements(write_yaml(paying))
    webhook = next(u for u in loaded.requirements.use_cases if u.name == "Settle payment")
    assert webhook.frequency_per_user_per_day == 500_000  # 1,000,000 riders × 0.5 payments, one result each
    assumed = {a.key: a for a in loaded.assumptions}["use_cases[Settle payment].frequency_per_user_per_day"]
    assert assumed.value == "500,000" and "for each call Pay for trip makes to it" in assumed.reason
    assert "once per active user" not in assumed.reason  # the integration has no active users


def test_a_record_with_a_persons_name_and_contact_is_personal_whatever_its_name(write_yaml: WriteYaml) -> None:
    owners = MINIMAL.replace(
        "    - name: Note\n      fields: {id: uuid, title: string}\n",
        "    - name: Owner\n      fields: {id: uuid, full_name: string, email: string, phone: string}\n"
        "    - name: Clinic\n      fields: {id: uuid, name: string, phone: string, address: text}\n",
    )
    assumed = {a.key: a for a in load_requirements(write_yaml(owners)).assumptions}
    assert assumed["data.entities[Owner].pii"].value == "true"
    assert assumed["data.entities[Owner].pii"].reason == "it describes a person"
    assert assumed["data.entities[Clinic].pii"].value == "false"  # a business has a name and a phone too
