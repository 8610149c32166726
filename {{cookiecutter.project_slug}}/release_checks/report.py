"""What a check found, and the three ways it is told: text for people, GitHub workflow
annotations, JSON. One finding type and one set of formats for the migration gate and
the API check; and the same three for a check that could not run (exit 2), so
`--format json` is always JSON."""

import json
from collections.abc import Callable
from dataclasses import dataclass, field

from .rules import RULES


@dataclass(frozen=True)
class Finding:
    rule: str
    file: str  # shown relative to the project
    message: str
    hint: str
    line: int | None = None  # in the file (a revision), or
    at: str | None = None  # the JSON path in the document (the API)
    advice: bool = False  # a preference the project has not made a rule: shown, never failing

    @property
    def note(self) -> bool:
        """What the check could not judge, or advice: shown, never failing."""
        rule = RULES.get(self.rule)
        return self.advice or (rule is not None and rule.note)

    @property
    def kind(self) -> str:
        """How text tells it apart: "advice: ", "note: " or nothing (a violation)."""
        return "advice: " if self.advice else "note: " if self.note else ""

    @property
    def place(self) -> str:
        return f"{self.file}:{self.line}" if self.line is not None else f"{self.file}: {self.at}"


@dataclass(frozen=True)
class Report:
    findings: list[Finding]  # violations and notes, in the order they are told
    summary: str  # the last line
    facts: dict[str, object] = field(default_factory=dict)  # JSON's first keys
    notes_apart: bool = False  # JSON lists the notes apart (the gate's)

    @property
    def violations(self) -> list[Finding]:
        return [found for found in self.findings if not found.note]

    @property
    def notes(self) -> list[Finding]:
        return [found for found in self.findings if found.note]


def as_text(report: Report) -> str:
    lines = []
    for found in report.findings:
        lines.append(f"{found.place}: {found.kind}{found.rule}: {found.message}")
        lines.append(f"    hint: {found.hint}")
    return "\n".join([*lines, report.summary])


def github_escape(text: str, *, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape their separators.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def as_github(report: Report) -> str:
    lines = []
    for found in report.findings:
        line = f",line={found.line}" if found.line is not None else ""
        at = f"{found.at}: " if found.at is not None else ""
        lines.append(
            f"::{'notice' if found.note else 'error'} "
            f"file={github_escape(found.file, in_property=True)}{line},"
            f"title={github_escape(found.rule, in_property=True)}::"
            f"{github_escape(f'{at}{found.message} (hint: {found.hint})')}"
        )
    return "\n".join([*lines, report.summary])


def _as_dict(found: Finding) -> dict[str, object]:
    place: dict[str, object] = {"line": found.line} if found.line is not None else {}
    if found.at is not None:
        place["path"] = found.at
    return {
        "rule": found.rule,
        "file": found.file,
        **place,
        "message": found.message,
        "hint": found.hint,
        **({"advice": True} if found.advice else {}),
    }


def as_json(report: Report) -> str:
    told = report.violations if report.notes_apart else report.findings
    notes = {"notes": [_as_dict(each) for each in report.notes]} if report.notes_apart else {}
    return json.dumps(
        {**report.facts, "violations": [_as_dict(each) for each in told], **notes}, indent=2
    )


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "github": as_github,
    "json": as_json,
}


def failure(form: str, title: str, message: str) -> str | None:
    """What a check prints on stdout when it cannot run (its error goes to stderr): JSON
    says so as JSON; GitHub gets one annotation (`title`); text prints nothing."""
    if form == "json":
        return json.dumps({"error": message}, indent=2)
    if form == "github":
        return f"::error title={title}::{github_escape(message)}"
    return None
