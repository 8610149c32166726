"""The gate's report as text for people, GitHub workflow annotations, or JSON; and the
same three for a gate that could not run (exit 2), so `--format json` is always JSON."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..release import RECORD
from ..rules import DOCS
from .findings import Violation


@dataclass(frozen=True)
class Report:
    root: Path  # paths are shown relative to it
    revisions: int
    findings: list[Violation]  # violations and notes, sorted by file and line
    released: int = 0  # of the revisions, those the last release shipped: not judged

    @property
    def violations(self) -> list[Violation]:
        return [found for found in self.findings if not found.is_note]

    @property
    def notes(self) -> list[Violation]:
        return [found for found in self.findings if found.is_note]

    def where(self, found: Violation) -> str:
        try:
            return found.path.relative_to(self.root).as_posix()
        except ValueError:
            return found.path.as_posix()


def _summary(report: Report) -> str:
    notes = f"; {len(report.notes)} note(s) for the walk" if report.notes else ""
    if report.violations:
        files = len({found.path for found in report.violations})
        return (
            f"{len(report.violations)} violation(s) in {files} file(s){notes}; "
            f"{DOCS} explains each rule"
        )
    released = report.released
    judged = f" ({released} released, not judged: {RECORD})" if released else ""
    return f"{report.revisions - released} revision(s) pass the migration gate{judged}{notes}"


def as_text(report: Report) -> str:
    lines = []
    for found in report.findings:
        kind = "note: " if found.is_note else ""
        lines.append(f"{report.where(found)}:{found.line}: {kind}{found.rule}: {found.message}")
        lines.append(f"    hint: {found.hint}")
    return "\n".join([*lines, _summary(report)])


def github_escape(text: str, *, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape their separators.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def as_github(report: Report) -> str:
    lines = [
        f"::{'notice' if found.is_note else 'error'} "
        f"file={github_escape(report.where(found), in_property=True)},line={found.line},"
        f"title={github_escape(found.rule, in_property=True)}::"
        f"{github_escape(f'{found.message} (hint: {found.hint})')}"
        for found in report.findings
    ]
    return "\n".join([*lines, _summary(report)])


def _as_dicts(report: Report, found: list[Violation]) -> list[dict[str, object]]:
    return [
        {
            "rule": each.rule,
            "file": report.where(each),
            "line": each.line,
            "message": each.message,
            "hint": each.hint,
        }
        for each in found
    ]


def as_json(report: Report) -> str:
    return json.dumps(
        {
            "revisions": report.revisions,
            "released": report.released,
            "violations": _as_dicts(report, report.violations),
            "notes": _as_dicts(report, report.notes),
        },
        indent=2,
    )


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "github": as_github,
    "json": as_json,
}


def failure(form: str, message: str) -> str | None:
    """What the gate prints on stdout when it cannot run (its error goes to stderr):
    JSON says so as JSON; GitHub gets one annotation; text prints nothing."""
    if form == "json":
        return json.dumps({"error": message}, indent=2)
    if form == "github":
        return f"::error title=migration gate::{github_escape(message)}"
    return None
