"""A finding of the gate on a revision file (report.py's Finding; its path is made
relative to the project when the report is made): a violation of a rule of the registry
(rules/), or a note, which says what the offline gate could not see and which check (the
walk, `pytest -m migrations`) judges it on the database instead.
"""

from pathlib import Path

from ..report import Finding
from ..rules import DOCS, RULES


def violation(rule: str, path: Path, line: int, message: str) -> Finding:
    return Finding(rule, str(path), message, f"{RULES[rule].hint} ({DOCS}#{rule})", line=line)
