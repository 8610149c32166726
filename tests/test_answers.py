"""Every answer the hooks accept bakes a working project; every answer they refuse is
refused with one line and leaves nothing on disk. Property-based, over prompt answers.

Hypothesis draws the free-text answers (any Unicode, quotes, backslashes, emoji, any
length), the slug (derived from the name, or any identifier, reserved names included)
and every choice prompt of cookiecutter.json. Each example is baked for real and checked
where the answers land: every .py compiles, pyproject.toml, YAML and JSON parse, the
answers read back unchanged from pyproject.toml, the core metadata a build writes, the
README and the package docstring, and ruff passes. The costlier proofs (mypy --strict,
an install and an import) run on one bake of the nastiest answers, with mypy's cache
shared so that run stays warm.
"""

import ast
import importlib.util
import json
import keyword
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import unicodedata
from pathlib import Path
from typing import Any

import pytest
import yaml
from hatchling.metadata.core import ProjectMetadata
from hatchling.metadata.spec import DEFAULT_METADATA_VERSION, get_core_metadata_constructors
from hatchling.plugin.manager import PluginManager
from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from packaging.metadata import Metadata
from ruff.__main__ import find_ruff_bin

from support import reserved_names
from support.answers import CHOICES, CONTEXT, Bake, bake_answers
from support.project import TEMPLATE, run

spec = importlib.util.spec_from_file_location("filters", TEMPLATE / "local_extensions.py")
assert spec
assert spec.loader
filters = importlib.util.module_from_spec(spec)
spec.loader.exec_module(filters)

RUFF = find_ruff_bin()  # the binary itself: no interpreter start per example
DEFAULTS = {name: value for name, value in CONTEXT.items() if isinstance(value, str)}
RESERVED = reserved_names.kept()
# Cookiecutter renders answers given on its command line (not typed ones) as Jinja
# templates; text that opens a Jinja tag is cookiecutter's to refuse, not the hooks'.
JINJA = re.compile(r"\{[{%#]")
# Pieces of text that have broken, or could break, a format an answer lands in.
NASTY = ['"', '"""', "'", "\\", "\\N", "😀", "\u2013", "\u2018\u2019", "`", "*", "_", "#",
         "[x](y)", "<b>", "&amp;", "1. ", "- ", "> ", "~~", "\t", "\xa0", "\u200d"]  # fmt: skip
UNPRINTABLE = ["Cs", "Cc", "Zl", "Zp"]  # what the hook refuses in a one-line answer
MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])  # GitHub's, roughly
SLUGS = st.from_regex(rf"[a-z][a-z0-9_]{{0,{filters.MAX_SLUG_LENGTH - 1}}}", fullmatch=True)


def text(one_line_only: bool, max_size: int) -> st.SearchStrategy[str]:
    """Any text, or text without line breaks or control characters, nasty pieces included."""
    alphabet = st.characters(
        codec="utf-8", exclude_categories=UNPRINTABLE if one_line_only else ["Cs"]
    )
    nasty = [p for p in NASTY if not one_line_only or not any(map(unprintable, p))]
    pieces = st.one_of(st.text(alphabet, max_size=max_size), st.sampled_from(nasty))
    return st.lists(pieces, max_size=4).map("".join).filter(lambda t: not JINJA.search(t))


def unprintable(char: str) -> bool:
    return unicodedata.category(char) in UNPRINTABLE


def valid_slug(slug: str) -> bool:
    return not (
        slug.endswith("_")
        or keyword.iskeyword(slug)
        or keyword.issoftkeyword(slug)
        or slug in sys.stdlib_module_names
        or slug in RESERVED
    )


def safe_path_part(slug: str) -> bool:
    """Cookiecutter makes the project's directory before any hook runs: a slug that is
    empty, a path, or holds a NUL byte is cookiecutter's to refuse, not the hooks'."""
    return slug not in ("", ".", "..") and not re.search(r"[/\x00]", slug)


