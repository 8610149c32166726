"""The release record, migrations/released.toml: what the last release shipped.

`make release` writes it when a release is cut (and commits nothing: commit it with the
release): the `[project] version`, the head revision, and every deprecation the models
declared then, with whether that code still used it:

    version = "0.4.0"
    head = "9c2e4d6f8a1b"

    [[deprecated]]
    table = "users"
    column = "nickname"
    since = "0.3"
    used = false

The rules read it twice. The released head is the baseline: the revisions at or below it
shipped already, so the rules no longer judge them (the walk still proves every downgrade
and drift). And a drop of a column or table is accepted only when this record lists it as
deprecated and no longer used: the code still serving during the next deploy is the
released code, and it must not map what the drop removes.
"""

import json
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation, parse_release

RECORD = Path("migrations") / "released.toml"


@dataclass(frozen=True)
class Release:
    version: str
    head: str | None  # None: nothing was released yet
    deprecated: tuple[Deprecation, ...]

    def find(self, table: str, column: str | None) -> Deprecation | None:
        """The recorded declaration of the column (else of its table)."""
        return find(self.deprecated, table, column)


def find(declared: Iterable[Deprecation], table: str, column: str | None) -> Deprecation | None:
    """The declaration of `table`'s `column`, else of the table (its columns go with it)."""
    found = {(each.table, each.column): each for each in declared}
    return found.get((table, column)) or found.get((table, None))


def read_release(path: Path) -> Release | None:
    """The record at `path`, None when there is none; ValueError in one line when it is
    malformed."""
    if not path.exists():
        return None
    try:
        data = tomllib.loads(path.read_text())
        version, head = _text(data, "version"), data.get("head")
        parse_release(version)
        entries = data.get("deprecated", [])
        if not isinstance(entries, list) or not all(isinstance(each, dict) for each in entries):
            raise TypeError("deprecated must be [[deprecated]] tables")
        deprecated = tuple(
            Deprecation(
                table=_text(entry, "table"),
                column=entry.get("column") and _text(entry, "column"),
                since=".".join(map(str, parse_release(_text(entry, "since")))),
                used=_flag(entry, "used"),
            )
            for entry in entries
        )
    except (OSError, tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
        problem = f"missing {error}" if isinstance(error, KeyError) else str(error)
        raise ValueError(f"{RECORD}: {problem} (`make release` writes it)") from None
    return Release(version=version, head=head, deprecated=deprecated)


def _text(table: dict[str, object], key: str) -> str:
    value = table[key]
    if not isinstance(value, str):
        raise TypeError(f"{key} must be a string")
    return value


def _flag(table: dict[str, object], key: str) -> bool:
    value = table[key]
    if not isinstance(value, bool):
        raise TypeError(f"{key} must be true or false")
    return value


def record_release(
    path: Path, version: str, head: str | None, declared: list[Deprecation]
) -> Release:
    """Write the record of release `version` at `head` with the models' `declared`
    deprecations. ValueError, in one line, when a declaration contradicts the release or
    the record before it (a declaration's release never changes)."""
    previous = read_release(path)
    release = parse_release(version)
    if previous is not None and parse_release(previous.version) > release:
        raise ValueError(f"{RECORD} records release {previous.version}, after {version}")
    before = {(each.table, each.column): each for each in previous.deprecated} if previous else {}
    for each in declared:
        if parse_release(each.since) > release:
            raise ValueError(f"{each.subject}: deprecated in {each.since}, after {version}")
        recorded = before.get((each.table, each.column))
        if recorded is not None and recorded.since != each.since and previous is not None:
            raise ValueError(
                f"{each.subject}: declared deprecated in {each.since}, but release "
                f"{previous.version} recorded {recorded.since} ({RECORD}); a declaration's "
                "release never changes"
            )
    lines = [
        "# The last release: written by `make release`, read by the migration rules",
        "# (docs/migrations.md: The release record). Commit it; do not edit it.",
        f"version = {json.dumps(version)}",
        *([f"head = {json.dumps(head)}"] if head is not None else []),
    ]
    for each in declared:
        lines += ["", "[[deprecated]]", f"table = {json.dumps(each.table)}"]
        lines += [f"column = {json.dumps(each.column)}"] if each.column is not None else []
        lines += [f"since = {json.dumps(each.since)}", f"used = {str(each.used).lower()}"]
    path.write_text("\n".join(lines) + "\n")
    return Release(version=version, head=head, deprecated=tuple(declared))


def unknown_head(head: str) -> str:
    """What the gate and the walk say when the released head is not in the history."""
    return (
        f"{RECORD}: the released head {head} is not a revision of migrations/versions/ "
        "(a released revision is never deleted; `make release` records the head again)"
    )
