"""A helper module left in versions/: it declares no revision."""

NICKNAME_LENGTH = 40
