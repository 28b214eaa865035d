"""Errors a user can cause; front ends show them as one line, never a traceback."""


class UserError(Exception):
    """A mistake in what the user asked for (bad stage, no match, duplicate); exit status 1."""


class StoreError(UserError):
    """The database cannot be opened or used (not SQLite, damaged, from a newer version)."""


class ConfigError(UserError):
    """The settings file cannot be read or holds a value of the wrong kind."""
