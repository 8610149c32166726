"""`squawk-ignore`: a squawk-ignore comment switches squawk rules off.

A reviewer sees what was silenced.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="squawk-ignore",
    summary="a squawk-ignore comment switches squawk rules off",
    hint="it silences squawk only; the gate's own rules and `pytest -m migrations` still judge",
    seen=frozenset({"sql"}),
    structural=True,
    note=True,
    refused=(
        RevisionExample(
            upgrade="""
op.execute("-- squawk-ignore ban-drop-not-null\\nUPDATE example SET note = name")
""",
            downgrade="pass",
        ),
    ),
    passing=(
        RevisionExample(upgrade='op.execute("UPDATE example SET note = name")', downgrade="pass"),
    ),
)
