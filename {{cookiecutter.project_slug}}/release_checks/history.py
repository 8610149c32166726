"""The revision history, loaded once, and the shape it must have: one straight line (the
one definition, the service's db/history.py, which env.py and the gate read too)."""

from dataclasses import dataclass, field
from pathlib import Path

from alembic.config import Config
from alembic.script import Script, ScriptDirectory

from {{ cookiecutter.project_slug }}.db.history import line_breaks, load_revisions

from release_checks.reads import Reads, recording


@dataclass(frozen=True)
class History:
    """Every revision file, read once, in the order they apply (base first)."""

    script: ScriptDirectory
    revisions: tuple[Script, ...]
    reads: Reads = field(default_factory=Reads, compare=False)  # what loading them read

    @classmethod
    def load(cls, config: Config) -> "History":
        """CommandError, in one line naming the file, when a revision cannot be loaded."""
        script = ScriptDirectory.from_config(config)
        with recording() as reads:
            revisions = tuple(load_revisions(script))
        return cls(script, revisions, reads)

    def prefix(self, length: int) -> "History":
        """The first `length` revisions."""
        return History(self.script, self.revisions[:length], self.reads)


def revision_name(revision: Script) -> str:
    """How a failure names a revision: its id, its message and its file."""
    doc = f"{revision.doc}, " if revision.doc else ""  # a revision may have no docstring
    return f"{revision.revision} ({doc}{Path(revision.path).name})"


def shape_problems(history: History) -> list[str]:
    """Why the history is not one line from base to a single head (empty when it is).
    In the files' order (they are dated), so that a break names the newcomer."""
    in_files_order = sorted(history.revisions, key=lambda revision: revision.path)
    return [
        f"{revision_name(history.script.get_revision(problem.revision))} {problem.message}"
        for problem in line_breaks(in_files_order)
    ]
