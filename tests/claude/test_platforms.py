"""Claude on Amazon Bedrock and Google Cloud Vertex AI, through the SDK's own clients, tested at the HTTP layer:
the platform's URL with its model id, its authentication, and the same request body otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from archgen.architects.claude import ClaudeArchitect
from archgen.common.errors import InputError
from archgen.requirements import Loaded
from tests.claude.fake_api import FakeClaude, serve, transport
from tests.conftest import example

PLATFORM_VARIABLES = (
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_SESSION_TOKEN",
    "AWS_PROFILE",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "AWS_BEARER_TOKEN_BEDROCK",
    "ANTHROPIC_BEDROCK_BASE_URL",
    "CLOUD_ML_REGION",
    "ANTHROPIC_VERTEX_PROJECT_ID",
    "ANTHROPIC_VERTEX_BASE_URL",
    "GOOGLE_APPLICATION_CREDENTIALS",
)
AWS_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYTESTKEY"


@pytest.fixture(autouse=True)
def platform_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """None of this machine's AWS or Google configuration: only what each test sets."""
    for name in PLATFORM_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


def aws_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLETEST")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_SECRET)
    monkeypatch.setenv("AWS_REGION", "eu-central-1")


def test_bedrock_requests_are_signed_and_name_the_bedrock_model(
    fake: FakeClaude, loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_keys(monkeypatch)
    design = ClaudeArchitect(platform="bedrock", transport=transport(fake)).design(loaded)
    assert design.services and design.provenance is not None and design.provenance.platform == "bedrock"
    assert set(fake.paths) == {"/model/anthropic.claude-sonnet-5-5-v1/invoke-with-response-stream"}
    for request, headers in zip(fake.requests, fake.headers, strict=True):
        assert "model" not in request and "stream" not in request
        assert request["anthropic_version"]  # in the body: the platform routes by URL, not by header
        assert request["output_config"]["format"]["type"] == "json_schema" and request["thinking"] == {
            "type": "adaptive"
        }
        assert headers["host"] == "bedrock-runtime.eu-central-1.amazonaws.com"
        credential, signed, signature = headers["authorization"].split(", ")
        assert credential.startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLETEST/")
        assert credential.endswith("/eu-central-1/bedrock/aws4_request")
        assert "host" in signed and "x-amz-date" in signed
        assert len(signature.removeprefix("Signature=")) == 64 and "x-api-key" not in headers
        assert AWS_SECRET not in str(headers)


def test_bedrock_takes_an_api_key_as_a_bearer_token(
    fake: FakeClaude, loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_BEARER_TOKEN_BEDROCK", "bedrock-api-key-test")
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    ClaudeArchitect(platform="bedrock", model="claude-haiku-4-5", transport=transport(fake)).design(loaded)
    assert set(fake.paths) == {"/model/anthropic.claude-haiku-4-5-20251001-v1:0/invoke-with-response-stream"}
    assert {h["authorization"] for h in fake.headers} == {"Bearer bedrock-api-key-test"}
    assert {h["host"] for h in fake.headers} == {"bedrock-runtime.us-west-2.amazonaws.com"}


def test_vertex_requests_go_to_the_project_and_region_with_a_google_token(
    fake: FakeClaude, loaded: Loaded, monkeypatch: pytest.MonkeyPatch
) -> None:
    from google.oauth2.credentials import Credentials

    monkeypatch.setenv("CLOUD_ML_REGION", "europe-west1")
    monkeypatch.setenv("ANTHROPIC_VERTEX_PROJECT_ID", "design-review-test")
    signed_in = Credentials(token="ya29.test-token")  # valid, so google-auth has nothing to refresh
    architect = ClaudeArchitect(platform="vertex", transport=transport(fake), client_options={"credentials": signed_in})
    architect.design(loaded)
    assert set(fake.paths) == {
        "/v1/projects/design-review-test/locations/europe-west1/publishers/anthropic/models/"
        "claude-sonnet-5-5:streamRawPredict"
    }
    assert {h["host"] for h in fake.headers} == {"europe-west1-aiplatform.googleapis.com"}
    assert {h["authorization"] for h in fake.headers} == {"Bearer ya29.test-token"}
    assert all(r["anthropic_version"] and "model" not in r for r in fake.requests)


def test_a_platform_without_its_region_is_a_usage_error(fake: FakeClaude, loaded: Loaded) -> None:
    with pytest.raises(InputError, match=r"for --platform vertex is not usable \(No region was given"):
        ClaudeArchitect(platform="vertex", transport=transport(fake)).design(loaded)
    assert fake.requests == []


def test_bedrock_through_the_cli_against_a_local_endpoint(  # type: ignore[no-untyped-def]
    cli, fake: FakeClaude, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    aws_keys(monkeypatch)
    out = tmp_path / "out"
    with serve(fake) as url:
        monkeypatch.setenv("ANTHROPIC_BEDROCK_BASE_URL", url)
        result = cli(
            "new",
            "-r",
            example("expenses"),
            "-o",
            out,
            "--agent",
            "anthropic",
            "--platform",
            "bedrock",
            "--model",
            "claude-opus-5-5",
        )
    assert result.exit_code == 0, result.output
    assert set(fake.paths) == {"/model/anthropic.claude-opus-5-5-v1/invoke-with-response-stream"}
    assert "Claude claude-opus-5-5: 3 API call(s)" in result.stdout
    assert "platform: bedrock" in (out / "design.yaml").read_text()
    assert not [p for p in out.rglob("*") if p.is_file() and AWS_SECRET.encode() in p.read_bytes()]
