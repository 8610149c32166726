"""The gate's report as text for people, GitHub workflow annotations, or JSON."""

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .rules import Violation


@dataclass(frozen=True)
class Report:
    root: Path  # paths are shown relative to it
    revisions: int
    violations: list[Violation]

    def where(self, violation: Violation) -> str:
        return violation.path.relative_to(self.root).as_posix()


def as_text(report: Report) -> str:
    lines = []
    for found in report.violations:
        lines.append(f"{report.where(found)}:{found.line}: {found.rule}: {found.message}")
        lines.append(f"    hint: {found.hint}")
    files = len({found.path for found in report.violations})
    if report.violations:
        lines.append(
            f"{len(report.violations)} violation(s) in {files} file(s); "
            "README.md, 'The migration gate', explains each rule"
        )
    else:
        lines.append(f"{report.revisions} revision(s) pass the migration gate")
    return "\n".join(lines)


def _escape(text: str, *, in_property: bool = False) -> str:
    # GitHub's workflow-command escaping; properties also escape their separators.
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if in_property else text


def as_github(report: Report) -> str:
    lines = [
        f"::error file={_escape(report.where(found), in_property=True)},line={found.line},"
        f"title={_escape(found.rule, in_property=True)}::"
        f"{_escape(f'{found.message} (hint: {found.hint})')}"
        for found in report.violations
    ]
    return "\n".join([*lines, as_text(report).splitlines()[-1]])


def as_json(report: Report) -> str:
    return json.dumps(
        {
            "revisions": report.revisions,
            "violations": [
                {
                    "rule": found.rule,
                    "file": report.where(found),
                    "line": found.line,
                    "message": found.message,
                    "hint": found.hint,
                }
                for found in report.violations
            ],
        },
        indent=2,
    )


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": as_text,
    "github": as_github,
    "json": as_json,
}
