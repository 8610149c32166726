"""Counting releases between two versions, for "drop only several releases later".

A release is a MAJOR.MINOR version of `[project] version`; patch versions (x.y.Z) fix a
release and do not count. Within one major, the count is the difference of the minors
(0.3 -> 0.5: 2 releases). Across majors the count is a lower bound, since the gate cannot
know how many minors the older major still had: each major bump counts once, plus the
newer minor (1.7 -> 2.0: 1 release; 1.7 -> 2.1: 2; 1.7 -> 3.0: 2).
"""

import re

_RELEASE = re.compile(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[a-zA-Z+.-][0-9A-Za-z+.-]*)?")


def parse_release(version: str) -> tuple[int, int]:
    """(major, minor) of a version such as "0.4", "0.4.2" or "1.2.0rc1"."""
    match = _RELEASE.fullmatch(version.strip())
    if match is None:
        raise ValueError(f"{version!r} is not a MAJOR.MINOR[.PATCH] version")
    return int(match[1]), int(match[2])


def releases_between(older: str, newer: str) -> int:
    """How many releases `newer` is after `older` (negative when it is before)."""
    (old_major, old_minor), (new_major, new_minor) = parse_release(older), parse_release(newer)
    if new_major == old_major:
        return new_minor - old_minor
    if new_major < old_major:
        return -1
    return (new_major - old_major) + new_minor
