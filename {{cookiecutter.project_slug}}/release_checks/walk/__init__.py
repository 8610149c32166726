"""The walk: every revision up, down and up again on a real database, judged on the
catalog between the steps (stairway.py; the rules only the catalog sees: catalog.py),
with the models compared at head (drift.py). `pytest -m migrations` reports its verdicts.
"""

from .snapshot import Snapshot, take_snapshot
from .stairway import NOT_REACHED, MigrationError, Verdicts, Walk, walk

__all__ = ["NOT_REACHED", "MigrationError", "Snapshot", "Verdicts", "Walk", "take_snapshot", "walk"]
