"""What the migration tests remember: a proven prefix of the history kept as a template
database under a key of everything its verdict depends on (store.py), with what its
revisions read besides their files (dependencies.py), and the walk run from the longest
one still true (harness.py)."""

from .harness import (
    Start,
    load_proofs,
    open_store,
    proven_prefixes,
    restore,
    usable_proofs,
    walk_database,
    walk_from,
)
from .store import Proof, ProofStore, key_inputs, prefix_keys

__all__ = [
    "Proof",
    "ProofStore",
    "Start",
    "key_inputs",
    "load_proofs",
    "open_store",
    "prefix_keys",
    "proven_prefixes",
    "restore",
    "usable_proofs",
    "walk_database",
    "walk_from",
]
