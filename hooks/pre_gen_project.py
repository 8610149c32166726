"""Refuse answers that would produce a broken project, before anything is written.

Cookiecutter renders this file with the answers, then runs it; a non-zero exit makes
cookiecutter delete whatever it had started to generate. Free text that is merely unusual
(quotes, backslashes, emoji, any length) is not refused: local_extensions.py escapes it
wherever it lands. Choices need no check here: cookiecutter refuses a value that is not
one of cookiecutter.json's.
"""

import keyword
import re
import shlex
import sys
import unicodedata
from email.errors import HeaderParseError
from email.headerregistry import Address

ANSWERS = {
    "project_name": {{cookiecutter.project_name | python_string}},
    "project_slug": {{cookiecutter.project_slug | python_string}},
    "description": {{cookiecutter.description | python_string}},
    "author_name": {{cookiecutter.author_name | python_string}},
    "author_email": {{cookiecutter.author_email | python_string}},
}
MAX_SLUG_LENGTH = {{MAX_SLUG_LENGTH}}
# What the refusal needs to say how to answer again, keeping the answers that passed.
CHOICES = {
    "python_version": {{cookiecutter.python_version | python_string}},
    "postgres_version": {{cookiecutter.postgres_version | python_string}},
    "include_examples": {{cookiecutter.include_examples | python_string}},
    "api": {{cookiecutter.api | python_string}},
}
DEFAULT_SLUG = {{cookiecutter.project_name | package_name | python_string}}
TEMPLATE = {{cookiecutter.get("_template", "TEMPLATE") | python_string}}

# BEGIN reserved names
# Written by `make reserved-names` (tests/support/reserved_names.py) from a baked
# project and the distributions it installs; tests/test_reserved_names.py fails when
# they change. Do not edit by hand.
INSTALLED_MODULES = {
    "alembic": "alembic",
    "annotated_doc": "annotated-doc",
    "annotated_types": "annotated-types",
    "anyio": "anyio",
    "ast_serialize": "ast_serialize",
    "asyncpg": "asyncpg",
    "certifi": "certifi",
    "cfgv": "cfgv",
    "charset_normalizer": "charset-normalizer",
    "click": "click",
    "distlib": "distlib",
    "dotenv": "python-dotenv",
    "execnet": "execnet",
    "fastapi": "fastapi",
    "filelock": "filelock",
    "graphql": "graphql-core",
    "greenlet": "greenlet",
    "h11": "h11",
    "harfile": "harfile",
    "hatchling": "hatchling",
    "httpcore": "httpcore",
    "httpx": "httpx",
    "hypothesis": "hypothesis",
    "hypothesis_graphql": "hypothesis-graphql",
    "identify": "identify",
    "idna": "idna",
    "iniconfig": "iniconfig",
    "jsonschema_rs": "jsonschema_rs",
    "librt": "librt",
    "mako": "Mako",
    "markdown_it": "markdown-it-py",
    "markupsafe": "MarkupSafe",
    "mdurl": "mdurl",
    "mypy": "mypy",
    "mypy_extensions": "mypy_extensions",
    "mypyc": "mypy",
    "nodeenv": "nodeenv",
    "opentelemetry": "opentelemetry-api",
    "packaging": "packaging",
    "pathspec": "pathspec",
    "pglast": "pglast",
    "pip": "pip",
    "platformdirs": "platformdirs",
    "pluggy": "pluggy",
    "pre_commit": "pre_commit",
    "py": "pytest",
    "pydantic": "pydantic",
    "pydantic_core": "pydantic_core",
    "pydantic_settings": "pydantic-settings",
    "pygments": "Pygments",
    "pyrate_limiter": "pyrate-limiter",
    "pytest": "pytest",
    "pytest_asyncio": "pytest-asyncio",
    "python_discovery": "python-discovery",
    "requests": "requests",
    "rich": "rich",
    "ruff": "ruff",
    "schemathesis": "schemathesis",
    "sortedcontainers": "sortedcontainers",
    "sqlalchemy": "SQLAlchemy",
    "starlette": "starlette",
    "tomlkit": "tomlkit",
    "trove_classifiers": "trove-classifiers",
    "typing_extensions": "typing_extensions",
    "typing_inspection": "typing-inspection",
    "urllib3": "urllib3",
    "uvicorn": "uvicorn",
    "virtualenv": "virtualenv",
    "werkzeug": "Werkzeug",
    "xdist": "pytest-xdist",
    "yaml": "PyYAML",
}
INSTALLED_DISTRIBUTIONS = {
    "graphql_core": "graphql-core",
    "markdown_it_py": "markdown-it-py",
    "opentelemetry_api": "opentelemetry-api",
    "pytest_xdist": "pytest-xdist",
    "python_dotenv": "python-dotenv",
    "pyyaml": "PyYAML",
    "squawk_cli": "squawk-cli",
}
PROJECT_FILES = {
    "api": "tests/api",
    "conftest": "tests/conftest.py",
    "docs": "docs",
    "examples": "tests/examples",
    "migrations": "migrations",
    "release_checks": "release_checks",
    "src": "src",
    "test_api_contract": "tests/test_api_contract.py",
    "test_deprecation": "tests/test_deprecation.py",
    "test_migration_rules": "tests/test_migration_rules.py",
    "test_migration_safety": "tests/test_migration_safety.py",
    "test_migrations": "tests/test_migrations.py",
    "test_proof_dependencies": "tests/test_proof_dependencies.py",
    "test_rule_examples": "tests/test_rule_examples.py",
    "test_settings": "tests/test_settings.py",
    "test_several_commands": "tests/test_several_commands.py",
    "tests": "tests",
}
GIT_IGNORED = {
    "build": "build/",
    "dist": "dist/",
}
# END reserved names

