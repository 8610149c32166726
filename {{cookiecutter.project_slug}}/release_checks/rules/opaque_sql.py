"""`opaque-sql`: SQL the gate cannot read: a statement EXECUTE builds at run time, a DO
block or a called function in another language than PL/pgSQL, CALL of a procedure the
revision does not define, SQL it cannot parse.

What the gate cannot read it says, for the walk to judge.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="opaque-sql",
    summary=(
        "SQL the gate cannot read: a statement EXECUTE builds at run time, a DO block or "
        "a called function in another language than PL/pgSQL, CALL of a procedure the "
        "revision does not define, SQL it cannot parse"
    ),
    hint="prefer plain statements; `pytest -m migrations` judges what it does",
    seen=frozenset({"sql"}),
    structural=True,
    note=True,
    refused=(
        RevisionExample(
            upgrade='''
op.execute(
    """
    DO $$
    DECLARE
        statement text;
    BEGIN
        SELECT 'ANALYZE example' INTO statement;
        EXECUTE statement;
    END
    $$
    """
)
''',
            downgrade="pass",
        ),
    ),
    passing=(RevisionExample(upgrade='op.execute("ANALYZE example")', downgrade="pass"),),
)
