"""`revoke`: a privilege a role (or PUBLIC) had on a table, column, view, sequence,
function, type or schema that stays is revoked, or the object is given to another owner
(`OWNER TO`): the role that owned it keeps only what it was granted; or a view made to
check its readers' own privileges (`security_invoker`), which a role granted only the
view lacks.

The services and people reading with that role fail (the service itself, when it
connects as the role that ran its migrations and owns what they made). A grant passes.
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
# the snapshot writes the owner last, but for the grants (a view's text comes before it)
_INVOKER = re.compile(r" with \{.*\bsecurity_invoker=(?:true|on|yes|1)\b", re.IGNORECASE)
_OWNER = re.compile(r'(?:^| )owner ("(?:[^"]|"")*"|[^ ]+)(?= grants \{|$)')


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
        if old.kind in VIEWS and _invoker_rights(new) and not _invoker_rights(old):
            message = (
                f"makes view {old.name} check its readers' own privileges "
                "(security_invoker): a role granted only the view can no longer read it"
            )
            yield replace(upgrade.finding("revoke", old, message), column=None)
        was, becomes = _owner(old), _owner(new)
        # a sequence a column owns follows its table to the new owner: one change
        if was != becomes and " owned by " not in new.definition:
            message = (
                f"gives {old.kind} {old.name} to {becomes}: {was}, its owner, keeps only "
                "what it was granted"
            )
            yield replace(upgrade.finding("revoke", old, message), column=None)


def _invoker_rights(view: CatalogObject) -> bool:
    return bool(_INVOKER.search(view.definition))


def _owner(thing: CatalogObject) -> str:
    """Who owns `thing`: the snapshot names the owner unless it is the role running the
    walk (the one that runs the migrations)."""
    found = _OWNER.findall(thing.definition)
    return found[-1] if found else "the role running the migrations"


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
        RevisionExample(  # readers granted only the view now need the table too
            upgrade='op.execute("ALTER VIEW example_view SET (security_invoker = true)")',
            downgrade='op.execute("ALTER VIEW example_view RESET (security_invoker)")',
        ),
        RevisionExample(  # the service, if it connects as the migrations' role, loses it
            upgrade='op.execute("ALTER TABLE example_other OWNER TO pg_database_owner")',
            downgrade='op.execute("ALTER TABLE example_other OWNER TO CURRENT_USER")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("GRANT SELECT, UPDATE ON SEQUENCE example_counter TO PUBLIC")
op.execute("CREATE TABLE example_log (id bigint PRIMARY KEY, note text)")
op.execute("GRANT SELECT ON example_log TO PUBLIC")
op.execute("GRANT UPDATE (note) ON example_log TO PUBLIC")
op.execute(
    "CREATE VIEW example_log_notes WITH (security_invoker = true) AS "
    "SELECT note FROM example_log"
)
""",
            downgrade="""
op.execute("DROP VIEW example_log_notes")
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
