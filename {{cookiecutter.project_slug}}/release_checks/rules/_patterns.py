"""Does a regular expression accept every string another one accepts? Decided on the
shape of the two (Python's own parse of them): each piece of the wider one is the same
piece or a wider one (a class with more characters, a repeat with looser bounds, more
alternatives, an anchor dropped). Not a proof of every inclusion: unsure is False, so an
unusual loosening is reported and acknowledged rather than a tightening let through."""

import importlib
import re
from contextlib import suppress
from typing import Any

_parser: Any = importlib.import_module("re._parser")  # the parser re itself compiles with

_CATEGORIES = {
    "CATEGORY_DIGIT": r"\d",
    "CATEGORY_NOT_DIGIT": r"\D",
    "CATEGORY_WORD": r"\w",
    "CATEGORY_NOT_WORD": r"\W",
    "CATEGORY_SPACE": r"\s",
    "CATEGORY_NOT_SPACE": r"\S",
}
# Greedy or lazy, a repeat matches the same strings; a possessive one may match fewer,
# and an atomic group too: those are only ever equal.
_REPEATS = ("MAX_REPEAT", "MIN_REPEAT")
Piece = tuple[Any, Any]


def accepts_all(wide: str, narrow: str) -> bool:
    """Does every string `narrow` matches (a JSON Schema `pattern`: a search, not a full
    match) match `wide` too?"""
    if wide == narrow:
        return True
    parsed = None
    with suppress(re.error, RecursionError):  # not `except (A, B):` (see gate/online.py)
        parsed = _parser.parse(wide), _parser.parse(narrow)
    if parsed is None:
        return False
    wide_parsed, narrow_parsed = parsed
    if wide_parsed.state.flags != narrow_parsed.state.flags:  # (?i), (?s), ...
        return False
    wide_pieces, narrow_pieces = list(wide_parsed), list(narrow_parsed)
    # An anchor only `narrow` has narrows it: without it, it matches more.
    for end, anchor in ((0, "AT_BEGINNING"), (-1, "AT_END")):
        if _anchor(narrow_pieces, end, anchor) and not _anchor(wide_pieces, end, anchor):
            del narrow_pieces[end]
    return _sequence(wide_pieces, narrow_pieces)


def _anchor(pieces: list[Piece], end: int, anchor: str) -> bool:
    return bool(pieces) and str(pieces[end][0]) == "AT" and str(pieces[end][1]) == anchor


def _sequence(wide: list[Piece], narrow: list[Piece]) -> bool:
    """Piece by piece from the left: a group is spliced in, an alternative of `narrow`
    must each fit, one of `wide` may."""
    if wide == narrow:
        return True
    if not wide or not narrow:
        return False
    (wide_op, wide_value), (narrow_op, narrow_value) = wide[0], narrow[0]
    if _group(wide[0]):
        return _sequence([*wide_value[3], *wide[1:]], narrow)
    if _group(narrow[0]):
        return _sequence(wide, [*narrow_value[3], *narrow[1:]])
    if str(narrow_op) == "BRANCH":
        return all(_sequence(wide, [*branch, *narrow[1:]]) for branch in narrow_value[1])
    if str(wide_op) == "BRANCH":
        return any(_sequence([*branch, *wide[1:]], narrow) for branch in wide_value[1])
    return _piece(wide[0], narrow[0]) and _sequence(wide[1:], narrow[1:])


def _group(piece: Piece) -> bool:
    """A group without flags: its content stands in its place."""
    return str(piece[0]) == "SUBPATTERN" and not piece[1][1] and not piece[1][2]


def _piece(wide: Piece, narrow: Piece) -> bool:
    wide, narrow = _class(wide), _class(narrow)
    (wide_op, wide_value), (narrow_op, narrow_value) = wide, narrow
    kinds = str(wide_op), str(narrow_op)
    if wide == narrow:
        return True
    if kinds[0] in _REPEATS and kinds[1] in _REPEATS:
        (wide_low, wide_high, wide_inner), (low, high, inner) = wide_value, narrow_value
        return wide_low <= low and high <= wide_high and _sequence(list(wide_inner), list(inner))
    if kinds[0] in _REPEATS:  # once is within the repeat
        low, high, inner = wide_value
        return low <= 1 <= high and _sequence(list(inner), [narrow])
    if kinds[0] == "ANY" and kinds[1] in ("LITERAL", "IN"):
        members = _characters(narrow_op, narrow_value)
        return members is not None and not any(_member_has(each, "\n") for each in members)
    if kinds == ("IN", "IN") and _negated(wide_value) and _negated(narrow_value):
        # [^xy] is within [^x]: what the wide one excludes, the narrow one excludes too.
        excluded = [each for each in narrow_value if str(each[0]) != "NEGATE"]
        return all(_covered(each, excluded) for each in wide_value if str(each[0]) != "NEGATE")
    members, wide_members = (
        _characters(narrow_op, narrow_value),
        _characters(wide_op, wide_value),
    )
    return (
        members is not None
        and wide_members is not None
        and all(_covered(member, wide_members) for member in members)
    )


def _class(piece: Piece) -> Piece:
    """`[^x]`, parsed as NOT_LITERAL, as the class it is."""
    if str(piece[0]) == "NOT_LITERAL":
        return (_parser.IN, [(_parser.NEGATE, None), (_parser.LITERAL, piece[1])])
    return piece


def _negated(members: Any) -> bool:
    return any(str(member[0]) == "NEGATE" for member in members)


def _characters(op: Any, value: Any) -> list[Piece] | None:
    """A single-character piece as a character class's members; None for anything else
    or a negated class."""
    if str(op) == "LITERAL":
        return [(op, value)]
    if str(op) == "IN" and not _negated(value):
        return list(value)
    return None


def _covered(member: Piece, wide: list[Piece]) -> bool:
    op, value = str(member[0]), member[1]
    if op == "LITERAL":
        return any(_member_has(each, chr(value)) for each in wide)
    if op == "RANGE":  # within one range, or (a short one) each character in some member
        low, high = value
        return any(
            str(each[0]) == "RANGE" and each[1][0] <= low and high <= each[1][1] for each in wide
        ) or (
            high - low < 1024
            and all(
                any(_member_has(each, chr(code)) for each in wide) for code in range(low, high + 1)
            )
        )
    return member in wide  # a category is covered by itself


def _member_has(member: Piece, character: str) -> bool:
    op, value = str(member[0]), member[1]
    if op == "LITERAL":
        return bool(value == ord(character))
    if op == "RANGE":
        return bool(value[0] <= ord(character) <= value[1])
    if op == "CATEGORY" and str(value) in _CATEGORIES:
        return re.fullmatch(_CATEGORIES[str(value)], character) is not None
    return False
