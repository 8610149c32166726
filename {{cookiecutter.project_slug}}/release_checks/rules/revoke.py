"""`revoke`: a privilege a role (or PUBLIC) had on a table, column, view, sequence,
function, type or schema that stays is revoked.

The services and people reading with that role fail. A grant passes.
"""

import re
from collections.abc import Iterator
from dataclasses import replace

from ._catalog import (
    FUNCTIONS,
    TABLES,
    TYPES,
    VIEWS,
    CatalogChange,
    CatalogObject,
    Upgrade,
    acl_grants,
    lost_privileges,
)
from ._rule import Acknowledge, RevisionExample, Rule

_GRANTED = (*TABLES, *VIEWS, *FUNCTIONS, *TYPES, "column", "sequence", "schema")
# what each kind's NULL ACL lets others do (the owner's own privileges aside)
_DEFAULT_GRANTS = {
    **{kind: {"PUBLIC": frozenset("X")} for kind in FUNCTIONS},
    **{kind: {"PUBLIC": frozenset("U")} for kind in TYPES},
}
_GRANTS = re.compile(r"(?:^| )grants (\{.*\})$")


def revoked(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """Privileges a role (or PUBLIC) had on an object that is still there, and no longer
    has: its readers and writers fail."""
    for key, old in upgrade.before.items():
        new = upgrade.after.get(key)
        if new is None or old.kind not in _GRANTED:
            continue
        for role, words in lost_privileges(_grants(old), _grants(new)):
            message = f"revokes {words} on {old.kind} {old.name} from {role}"
            yield replace(upgrade.finding("revoke", old, message), column=None)


def _grants(thing: CatalogObject) -> dict[str, frozenset[str]]:
    """Who may do what with `thing`, but its owner."""
    found = _GRANTS.search(thing.definition)
    return acl_grants(found[1]) if found else dict(_DEFAULT_GRANTS.get(thing.kind, {}))


RULE = Rule(
    id="revoke",
    summary="a privilege on an object that stays is revoked",
    hint="keep the privilege; revoke it releases after the role's users moved on, acknowledged",
    seen=frozenset({"catalog"}),
    catalog=revoked,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON TYPE example_mood FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON TYPE example_mood TO PUBLIC")',
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE ALL ON FUNCTION example_total(integer) FROM PUBLIC")',
            downgrade='op.execute("GRANT EXECUTE ON FUNCTION example_total(integer) TO PUBLIC")',
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON SEQUENCE example_counter FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("GRANT SELECT, UPDATE ON SEQUENCE example_counter TO PUBLIC")
op.execute("CREATE TABLE example_log (id bigint PRIMARY KEY, note text)")
op.execute("GRANT SELECT ON example_log TO PUBLIC")
op.execute("GRANT UPDATE (note) ON example_log TO PUBLIC")
""",
            downgrade="""
op.execute("DROP TABLE example_log")
op.execute("REVOKE SELECT, UPDATE ON SEQUENCE example_counter FROM PUBLIC")
""",
        ),
        RevisionExample(
            upgrade='op.execute("REVOKE USAGE ON SEQUENCE example_counter FROM PUBLIC")',
            downgrade='op.execute("GRANT USAGE ON SEQUENCE example_counter TO PUBLIC")',
            declarations="""
acknowledged = [
    {
        "rule": "revoke",
        "table": "example_counter",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
