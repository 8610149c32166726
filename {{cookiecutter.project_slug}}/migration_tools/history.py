"""The revision history, loaded once, and the shape it must have: one straight line."""

from dataclasses import dataclass
from pathlib import Path

from alembic.config import Config
from alembic.script import Script, ScriptDirectory


@dataclass(frozen=True)
class History:
    """Every revision file, read once, in the order they apply (base first)."""

    script: ScriptDirectory
    revisions: tuple[Script, ...]

    @classmethod
    def load(cls, config: Config) -> "History":
        script = ScriptDirectory.from_config(config)
        # walk_revisions goes head -> base, reading each file once for the whole run.
        return cls(script, tuple(reversed(list(script.walk_revisions()))))

    @property
    def head(self) -> str | None:
        return self.revisions[-1].revision if self.revisions else None

    def index(self, revision: str) -> int:
        """The position of `revision` in the walk (0 for the first after base)."""
        return next(i for i, script in enumerate(self.revisions) if script.revision == revision)


def describe(revision: Script) -> str:
    """How a failure names a revision: its id, its message and its file."""
    return f"{revision.revision} ({revision.doc}, {Path(revision.path).name})"


def shape_problems(history: History) -> list[str]:
    """Why the history is not one line from base to a single head (empty when it is)."""
    script = history.script
    problems = []
    heads = script.get_heads()
    if len(heads) > 1:
        named = ", ".join(describe(script.get_revision(head)) for head in heads)
        problems.append(f"{len(heads)} heads, expected one: {named}")
    bases = script.get_bases()
    if len(bases) > 1:
        named = ", ".join(describe(script.get_revision(base)) for base in bases)
        problems.append(f"{len(bases)} bases, expected one: {named}")
    for revision in history.revisions:
        if revision.is_merge_point:
            merged = ", ".join(revision.down_revision or ())
            problems.append(f"{describe(revision)} merges {merged}")
        if revision.is_branch_point:
            problems.append(
                f"{describe(revision)} is revised by more than one revision: "
                f"{', '.join(sorted(revision.nextrev))}"
            )
        if revision.dependencies:
            problems.append(f"{describe(revision)} has depends_on; keep the history one line")
    return problems
