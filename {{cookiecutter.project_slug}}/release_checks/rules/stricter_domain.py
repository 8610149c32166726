"""`stricter-domain`: a domain is made stricter: NOT NULL, or a constraint it did not have;
or its default is dropped.

Every column of the domain, in every table, then refuses what old releases still
write, or (its default dropped) stores NULL where they leave it out, or fails on NOT
NULL. A looser domain (DROP NOT NULL, a new or changed default) passes.
"""

from collections.abc import Iterator

from ._catalog import CatalogChange, CatalogObject, Side, Upgrade, constraint_definition
from ._rule import Acknowledge, RevisionExample, Rule


def stricter_domains(upgrade: Upgrade) -> Iterator[CatalogChange]:
    """A domain made stricter: NOT NULL, or a constraint it did not have (a check made
    again as another included); every column of the domain is checked by it."""
    changed = [*upgrade.before.values(), *upgrade.after.values()]
    if not any(thing.kind == "domain" or _of_a_domain(thing) for thing in changed):
        return  # (the walk takes this path on nearly every upgrade)
    before, after = upgrade.sides
    for key, identity in after.snapshot.identities.items():
        old = before.get(identity.key) if key[0] == "domain" else None
        if old is None:
            continue
        new = after.object(key)
        if (
            " NOT NULL" not in old.definition.split(" DEFAULT ")[0]
            and " NOT NULL" in (new.definition.split(" DEFAULT ")[0])
        ):
            yield upgrade.finding("stricter-domain", old, f"makes domain {old.name} NOT NULL")
        if _has_default(old) and not _has_default(new):
            message = f"drops the default of domain {old.name}: writers that leave it out"
            yield upgrade.finding("stricter-domain", old, f"{message} store NULL")
        had = _domain_constraints(before, old.name)
        for definition in sorted(_domain_constraints(after, new.name) - had):
            message = f"adds {definition} to domain {old.name}"
            yield upgrade.finding("stricter-domain", old, message)


def _has_default(domain: CatalogObject) -> bool:
    return " DEFAULT " in domain.definition


def _of_a_domain(thing: CatalogObject) -> bool:
    return thing.kind == "constraint" and thing.identity.table is None


def _domain_constraints(side: Side, domain: str) -> set[str]:
    return {
        constraint_definition(side.object(key))
        for key, identity in side.snapshot.identities.items()
        if key[0] == "constraint" and identity.table is None and key[1].startswith(f"{domain}.")
    }


RULE = Rule(
    id="stricter-domain",
    summary="a domain is made NOT NULL, gets a new constraint, or loses its default",
    hint="add a new domain for the stricter values; or acknowledge",
    seen=frozenset({"catalog"}),
    catalog=stricter_domains,
    acknowledge=Acknowledge("table"),
    refused=(
        RevisionExample(
            upgrade='op.execute("ALTER DOMAIN example_code DROP DEFAULT")',
            downgrade="""op.execute("ALTER DOMAIN example_code SET DEFAULT ''")""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER DOMAIN example_code SET NOT NULL")',
            downgrade='op.execute("ALTER DOMAIN example_code DROP NOT NULL")',
        ),
        RevisionExample(
            upgrade="""
op.execute(
    "ALTER DOMAIN example_code ADD CONSTRAINT example_code_short "
    "CHECK (length(VALUE) < 9) NOT VALID"
)
""",
            downgrade='op.execute("ALTER DOMAIN example_code DROP CONSTRAINT example_code_short")',
        ),
    ),
    passing=(
        RevisionExample(
            upgrade="""
op.execute("ALTER DOMAIN example_code SET DEFAULT 'none'")
op.execute("CREATE DOMAIN example_short AS text CHECK (length(VALUE) < 9) NOT NULL")
""",
            downgrade="""
op.execute("DROP DOMAIN example_short")
op.execute("ALTER DOMAIN example_code SET DEFAULT ''")
""",
        ),
        RevisionExample(
            upgrade='op.execute("ALTER DOMAIN example_code SET NOT NULL")',
            downgrade='op.execute("ALTER DOMAIN example_code DROP NOT NULL")',
            declarations="""
acknowledged = [
    {
        "rule": "stricter-domain",
        "table": "example_code",
        "why": "reviewed: an example",
    },
]
""",
        ),
    ),
)
