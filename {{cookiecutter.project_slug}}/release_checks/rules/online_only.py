"""`online-only`: code under `if context.is_offline_mode()` never runs offline.

What runs only online is read from the text, judged, and noted for the walk.
"""

from ._rule import RevisionExample, Rule

RULE = Rule(
    id="online-only",
    summary="code under `if context.is_offline_mode()` never runs offline",
    hint=(
        "the gate judged what it could read of it from the text; `pytest -m migrations` "
        "judges what runs"
    ),
    seen=frozenset({"operation", "sql"}),
    structural=True,
    note=True,
    refused=(
        RevisionExample(
            upgrade="""
if not context.is_offline_mode():
    op.execute("UPDATE example SET note = name")
""",
            downgrade="pass",
        ),
    ),
    passing=(
        RevisionExample(upgrade='op.execute("UPDATE example SET note = name")', downgrade="pass"),
    ),
)
