"""API rules for stored files: every role whose use cases put a private file can upload it, and every role whose
use cases read a record keying one can fetch it (a short-lived signed URL, after the record's own access check)."""

from __future__ import annotations

from archgen.architects.rules.field_sources import files_record, keeps_private_file
from archgen.capacity.load import actor_kind
from archgen.design.model import EntityDesign
from archgen.knowledge.operations import operation_words
from archgen.requirements.intent import words
from archgen.review.engine import Found, Problem, Subject, rule


def _file_records(subject: Subject) -> list[tuple[int, EntityDesign]]:
    """The entities (with their index) whose records key a file that is not served to anonymous users."""
    return [
        (i, e)
        for i, e in enumerate(subject.design.entities)
        if keeps_private_file(subject.req, e.name, (f.name for f in e.fields))
    ]


def _roles_with(subject: Subject, entity: str, link: str) -> set[str]:
    return {r for _, _, e in subject.endpoints() if e.entity == entity and e.link == link for r in e.roles}


@rule("API110", "error", "api", "Stored file its readers cannot fetch")
def file_unfetchable(subject: Subject) -> Found:
    """A record keys a private file (a storage key, a photo key) and a role whose use case reads the record has no
    operation that hands it a signed download URL: the record lists a payslip, a photo or an attachment nobody can
    open. An export is left out: it hands out its own link."""
    exports = operation_words().reads.export
    for index, entity in _file_records(subject):
        readers = [
            u
            for u in subject.req.use_cases
            if entity.name in u.reads
            and u.actor
            and actor_kind(subject.req, u) == "person"
            and not set(words(u.name)) & exports
        ]
        fetch = _roles_with(subject, entity.name, "download")
        missing = sorted({u.actor for u in readers if u.actor and u.actor not in fetch})
        if not missing:
            continue
        cases = [u.name for u in readers if u.actor in missing]
        yield Problem(
            element=entity.name,
            at=("entities", index),
            message=f"keys a private file that {', '.join(missing)} read ({'; '.join(cases)}) and no operation "
            "hands them a download URL",
            fix="add GET …/{id}/download (link: download) for those roles: after the same access check as the "
            "record, it answers a short-lived signed URL to the file",
        )


@rule("API111", "error", "api", "File upload only some of its makers may call")
def upload_too_narrow(subject: Subject) -> Found:
    """A record keying a private file has an upload operation (a pre-signed URL), and a role whose use case makes
    the record, or files one beside its own (an assessment with its report), is not among that upload's callers:
    its use case cannot put the file."""
    for index, entity in _file_records(subject):
        upload = _roles_with(subject, entity.name, "upload")
        stated = next((e for e in subject.req.data.entities if e.name == entity.name), None)
        if not upload or stated is None:
            continue
        makers = [u for u in subject.req.use_cases if files_record(subject.req, u, stated)]
        missing = sorted({u.actor for u in makers if u.actor and u.actor not in upload})
        if not missing:
            continue
        cases = [u.name for u in makers if u.actor in missing]
        yield Problem(
            element=entity.name,
            at=("entities", index),
            message=f"{', '.join(missing)} file these records ({'; '.join(cases)}) and the upload admits only "
            f"{', '.join(sorted(upload))}",
            fix="let the upload operation (link: upload) take those roles too, each answered with its own "
            "pre-signed URL",
        )
