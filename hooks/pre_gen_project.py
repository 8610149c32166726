"""Refuse answers that would produce a broken project, before anything is written.

Cookiecutter renders this file with the answers, then runs it; a non-zero exit makes
cookiecutter delete whatever it had started to generate.
"""

import keyword
import re
import sys

ANSWERS = {
    "project_name": {{cookiecutter.project_name | jsonify}},
    "project_slug": {{cookiecutter.project_slug | jsonify}},
    "author_email": {{cookiecutter.author_email | jsonify}},
    "python_version": {{cookiecutter.python_version | jsonify}},
    "postgres_version": {{cookiecutter.postgres_version | jsonify}},
    "include_examples": {{cookiecutter.include_examples | jsonify}},
    "api": {{cookiecutter.api | jsonify}},
}

SUPPORTED = {
    "python_version": ("3.11", "3.12", "3.13", "3.14"),
    "postgres_version": ("15", "16", "17"),
    "include_examples": ("yes", "no"),
    "api": ("fastapi", "none"),
}

# A package with one of these names would shadow a module the project imports.
DEPENDENCIES = {
    "alembic",
    "asyncpg",
    "sqlalchemy",
    "pydantic",
    "pydantic_settings",
    "greenlet",
    "fastapi",
    "starlette",
    "uvicorn",
    "httpx",
    "pytest",
    "pytest_asyncio",
    "xdist",
    "mypy",
    "ruff",
    "squawk",
    "migrations",
    "migration_tools",
    "tests",
    "src",
    "test",
    "docs",
}


def problems(answers: dict[str, str]) -> list[str]:
    found = []
    if not answers["project_name"].strip():
        found.append("project_name must not be empty")
    slug = answers["project_slug"]
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", slug):
        found.append(
            f"project_slug {slug!r} is not a lowercase Python identifier "
            "(letters, digits and underscores, not starting with a digit)"
        )
    elif keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        found.append(f"project_slug {slug!r} is a Python keyword")
    elif slug in sys.stdlib_module_names or slug in DEPENDENCIES:
        found.append(f"project_slug {slug!r} would shadow the module of the same name")
    email = answers["author_email"]
    if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
        found.append(f"author_email {email!r} is not an email address")
    for name, allowed in SUPPORTED.items():
        if answers[name] not in allowed:
            found.append(f"{name} {answers[name]!r} is not one of {', '.join(allowed)}")
    return found


if __name__ == "__main__":
    found = problems(ANSWERS)
    for problem in found:
        print(f"ERROR: {problem}", file=sys.stderr)
    sys.exit(1 if found else 0)
