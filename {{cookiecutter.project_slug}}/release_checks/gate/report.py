"""The gate's report (report.py's type and formats): its findings, paths shown relative
to the project, and a last line that counts them."""

from dataclasses import replace
from pathlib import Path

from ..project import SQUAWK_REFUSE
from ..release import RECORD
from ..report import Finding, Report
from ..rules import DOCS

TITLE = "migration gate"  # of a GitHub annotation when the gate cannot run


def gate_report(root: Path, revisions: int, findings: list[Finding], released: int) -> Report:
    """`findings` (sorted by file and line) on `revisions` revisions, of which the last
    release shipped `released` (not judged)."""
    shown = [replace(found, file=_relative(root, Path(found.file))) for found in findings]
    violations = [found for found in shown if not found.note]
    advice = sum(found.advice for found in shown)
    notes = len(shown) - len(violations) - advice
    noted = f"; {notes} note(s) for the walk" if notes else ""
    noted += f"; {advice} advice (squawk's style, not refused: {SQUAWK_REFUSE})" if advice else ""
    if violations:
        files = len({found.file for found in violations})
        summary = (
            f"{len(violations)} violation(s) in {files} file(s){noted}; {DOCS} explains each rule"
        )
    else:
        judged = f" ({released} released, not judged: {RECORD})" if released else ""
        summary = f"{revisions - released} revision(s) pass the migration gate{judged}{noted}"
    facts: dict[str, object] = {"revisions": revisions, "released": released}
    return Report(shown, summary, facts, notes_apart=True)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
