"""The failures an operator fixes, as opposed to bugs."""


class OperatorError(Exception):
    """Something in the environment is wrong (unreachable server, a lock held too long, a
    database at the wrong revision). Its message is one line saying what, and never holds
    a password, so it is shown as it is, without a traceback."""


def error_line(error: BaseException) -> str:
    """`Type: its first line`, or the type alone when it says nothing (a bare `raise
    NotImplementedError` would read `NotImplementedError: `)."""
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__