# A domain as mail systems take it: dot-separated labels of ASCII letters, digits and
# hyphens, the last one ending with a letter.
DOMAIN = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9-]*[A-Za-z]")


def unprintable(text: str) -> str | None:
    """The first character a one-line field cannot hold: a line break or another control
    character, or half of a character that is not valid Unicode."""
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp"):
            return char
    return None


def slug_problem(slug: str) -> str | None:
    if not slug:
        return "project_slug is empty: give one (a lowercase Python identifier)"
    if not re.fullmatch(r"[a-z][a-z0-9_]*", slug) or slug.endswith("_"):
        return (
            f"project_slug {slug!r} is not a lowercase Python identifier that starts with a "
            "letter and does not end with an underscore (what Python packaging accepts)"
        )
    if len(slug) > MAX_SLUG_LENGTH:
        return (
            f"project_slug {slug!r} is longer than {MAX_SLUG_LENGTH} characters (the generated "
            "imports that name it must fit ruff's line length)"
        )
    if keyword.iskeyword(slug) or keyword.issoftkeyword(slug):
        return f"project_slug {slug!r} is a Python keyword"
    if slug in sys.stdlib_module_names:
        return f"project_slug {slug!r} would shadow the standard library module of that name"
    if slug in INSTALLED_MODULES:
        return (
            f"project_slug {slug!r} would shadow the module of that name, which the project "
            f"installs ({INSTALLED_MODULES[slug]})"
        )
    if slug in INSTALLED_DISTRIBUTIONS:
        return (
            f"project_slug {slug!r} is the name of {INSTALLED_DISTRIBUTIONS[slug]}, "
            "which the project installs"
        )
    if slug in PROJECT_FILES:
        return f"project_slug {slug!r} would shadow the project's own {PROJECT_FILES[slug]}"
    if slug in GIT_IGNORED:
        return f"project_slug {slug!r} is ignored by git (.gitignore: {GIT_IGNORED[slug]})"
    return None


def email_problem(email: str) -> str | None:
    try:
        address = Address(addr_spec=email)
    except (ValueError, IndexError, HeaderParseError):
        address = None
    if address is None or address.addr_spec != email or not DOMAIN.fullmatch(address.domain):
        return f"author_email {email!r} is not one email address (name@example.com)"
    return None


def problems(answers: dict[str, str]) -> dict[str, str]:
    """Each refused answer's name, and why."""
    found = {}
    for name, text in answers.items():
        char = unprintable(text)
        if char is not None:
            found[name] = f"{name} must be one line of text; it holds {char!r}"
    if not answers["project_name"].strip():
        found["project_name"] = "project_name must not be empty"
    if not found:
        if (problem := slug_problem(answers["project_slug"])) is not None:
            found["project_slug"] = problem
        if (problem := email_problem(answers["author_email"])) is not None:
            found["author_email"] = problem
    return found


# (This file is rendered by Jinja itself: the braces below are kept raw.)
# {% raw %}
def jinja_literal(text: str) -> str:
    """`text` as cookiecutter reads it back from its command line, where answers are
    rendered as Jinja first: a brace that could start a tag is written as a literal."""
    if not re.search(r"\{[{%#]", text):
        return text
    return "".join('{{ "{" }}' if char == "{" else char for char in text)


# {% endraw %}


def answer_again(answers: dict[str, str], refused: set[str]) -> str:
    """The command that asks again with every accepted answer as its prompt's default, so
    that only the refused ones are typed again (the slug too, when it was the name's)."""
    kept = {
        name: value
        for name, value in {**answers, **CHOICES}.items()
        if name not in refused
        and not (name == "project_slug" and (value == DEFAULT_SLUG or "project_name" in refused))
    }
    pairs = " ".join(shlex.quote(f"{name}={jinja_literal(value)}") for name, value in kept.items())
    return f"cookiecutter {shlex.quote(TEMPLATE)} {pairs}"


if __name__ == "__main__":
    found = problems(ANSWERS)
    if found:
        again = answer_again(ANSWERS, set(found))
        print(
            f"ERROR: {'; '.join(found.values())}. To answer again with the other answers "
            f"kept as the prompts' defaults (Enter keeps each): {again}",
            file=sys.stderr,
        )
    sys.exit(1 if found else 0)
