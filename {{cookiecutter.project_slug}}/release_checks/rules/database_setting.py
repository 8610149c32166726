"""`database-setting`: a setting every new session of the database starts with is set,
changed or reset (`ALTER DATABASE ... SET`, `ALTER ROLE ... IN DATABASE ... SET`).

Every release and every other service connecting to the database gets it at once: a
`search_path` that no longer finds their tables, a `timezone` or `DateStyle` that changes
what they read, a `statement_timeout` that cancels their queries.
"""

import re
from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade
from ._rule import Acknowledge, RevisionExample, Rule

_DATABASE = ("database", "the current database")  # its row in the snapshot
# the snapshot's `settings for all {timezone=UTC}, for reporting {"search_path=a, b"}`
_FOR = re.compile(r"for (\S+) \{((?:[^}\"]|\"(?:[^\"\\]|\\.)*\")*)\}")
_ITEM = re.compile(r'"((?:[^"\\]|\\.)*)"|([^,]+)')


def changed_settings(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """Each setting (by role, or for all) the upgrade adds, changes or removes."""
    if _DATABASE not in upgrade.changed:  # (the walk takes this path on nearly every upgrade)
        return
    was, becomes = (_settings(side.snapshot.objects.get(_DATABASE, "")) for side in upgrade.sides)
    for role, name in sorted(was.keys() | becomes.keys()):
        if was.get((role, name)) != becomes.get((role, name)):
            shown = f"{name} = {becomes[role, name]}" if (role, name) in becomes else name
            verb = "resets" if (role, name) not in becomes else "sets"
            whom = "every session" if role == "all" else f"the sessions of {role}"
            message = f"{verb} {shown} for {whom} of the database"
            yield CatalogChange(RULE.id, name, None, message)


def _settings(definition: str) -> dict[tuple[str, str], str]:
    """(role or "all", setting) -> value, from the database's row of the snapshot."""
    found = {}
    for role, items in _FOR.findall(definition.partition(" settings ")[2]):
        for quoted, bare in _ITEM.findall(items):
            item = re.sub(r"\\(.)", r"\1", quoted) if quoted else bare
            name, _, value = item.partition("=")
            found[role, name.lower()] = value
    return found


RULE = Rule(
    id="database-setting",
    summary="a setting every new session of the database starts with is set, changed or reset",
    hint="set it in the sessions that need it, with SET or their connection's options; "
    "or acknowledge",
    seen=frozenset({"catalog"}),
    catalog=changed_settings,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade="""
op.execute(
    "DO $$ BEGIN EXECUTE format("
    "'ALTER DATABASE %I SET timezone = ''Asia/Tokyo''', current_database()); END $$"
)
""",
            downgrade="""
op.execute(
    "DO $$ BEGIN EXECUTE format('ALTER DATABASE %I RESET timezone', current_database()); END $$"
)
""",
        ),
    ),
    passing=(
        RevisionExample(  # a setting of the revision's own session
            upgrade='op.execute("SET LOCAL lock_timeout = 1000")',
            downgrade='op.execute("SET LOCAL lock_timeout = 1000")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    "DO $$ BEGIN EXECUTE format("
    "'ALTER DATABASE %I SET idle_in_transaction_session_timeout = ''1h''', "
    "current_database()); END $$"
)
""",
            downgrade="""
op.execute(
    "DO $$ BEGIN EXECUTE format("
    "'ALTER DATABASE %I RESET idle_in_transaction_session_timeout', current_database()); "
    "END $$"
)
""",
            declarations="""
acknowledged = [
    {
        "rule": "database-setting",
        "table": "idle_in_transaction_session_timeout",
        "why": "reviewed: no client holds a transaction open for an hour",
    },
]
""",
        ),
    ),
)
