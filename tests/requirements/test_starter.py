"""`archgen init -i` never throws an answer away: each is checked as typed and asked again with the reason, numbers
and choices are read as people write them, and the questionnaire it writes validates and says what was asked."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from archgen.cli import run
from archgen.common.errors import InputError, Interrupted
from archgen.requirements import load_requirements
from archgen.requirements.starter import Answers, ask, count, init_questionnaire, percent, render_starter

# the questions in the order they are asked, with a valid answer to each
QUESTIONS = [
    ("System name", "Pay Hub"),
    ("What does it do, for whom?", "Card payments for online shops"),
    ("Business domain", "payments"),
    ("Daily active users", "20k"),
    ("Where are the users", "EU, north america"),
    ("Who uses it", "merchant, admin, terminal"),
    ("Which of them are staff only", "Admin"),
    ("Which of them are devices or other systems", "terminal: Device"),
    ("How many admin people are active", "1k"),
    ("Does it serve many client organisations", "Y"),
    ("How many organisations at launch", "1,500"),
    ("How are their data kept apart", "Schema-Per-Tenant"),
    ("Main kinds of records", "payment, refund, payout"),
    ("Which record is a client organisation", "merchant account"),
    ("Who makes each kind of record", "payout: Admin"),
    ("Which records hold personal data", "payment, Refund"),
    ("Which outside systems does it work with", "Stripe: payments, Postmark: Email"),
    ("Which regulations apply", "GDPR, SOC2"),
    ("Where must personal data stay", "de, AT"),
    ("Keep an audit log", "y"),
    ("Availability target in percent", "99.95%"),
    ("Cloud", "AWS"),
    ("Engineers on the team", "12"),
    ("Monthly budget", "5k"),
]


class Script:
    """Answers questions from a script of (start of the question, typed text), failing on any other question."""

    def __init__(self, answers: list[tuple[str, str]]) -> None:
        self.answers: Iterator[tuple[str, str]] = iter(answers)
        self.said: list[str] = []
        self.asked: list[str] = []

    def prompt(self, question: str, default: str) -> str:
        self.asked.append(question)
        expected, typed = next(self.answers)
        assert question.startswith(expected), f"asked {question!r}, expected {expected!r}"
        return typed

    def say(self, line: str) -> None:
        self.said.append(line)


def answered(script: list[tuple[str, str]]) -> tuple[Answers, Script]:
    scripted = Script(script)
    return ask(scripted.prompt, scripted.say), scripted


def test_answers_are_read_as_people_write_them() -> None:
    answers, script = answered(QUESTIONS)
    assert script.said == ["  read as europe, north-america", "  read as MerchantAccount"]
    assert answers.daily_active == 20_000 and answers.tenants == 1_500 and answers.availability == 99.95
    assert answers.cloud == "aws" and answers.isolation == "schema-per-tenant"
    assert answers.regions == ["europe", "north-america"]
    assert [(r.name, r.kind, r.internal, r.active_per_day) for r in answers.roles] == [
        ("merchant", "person", False, None),
        ("admin", "person", True, 1_000),  # staff are counted, not given every daily user
        ("terminal", "device", False, None),
    ]
    assert answers.tenant_entity == "MerchantAccount"
    assert answers.entities == ["MerchantAccount", "Payment", "Refund", "Payout"]


@pytest.mark.parametrize(
    ("question", "wrong", "reason"),
    [
        ("Daily active users", "lots", "'lots' is not a number; write e.g. 20000, 20,000 or 20k"),
        ("Daily active users", "2.5", "'2.5' is not a whole number"),
        ("Daily active users", "0", "0 is out of range; give 1 to 10,000,000,000"),
        ("Where are the users", "europ", "'europ' is not an area; did you mean 'europe'?"),
        ("Which of them are staff only", "boss", "'boss' is not one of the roles (merchant, admin, terminal)"),
        ("Which of them are devices or other systems", "boss", "'boss' is not one of the roles"),
        ("How many admin people are active", "30k", "30,000 is out of range; give 1 to 20,000"),
        ("Which of them are devices or other systems", "terminal: robot", "'robot' is not one of person, device"),
        ("Does it serve many client organisations", "perhaps", "'perhaps' is not yes or no; answer y or n"),
        ("How are their data kept apart", "separate", "'separate' is not one of any, shared-schema"),
        ("Main kinds of records", "3d model", "'3d model' cannot be a record name"),
        ("Availability target in percent", "110%", "110 % is out of range; give a percentage from 90 to 99.9999"),
        ("Availability target in percent", "three nines", "'three nines' is not a percentage; write e.g. 99.9"),
        ("Cloud", "oracle", "'oracle' is not one of aws, gcp, azure, on-prem, any"),
        ("System name", "x" * 81, "at most 80 characters, not 81"),
        ("Which record is a client organisation", "merchant, shop", "name one record, not 2 (Merchant, Shop)"),
        ("Who makes each kind of record", "payout", "'payout' needs a record and a role"),
        ("Who makes each kind of record", "invoice: admin", "'invoice' is not one of the records (MerchantAccount,"),
        ("Who makes each kind of record", "payout: boss", "'boss' is not one of the roles"),
        ("Which records hold personal data", "customer", "'customer' is not one of the records"),
        ("Which outside systems does it work with", "Stripe", "'Stripe' needs a system and what it does"),
        ("Where are the users", "Mars", "'Mars' is not an area (nearest in spelling"),  # no far-fetched guess
        ("Who makes each kind of record", "payout: admins", "'admins' is not one of the roles (merchant, admin, "),
        ("Which records hold personal data", "payments", "'payments' is not one of the records"),
        ("Which regulations apply", "gdrp", "'gdrp' is not a regulation archgen knows"),
        ("Where must personal data stay", "Mars", "'Mars' is not an area"),
    ],
)
def test_a_wrong_answer_is_asked_again_with_the_reason(question: str, wrong: str, reason: str) -> None:
    script = []
    for expected, typed in QUESTIONS:
        if expected == question:
            script.append((expected, wrong))
        script.append((expected, typed))
    answers, scripted = answered(script)
    retried = [line for line in scripted.said if not line.startswith("  read as ")]
    assert len(retried) == 1 and retried[0].startswith(f"  {reason}"), scripted.said
    assert retried[0].endswith(("; try again", "? Try again."))
    assert scripted.asked.count(scripted.asked[[q for q, _ in script].index(question)]) == 2
    assert answers == answered(QUESTIONS)[0]  # every other answer kept


def test_a_near_miss_is_named_and_a_far_one_is_not() -> None:
    typed = {
        "Who uses it": "merchant, admin, front-desk",
        "Which of them are devices or other systems": "none",
        "Who makes each kind of record": "payout: front-desk",
    }
    script = []
    for question, answer in QUESTIONS:
        if question == "Who makes each kind of record":
            script.append((question, "payout: frontdesk"))  # a near miss, asked again
        script.append((question, typed.get(question, answer)))
    _, near = answered(script)
    assert (
        "  'frontdesk' is not one of the roles (merchant, admin, front-desk); did you mean 'front-desk'? Try again."
        in near.said
    )
    far = [(q, "DACH, Mars") if q == "Where are the users" else (q, a) for q, a in QUESTIONS]
    far.insert([q for q, _ in QUESTIONS].index("Where are the users") + 1, ("Where are the users", "europe"))
    _, said = answered(far)
    assert said.said[0].startswith("  'Mars' is not an area (nearest in spelling: '")
    assert "did you mean" not in said.said[0]


def test_country_codes_and_regulations_are_kept_as_typed() -> None:
    typed = {"Where are the users": "DACH, de, AT", "Cloud": "Amazon"}
    answers, _ = answered([(q, typed.get(q, a)) for q, a in QUESTIONS])
    assert answers.regions == ["europe", "de", "at"] and answers.cloud == "aws"
    assert answers.regimes == ["gdpr", "soc2"] and answers.residency == ["de", "at"] and answers.audit_log


def test_every_item_of_a_list_answer_is_kept_however_it_is_written() -> None:
    typed = {
        "Where are the users": "EU and north america",
        "Who uses it": "merchant; admin & terminal",
        "Main kinds of records": "payment, refund and payout",
    }
    answers, script = answered([(q, typed.get(q, a)) for q, a in QUESTIONS])
    assert answers == answered(QUESTIONS)[0]
    # what is read otherwise than typed is said, the rest is not
    assert script.said == ["  read as europe, north-america", "  read as MerchantAccount"]


def test_enter_takes_the_default_and_single_tenancy_asks_nothing_about_tenants() -> None:
    tenancy = ("How many organisations", "How are", "Which record is")
    script = [(q, "" if q != "What does it do, for whom?" else a) for q, a in QUESTIONS if not q.startswith(tenancy)]
    answers, scripted = answered(script)
    # users in Europe: GDPR is offered, and with a regulation, an audit log
    assert answers == Answers(
        summary="Card payments for online shops", regimes=["gdpr"], residency=["europe"], audit_log=True
    )
    assert scripted.said == []


def test_the_summary_has_no_placeholder_to_keep() -> None:
    script = [(q, a) for q, a in QUESTIONS]
    script.insert(1, ("What does it do, for whom?", ""))
    answers, scripted = answered(script)
    assert scripted.said == [
        "  an answer is needed; try again",
        "  read as europe, north-america",
        "  read as MerchantAccount",
    ]
    assert answers.summary == "Card payments for online shops"


def test_numbers_and_percentages() -> None:
    assert [count(t, 1, 10**10) for t in ("20000", "20,000", "20_000", "20 000", "20k", "1.5M", "2b")] == [
        20_000,
        20_000,
        20_000,
        20_000,
        20_000,
        1_500_000,
        2_000_000_000,
    ]
    assert [percent(t) for t in ("99.9", "99.9%", "99.9 %", "99.95")] == [99.9, 99.9, 99.9, 99.95]
    # a decimal comma, as much of Europe writes it, is not a thousands separator
    assert [percent(t) for t in ("99,9%", "99,95 %")] == [99.9, 99.95]
    assert count("1,5k", 1, 10**6) == 1_500 and count("1,000,000", 1, 10**7) == 1_000_000


def test_the_questionnaire_of_the_answers_validates_and_says_what_was_asked(tmp_path: Path) -> None:
    answers, _ = answered(QUESTIONS)
    path = tmp_path / "requirements.yaml"
    path.write_text(render_starter(answers, path.name))
    req = load_requirements(path).requirements
    assert req.system.tenancy is not None
    assert (req.system.tenancy.model, req.system.tenancy.tenants, req.system.tenancy.isolation) == (
        "multi",
        1_500,
        "schema-per-tenant",
    )
    assert next(r for r in req.users.roles if r.name == "terminal").kind == "device"
    admin = next(r for r in req.users.roles if r.name == "admin")
    assert admin.internal and admin.active_per_day == 1_000
    # every record but the tenant's belongs to a tenant, and is looked up by it
    for entity in req.data.entities:
        owned = entity.name != "MerchantAccount"
        assert (str(entity.fields.get("merchant_account")) == "ref[MerchantAccount]") == owned
        assert ("by_merchant_account" in entity.access) == owned
    # use cases for every entity, started by the role that makes it: the first person who is not staff unless said
    assert {u.name for u in req.use_cases} == {
        f"{verb} {e.name}" for e in req.data.entities for verb in ("Browse", "Create")
    }
    assert {u.name: u.actor for u in req.use_cases if u.actor != "merchant"} == {
        "Browse Payout": "admin",
        "Create Payout": "admin",
    }
    # personal data as answered, and the outside systems it works with
    assert {e.name for e in req.data.entities if e.pii} == {"Payment", "Refund"}
    assert [(i.name, i.kind) for i in req.integrations] == [("Stripe", "payments"), ("Postmark", "email")]
    # never asked, so never written as if answered: it is archgen's typical figure, listed as an assumption
    assert "requests_per_user_per_day: " not in path.read_text().replace("# requests_per_user_per_day", "")
    assumed = {a.key for a in load_requirements(path).assumptions}
    assert "load.requests_per_user_per_day" in assumed
    assert req.constraints.cloud == "aws" and req.quality.availability == 99.95
    assert req.compliance.regimes == ["gdpr", "soc2"] and req.compliance.data_residency == ["de", "at"]
    assert req.compliance.audit_log and req.constraints.budget_usd_per_month == 5_000


def test_the_annotated_starter_shows_the_optional_keys_and_invents_no_references(tmp_path: Path) -> None:
    text = render_starter(Answers(), "requirements.yaml")
    for shown in ("# tenancy:", "#   isolation: any", "# kind: person", "# active_per_day:", "# interaction: request"):
        assert shown in text
    path = tmp_path / "requirements.yaml"
    path.write_text(text)
    req = load_requirements(path).requirements
    assert req.system.tenancy is None
    assert all(not str(t).startswith("ref[") for e in req.data.entities for t in e.fields.values())
    # personal data not asked about is left for archgen to judge from the fields, not denied
    assert "pii: false" not in text and "# pii: true" in text
    assert {u.name for u in req.use_cases} == {"Browse Account", "Create Account", "Browse Item", "Create Item"}


def test_the_path_is_checked_before_the_first_question(tmp_path: Path) -> None:
    taken = tmp_path / "requirements.yaml"
    taken.write_text("mine\n")
    script = Script([])
    with pytest.raises(InputError, match="already exists; choose another path or pass --force"):
        init_questionnaire(taken, force=False, prompt=script.prompt, say=script.say)
    assert script.asked == [] and taken.read_text() == "mine\n"
    with pytest.raises(InputError, match="is a folder"):
        init_questionnaire(tmp_path, force=True, prompt=script.prompt, say=script.say)
    assert script.asked == []


def test_the_command_line_asks_again_and_writes_a_valid_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requirements.yaml"
    typed = [t for _, t in QUESTIONS]
    typed.insert(3, "many")  # a wrong number of users first
    code = run_with_input(["init", str(path), "-i"], "\n".join(typed) + "\n", capsys)
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "'many' is not a number; write e.g. 20000, 20,000 or 20k; try again" in out.out
    assert load_requirements(path).requirements.users.daily_active == 20_000


def test_the_end_of_the_input_writes_nothing_and_keeps_the_answers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "requirements.yaml"
    code = run_with_input(["init", str(path), "-i"], "Pay Hub\n", capsys)
    assert code == 2 and not path.exists()  # a script that ran out of answers is bad input, not a Ctrl-C
    said = capsys.readouterr().err.splitlines()[-1]
    assert said.startswith("error: the input ended before the last question: ") and "your 1 answers" in said


def test_a_question_never_answered_right_keeps_the_other_answers(tmp_path: Path) -> None:
    path = tmp_path / "requirements.yaml"
    from archgen.requirements.starter import MAX_ATTEMPTS

    script = Script([*QUESTIONS[:3], *[("Daily active users", "lots")] * MAX_ATTEMPTS])
    with pytest.raises(InputError, match=r"no valid answer after \d+ tries: .* your 3 answers are kept in"):
        init_questionnaire(path, force=False, prompt=script.prompt, say=script.say)
    assert not path.exists() and (tmp_path / ".requirements.yaml.answers.yaml").is_file()


def test_countries_may_be_named_in_english() -> None:
    typed = {"Where are the users": "Ireland, Northern Ireland", "Where must personal data stay": "Ireland"}
    answers, _ = answered([(q, typed.get(q, a)) for q, a in QUESTIONS])
    assert answers.regions == ["ie", "gb"] and answers.residency == ["ie"]


def test_ctrl_c_half_way_keeps_the_answers_for_the_next_run(tmp_path: Path) -> None:
    path = tmp_path / "requirements.yaml"

    class Stopped(Script):
        def prompt(self, question: str, default: str) -> str:
            if question.startswith("Who uses it"):
                raise KeyboardInterrupt
            return super().prompt(question, default)

    first = Stopped(QUESTIONS)
    with pytest.raises(Interrupted, match="your 5 answers are kept in"):
        init_questionnaire(path, force=False, prompt=first.prompt, say=first.say)
    assert not path.exists()
    # the next run offers each answer given as the default: Enter keeps it
    offered: dict[str, str] = {}

    def enter(question: str, default: str) -> str:
        offered[question] = default
        return ""

    again = Script([])
    init_questionnaire(path, force=False, prompt=enter, say=again.say)
    assert offered["System name"] == "Pay Hub" and offered["Daily active users (e.g. 20k)"] == "20k"
    assert load_requirements(path).requirements.users.daily_active == 20_000
    assert not (tmp_path / ".requirements.yaml.answers.yaml").exists()  # used up once the file is written


def run_with_input(args: list[str], text: str, capsys: pytest.CaptureFixture[str]) -> int:
    import io
    import sys

    real = sys.stdin
    sys.stdin = io.StringIO(text)
    try:
        return run(args)
    finally:
        sys.stdin = real


def test_a_bare_name_is_a_device_no_is_none_and_a_summary_taken_as_typed_is_not_echoed() -> None:
    summary = "Residents and lamp controllers report faults, dispatchers group them and crews close them"
    typed = {
        "What does it do, for whom?": summary,
        "Which of them are devices or other systems": "terminal",  # the question asks which: a name is a device
        "Which regulations apply": "no",
    }
    answers, script = answered([(q, typed.get(q, a)) for q, a in QUESTIONS])
    assert answers.summary == summary and answers.regimes == []
    assert next(r for r in answers.roles if r.name == "terminal").kind == "device"
    assert not any(summary in line for line in script.said), script.said


def test_staff_default_to_a_small_number_not_every_daily_user(tmp_path: Path) -> None:
    script = [(q, "" if q.startswith("How many admin") else a) for q, a in QUESTIONS]
    answers, _ = answered(script)
    assert next(r for r in answers.roles if r.name == "admin").active_per_day == 50  # not the 20,000 daily users


def test_ctrl_c_after_the_last_answer_keeps_every_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archgen.requirements import starter

    path = tmp_path / "requirements.yaml"

    def stopped(*_: object, **__: object) -> None:
        raise KeyboardInterrupt  # during the pause while the file is checked before it is written

    monkeypatch.setattr(starter, "write_starter", stopped)
    script = Script(QUESTIONS)
    with pytest.raises(Interrupted, match=f"your {len(QUESTIONS)} answers are kept in"):
        init_questionnaire(path, force=False, prompt=script.prompt, say=script.say)
    assert not path.exists() and (tmp_path / ".requirements.yaml.answers.yaml").is_file()


def test_the_comments_of_the_starter_line_up(tmp_path: Path) -> None:
    import re

    answers, _ = answered(QUESTIONS)
    columns = {
        m.end() - 2
        for line in render_starter(answers, "requirements.yaml").splitlines()
        if (m := re.search(r"^ *[#a-z_].{0,30}?\S( +)# ", line))
    }
    assert columns == {39}, columns


def test_the_questionnaire_file_takes_the_spellings_init_takes(tmp_path: Path) -> None:
    from tests.conftest import MINIMAL

    path = tmp_path / "requirements.yaml"
    spelled = "quality:\n  availability: 99.9%\nconstraints:\n  cloud: AWS\n  budget_usd_per_month: 4k\n"
    path.write_text(MINIMAL.lstrip().replace("daily_active: 50", "daily_active: 20k") + spelled)
    req = load_requirements(path).requirements
    assert req.users.daily_active == 20_000 and isinstance(req.users.daily_active, int)
    assert req.quality.availability == 99.9 and req.constraints.cloud == "aws"
    assert req.constraints.budget_usd_per_month == 4_000
