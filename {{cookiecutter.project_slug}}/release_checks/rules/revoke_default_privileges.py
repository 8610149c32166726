"""`revoke-default-privileges`: `ALTER DEFAULT PRIVILEGES ... REVOKE` takes from a role
(or PUBLIC) a privilege the objects made later would have given it.

The tables, functions or types the next revisions make are no longer readable (callable,
usable) by a role that could use the earlier ones: its services fail on the new objects
only. A grant passes.
"""

import re
from collections.abc import Iterator

from ._catalog import CatalogChange, Upgrade, acl_grants, lost_privileges
from ._rule import Acknowledge, RevisionExample, Rule

# What a role's objects give others when no default privileges say otherwise (the
# owner's own aside): functions EXECUTE and types USAGE to PUBLIC. A schema's own
# default privileges only add to these, so a schema without any gives nothing more.
_BUILT_IN = {"functions": {"PUBLIC": frozenset("X")}, "types": {"PUBLIC": frozenset("U")}}
# the snapshot's name of a row: "of role[ in schema name] on kind"
_NAME = re.compile(r"of (?P<role>.+?)(?: in schema (?P<schema>.+))? on (?P<kind>\w+)")


def revoked_defaults(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """Each role the default privileges of the objects made from now on give less than
    before."""
    before, after = (side.snapshot.objects for side in upgrade.sides)
    for kind, name in sorted(upgrade.changed):
        found = _NAME.fullmatch(name) if kind == "default privileges" else None
        if found is None:
            continue
        built_in = {} if found["schema"] else _BUILT_IN.get(found["kind"], {})
        had, has = (
            acl_grants(acl) if (acl := objects.get((kind, name))) is not None else built_in
            for objects in (before, after)
        )
        # what an acknowledgement names: the kind of objects, in their schema if one
        what = ".".join(filter(None, (found["schema"], found["kind"])))
        for role, words in lost_privileges(had, has):
            message = f"revokes {words} on {what} made from now on by {found['role']} from {role}"
            yield CatalogChange("revoke-default-privileges", what, None, message)


# The examples change only the base schema's example_shared, whose default privileges go
# with it: a database's own default privileges would outlive the examples' schemas.
_IN_SHARED = "ALTER DEFAULT PRIVILEGES IN SCHEMA example_shared"
_REVOKE = "ALTER DEFAULT PRIVILEGES IN SCHEMA example_shared REVOKE SELECT ON TABLES FROM PUBLIC"
_GRANT = "ALTER DEFAULT PRIVILEGES IN SCHEMA example_shared GRANT SELECT ON TABLES TO PUBLIC"

RULE = Rule(
    id="revoke-default-privileges",
    summary="default privileges no longer give a role what the earlier objects gave it",
    hint="keep the default privileges; revoke them releases after the role's users moved on",
    seen=frozenset({"catalog"}),
    catalog=revoked_defaults,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(upgrade=f'op.execute("{_REVOKE}")', downgrade=f'op.execute("{_GRANT}")'),
    ),
    passing=(
        RevisionExample(
            upgrade=f"""
op.execute("{_IN_SHARED} GRANT INSERT ON TABLES TO PUBLIC")
op.execute("{_IN_SHARED} GRANT USAGE ON TYPES TO PUBLIC")
""",
            downgrade=f"""
op.execute("{_IN_SHARED} REVOKE USAGE ON TYPES FROM PUBLIC")
op.execute("{_IN_SHARED} REVOKE INSERT ON TABLES FROM PUBLIC")
""",
        ),
        RevisionExample(
            upgrade=f'op.execute("{_REVOKE}")',
            downgrade=f'op.execute("{_GRANT}")',
            declarations="""
acknowledged = [
    {
        "rule": "revoke-default-privileges",
        "table": "example_shared.tables",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
