"""What the gate finds: a violation of a rule of the registry (rules/), or a note, which
says what the offline gate could not see and which check (the walk, `pytest -m
migrations`) judges it on the database instead.
"""

from dataclasses import dataclass
from pathlib import Path

from ..rules import DOCS, RULES


@dataclass(frozen=True)
class Violation:
    rule: str
    path: Path
    line: int
    message: str
    hint: str

    @property
    def is_note(self) -> bool:
        rule = RULES.get(self.rule)
        return rule is not None and rule.note


def violation(rule: str, path: Path, line: int, message: str) -> Violation:
    return Violation(rule, path, line, message, f"{RULES[rule].hint} ({DOCS}#{rule})")
