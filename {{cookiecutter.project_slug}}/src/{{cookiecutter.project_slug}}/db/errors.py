"""The failures an operator fixes, as opposed to bugs."""


class OperatorError(Exception):
    """Something in the environment is wrong (unreachable server, a lock held too long, a
    database at the wrong revision). Its message is one line saying what, and never holds
    a password, so it is shown as it is, without a traceback."""
