"""Records a worker produces stay the worker's, reporting roles can file, decisions carry their choice, and a
click-out sends its visitor on with 303."""

from __future__ import annotations

from archgen.design.model import Design, Endpoint
from tests.conftest import corpus_design


def _ops(design: Design, entity: str) -> list[Endpoint]:
    return [e for s in design.services for e in s.endpoints if e.entity == entity]


def test_renditions_are_asked_for_on_the_video_and_written_by_the_worker() -> None:
    design = corpus_design("06-video-platform")
    writes = [e for e in _ops(design, "Rendition") if e.action in ("create", "update", "replace", "delete")]
    assert writes == []
    asked = next(e for e in _ops(design, "Rendition") if "Transcode video" in e.use_cases)
    assert (asked.method, asked.path, asked.status) == ("POST", "/v1/videos/{id}/transcode", 202)
    rendition = design.entity("Rendition")
    assert {f.name for f in rendition.fields if f.set_by == "client"} == set()
    assert "Transcode video" in next(f.source for f in rendition.fields if f.name == "manifest_path")


def test_every_role_the_data_says_reports_can_file() -> None:
    ride = corpus_design("01-ride-hailing")
    create = next(e for e in _ops(ride, "SafetyReport") if e.action == "create")
    assert {"rider", "driver", "support_agent"} <= set(create.roles)
    video = corpus_design("06-video-platform")
    assert any(e.action == "create" and "viewer" in e.roles for e in _ops(video, "ModerationCase"))


def test_a_moderation_decision_takes_its_action_and_leads_its_flow() -> None:
    design = corpus_design("06-video-platform")
    action = next(e for e in _ops(design, "ModerationCase") if e.transition == "action")
    assert action.request is not None
    assert [(f.name, f.type) for f in action.request.fields][:1] == [("action", "enum[block_video, remove_comment]")]
    flow = next(f for f in design.flows if f.use_case == "Review moderation case")
    assert flow.steps[0].message == "POST /v1/moderation-cases/{id}/action"
    feed = corpus_design("07-social-feed")
    decided = next(e for e in _ops(feed, "Report") if e.transition == "action")
    assert decided.request is not None
    assert {"ground", "facts", "automated_means", "redress"} <= {f.name for f in decided.request.fields}


def test_a_click_out_answers_see_other_and_asks_where_to() -> None:
    design = corpus_design("09-product-catalogue-search")
    click = next(e for e in _ops(design, "ClickOut") if e.action == "create")
    assert click.status == 303
    assert any("send the visitor to" in q.question for q in design.open_questions)
    flow = next(f for f in design.flows if f.use_case == "Click out to seller")
    assert any(s.message.startswith("303 See Other") for s in flow.steps)
