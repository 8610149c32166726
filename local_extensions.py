"""Jinja filters that write a free-text answer into each format it lands in.

One function per format, used wherever that format holds an answer, so a name with
quotes, a backslash or an emoji bakes a project that parses, lints and installs; and the
package name derived from the project's name. cookiecutter.json names `Answers` in
`_extensions`; cookiecutter and cruft import this module from the template's root.
tests/test_answers.py proves it on arbitrary answers.
"""

import re
import unicodedata
from pathlib import Path

from jinja2 import Environment
from jinja2.ext import Extension
from slugify import slugify

# No longer, a package name keeps every generated line that names it (its longest import)
# within ruff's line length. The pre-generation hook refuses longer ones;
# tests/test_answers.py bakes one this long.
MAX_SLUG_LENGTH = 28
# The generated project's ruff line length: a docstring is wrapped to fit it.
PROJECT_PYPROJECT = Path(__file__).parent / "{{cookiecutter.project_slug}}" / "pyproject.toml"
LINE_LENGTH = int(re.findall(r"^line-length = (\d+)$", PROJECT_PYPROJECT.read_text(), re.M)[0])


def one_line(text: str) -> str:
    """Runs of whitespace (tabs, no-break spaces...) as one space, none at either end."""
    return " ".join(text.split())


def package_name(project_name: str) -> str:
    """The default package name: the project's name in ASCII, lowercase, words joined by
    underscores, cut at a word boundary to MAX_SLUG_LENGTH; `service` before it when it
    would not start with a letter (or would be empty: a name of emoji only)."""
    slug = slugify(project_name, separator="_")
    if not slug[:1].isalpha():
        slug = f"service_{slug}".rstrip("_")
    return slugify(
        slug,
        separator="_",
        max_length=MAX_SLUG_LENGTH,
        word_boundary=True,
        save_order=True,
    )


def python_escape(text: str, quote: str = "") -> str:
    """`text` as the inside of a Python string literal: backslashes, `quote` and what is
    not printable escaped, everything else (emoji included) as itself."""
    return "".join(
        "\\" + char
        if char == "\\" or char == quote
        else char
        if char.isprintable() or char == " "
        else repr(char)[1:-1]  # \n, \x00, \u2028...: as Python itself writes them
        for char in text
    )


def python_string(text: str) -> str:
    """`text` as a Python string literal, quoted the way ruff's formatter quotes it."""
    quote = "'" if text.count('"') > text.count("'") else '"'
    return quote + python_escape(text, quote) + quote


def display_width(text: str) -> int:
    """An upper bound of the width ruff measures: wide and ambiguous characters count 2."""
    return sum(1 if char.isascii() else 2 for char in text)


def docstring_line(text: str) -> str:
    """A line of docstring: its quotes escaped only where one could close the docstring
    (first, last, or before two more), or where ruff's formatter would add a space."""
    return re.sub(r'^"|"$|"(?="")', r'\\"', python_escape(text))


def docstring(text: str) -> str:
    """`text` as a module docstring, quotes included, wrapped to the line length.

    Lines break between words only: a word longer than a line stays whole, on a line of
    its own, which ruff's line-length rule allows.
    """
    quotes = '"""'
    words = one_line(text).split()
    if display_width(docstring_line(" ".join(words))) + 2 * len(quotes) <= LINE_LENGTH:
        return quotes + docstring_line(" ".join(words)) + quotes
    lines = [words[0]]
    for word in words[1:]:
        first = len(quotes) if len(lines) == 1 else 0
        if first + display_width(docstring_line(f"{lines[-1]} {word}")) <= LINE_LENGTH:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return quotes + "\n".join(map(docstring_line, lines)) + "\n" + quotes


TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f"}


def toml_string(text: str) -> str:
    """`text` as a TOML basic string: quotes, backslashes and control characters escaped,
    everything else (emoji included) as itself, never as surrogate pairs."""
    return (
        '"'
        + "".join(
            TOML_ESCAPES.get(char)
            or (f"\\u{ord(char):04x}" if unicodedata.category(char) == "Cc" else char)
            for char in text
        )
        + '"'
    )


# Characters that start inline markup anywhere in a line (GitHub's Markdown included):
# escapes, code, emphasis, links and images, HTML and autolinks, strikethrough, entity
# references, and `#`, which closes a heading.
MARKDOWN_INLINE = re.compile(r"[\\`*_\[\]<~#]|&(?=#?\w+;)")
# What makes a line a list item, a quote or a setext underline when it starts it.
MARKDOWN_BLOCK_MARKER = re.compile(r"^[-+>=]")
MARKDOWN_ORDERED_MARKER = re.compile(r"^(\d{1,9})([.)])")


def markdown_text(text: str) -> str:
    """`text` as one line of Markdown that renders as exactly that text (whitespace runs
    collapse to one space, as Markdown renders them anyway)."""
    escaped = MARKDOWN_INLINE.sub(lambda match: "\\" + match[0], one_line(text))
    escaped = MARKDOWN_BLOCK_MARKER.sub(lambda match: "\\" + match[0], escaped)
    return MARKDOWN_ORDERED_MARKER.sub(r"\1\\\2", escaped)


class Answers(Extension):
    """The filters above, and the slug's length limit for the pre-generation hook."""

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        environment.globals["MAX_SLUG_LENGTH"] = MAX_SLUG_LENGTH
        environment.filters.update(
            package_name=package_name,
            python_string=python_string,
            docstring=docstring,
            toml_string=toml_string,
            markdown_text=markdown_text,
        )
