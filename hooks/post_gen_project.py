"""Prune what the answers did not ask for. Runs inside the generated project."""

from pathlib import Path

INCLUDE_EXAMPLES = {{cookiecutter.include_examples | jsonify}} == "yes"
PACKAGE = Path("src") / {{cookiecutter.project_slug | jsonify}}

# The example models, their two revisions (the guide's own), and the tests that use them.
EXAMPLE_PATTERNS = (
    str(PACKAGE / "models" / "account.py"),
    str(PACKAGE / "models" / "user.py"),
    "migrations/versions/*_7ad378002ee7_*.py",
    "migrations/versions/*_fa572fa8023c_*.py",
    "tests/examples/*",
)


def remove_examples() -> None:
    for pattern in EXAMPLE_PATTERNS:
        for path in Path().glob(pattern):
            path.unlink()
    examples = Path("tests/examples")
    if examples.exists():
        examples.rmdir()


if __name__ == "__main__":
    if not INCLUDE_EXAMPLES:
        remove_examples()
