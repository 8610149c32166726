"""The package names the pre-generation hook refuses are the ones a baked project really
has: the modules and distributions it installs (runtime, dev tools, build backend), its
own top-level files and directories, and what its .gitignore ignores."""

import difflib

from support import reserved_names


def test_the_hooks_reserved_names_match_a_baked_project() -> None:
    found = reserved_names.render(reserved_names.reserved_names())
    kept = reserved_names.current_block()
    diff = "".join(difflib.unified_diff(kept.splitlines(True), found.splitlines(True)))
    assert kept == found, (
        "hooks/pre_gen_project.py's reserved names no longer match what a baked project "
        f"installs and holds; run `make reserved-names` and commit the result:\n{diff}"
    )