@st.composite
def answers(draw: st.DrawFn) -> tuple[dict[str, str], bool]:
    """Answers, and whether the hooks must accept them (they must when each is valid)."""
    must_accept = draw(st.booleans())
    one_line_only = must_accept or draw(st.booleans())
    name = draw(text(one_line_only, 80).filter(str.strip if must_accept else bool))
    emails = st.emails() if must_accept else st.one_of(st.emails(), text(one_line_only, 30))
    drawn = {
        "project_name": name,
        "description": draw(text(one_line_only, 200)),
        "author_name": draw(text(one_line_only, 40)),
        "author_email": draw(emails.filter(lambda email: not JINJA.search(email))),
        **{prompt: draw(st.sampled_from(values)) for prompt, values in CHOICES.items()},
    }
    if must_accept:
        slugs = SLUGS.filter(valid_slug)
        if valid_slug(filters.package_name(name)):
            slugs = st.one_of(st.none(), slugs)  # None: derived from the name
    else:
        reserved = st.sampled_from(sorted(RESERVED))
        slugs = st.one_of(st.none(), SLUGS, reserved, text(False, 12).filter(safe_path_part))
    slug = draw(slugs)
    if slug is not None:
        drawn["project_slug"] = slug
    return drawn, must_accept


def one_line(text: str) -> str:
    return " ".join(text.split())


def check_project(project: Path, answers: dict[str, str]) -> None:
    for path in project.rglob("*.py"):
        compile(path.read_bytes(), str(path), "exec")
    for path in [*project.rglob("*.yml"), *project.rglob("*.yaml")]:
        yaml.safe_load(path.read_text())
    for path in project.rglob("*.json"):
        json.loads(path.read_text())

    metadata = tomllib.loads((project / "pyproject.toml").read_text())["project"]
    assert metadata["description"] == answers["description"]
    author = {"name": answers["author_name"], "email": answers["author_email"]}
    assert metadata["authors"] == [author]
    # The core metadata a build writes (what `pip install` reads), validated by packaging.
    core = ProjectMetadata(str(project), PluginManager())
    core.validate_fields()
    written = get_core_metadata_constructors()[DEFAULT_METADATA_VERSION](core)
    assert (Metadata.from_email(written, validate=True).summary or "") == answers["description"]

    readme = MARKDOWN.parse((project / "README.md").read_text())
    assert readme[0].tag == "h1"
    assert rendered_text(readme[1]) == one_line(answers["project_name"])
    if one_line(answers["description"]):
        assert rendered_text(readme[4]) == one_line(answers["description"])

    package = project / "src" / project.name / "__init__.py"
    docstring = ast.get_docstring(ast.parse(package.read_text()), clean=False)
    expected = one_line(f"{answers['project_name']}: {answers['description']}")
    assert one_line(docstring or "") == expected

    run(RUFF, "check", "--no-cache", ".", cwd=project)
    run(RUFF, "format", "--no-cache", "--check", ".", cwd=project)


def rendered_text(inline: Any) -> str:
    """The text a Markdown inline renders as; fails on any markup (emphasis, code, HTML)."""
    assert [child.type for child in inline.children] == ["text"], inline.children
    return str(inline.children[0].content)


@given(text(one_line_only=False, max_size=60))
@settings(max_examples=300, derandomize=True, database=None)
def test_each_format_reads_any_text_back(text: str) -> None:
    """The filters alone, on far more text than the bakes can afford."""
    assert ast.literal_eval(filters.python_string(text)) == text
    assert tomllib.loads(f"x = {filters.toml_string(text)}")["x"] == text
    docstring = filters.docstring(text)
    assert one_line(ast.get_docstring(ast.parse(docstring), clean=False) or "") == one_line(text)
    for line in docstring.splitlines():  # a line too long is one word, which ruff allows
        assert filters.display_width(line) <= filters.LINE_LENGTH or " " not in line
    if not any(map(unprintable, text)) and one_line(text):  # what the hook lets through
        readme = MARKDOWN.parse(
            f"# {filters.markdown_text(text)}\n\n{filters.markdown_text(text)}\n"
        )
        assert rendered_text(readme[1]) == rendered_text(readme[4]) == one_line(text)


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Accounts Service", "accounts_service"),
        ("Billing-Ledger API", "billing_ledger_api"),
        ('Ledger "Pro" 😀', "ledger_pro"),
        ("Сервис учёта", "servis_ucheta"),  # transliterated
        ("2FA Gateway", "service_2fa_gateway"),  # a package name starts with a letter
        ("🚀", "service"),
        ("Reconciliation of Customer Balances Across Ledgers", "reconciliation_of_customer"),
    ],
)
def test_the_default_slug_comes_from_the_name(name: str, slug: str) -> None:
    assert filters.package_name(name) == slug


def check_refusal(bake: Bake, output: Path) -> None:
    assert len(bake.refusal) == 1, bake.refusal
    assert bake.refusal[0].startswith("ERROR: ")
    assert list(output.iterdir()) == []


# The list, each once: accepted ones together, refused ones one by one.
NASTIEST = {
    "project_name": 'The """Ledger""" of "Pro" Accounts \\ 😀 Billing Reconciliation Unit',
    "description": 'Says "hi", """quotes""" \u2013 \u2018typography\u2019, emoji 😀🚀, '
    + "\\N{BULLET}, "
    + "a long sentence " * 12
    + "and a trailing backslash \\",
    "author_name": 'Doe, Jane "JD" 😀 \\',
    "author_email": "jane.doe+ledger@mail.example.co.uk",
}
REFUSED = [
    {"project_slug": slug}
    for slug in ("dotenv", "typing_extensions", "mako", "pydantic_core", "conftest", "examples",
                 "build", "dist", "_ledger", "ledger_")
] + [{"author_email": "a,b@x.io"}, {"author_name": "Jane\nDoe"}]  # fmt: skip


def with_examples(test: Any) -> Any:
    markdown = {"project_name": "*C# [API]* <b> &amp; 1. - `x`", "description": ""}
    for accepted in (
        NASTIEST,
        {**NASTIEST, "project_slug": "z" * filters.MAX_SLUG_LENGTH},
        markdown,
    ):
        test = example((accepted, True))(test)
    for refused in REFUSED:
        test = example((refused, False))(test)
    return test


@with_examples
@given(answers())
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,  # the same examples on every run and in CI
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_every_accepted_answer_bakes_a_clean_project(drawn: tuple[dict[str, str], bool]) -> None:
    answers, must_accept = drawn
    with tempfile.TemporaryDirectory() as root:
        output = Path(root) / "out"
        output.mkdir()
        bake = bake_answers(output, answers)
        if bake.project is None:
            event("refused")
            assert not must_accept, bake.refusal
            check_refusal(bake, output)
        else:
            event("accepted")
            check_project(bake.project, {**DEFAULTS, **answers})


# The costlier proofs' answers: the nastiest accepted ones, and the other extreme (no
# letters in the name, nothing in the description, the longest slug, no examples).
COSTLY = [
    NASTIEST,
    {"project_name": "🚀", "description": "", "author_name": "李小龍",
     "project_slug": "z" * filters.MAX_SLUG_LENGTH, "include_examples": "no"},
]  # fmt: skip


def test_costly_answers_type_check_install_and_import(tmp_path: Path) -> None:
    """mypy --strict, an install and an import, on two bakes in a row (with the run's one
    mypy cache, conftest.py's: the libraries are checked once for this Python)."""
    # The Python running here, so the project installs into an environment made from it.
    running = f"{sys.version_info.major}.{sys.version_info.minor}"
    # Installed into a throwaway environment that sees this one's packages (the baked
    # project's dependencies and its build backend) instead of installing them: no
    # network, no build isolation; the hatchling build `pip install .` runs.
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    (site_packages(venv) / "template-venv.pth").write_text(f"{site_packages(Path(sys.prefix))}\n")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent))
    assert uv is not None
    for i, answers in enumerate(COSTLY):
        (tmp_path / str(i)).mkdir()
        bake = bake_answers(tmp_path / str(i), {**answers, "python_version": running})
        assert bake.project is not None, bake.refusal
        project = bake.project
        run(sys.executable, "-m", "mypy", cwd=project)
        run(uv, "pip", "install", "--offline", "--no-deps", "--no-build-isolation",
            "--python", venv / "bin" / "python", project, cwd=tmp_path)  # fmt: skip
        imported = run(
            venv / "bin" / "python", "-c",
            "import importlib.metadata as m, " + project.name + " as p; "
            f"print(p.__doc__ is not None, m.metadata({project.name!r})['Summary'])",
            cwd=tmp_path,
        )  # fmt: skip
        assert imported.stdout == f"True {answers['description'] or None}\n"


def site_packages(venv: Path) -> Path:
    return next((venv / "lib").glob("python3*/site-packages"))
