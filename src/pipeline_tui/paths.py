"""Where the database and the settings file live."""

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pipeline_tui.errors import StoreError

APP_NAME = "pipeline-tui"
DB_VARIABLE = "PIPELINE_DB"
CONFIG_VARIABLE = "PIPELINE_CONFIG"


def data_dir() -> Path:
    """Return pipeline-tui's own folder in the user data directory."""
    import platformdirs  # ~15 ms; only needed when no path is given

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


@dataclass(frozen=True, slots=True)
class ServerUrl:
    """A database on a PostgreSQL server, as a SQLAlchemy URL for the psycopg driver."""

    url: str

    def __str__(self) -> str:
        """The URL with any password replaced by ***, for messages."""
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        user = parts.username or ""
        host = parts.netloc.rpartition("@")[2]
        return urlunsplit(parts._replace(netloc=f"{user}:***@{host}"))


# Schemes that mean PostgreSQL; each is read as postgresql+psycopg (the one driver we support).
_POSTGRES_SCHEMES = ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg3")


def database_location(text: str) -> Path | ServerUrl:
    """Read --db or $PIPELINE_DB: a SQLAlchemy URL names a server, anything else a SQLite file."""
    scheme, separator, rest = text.partition("://")
    if not separator or "/" in scheme or "\\" in scheme:
        return Path(text).expanduser()
    scheme = scheme.lower()
    if scheme in _POSTGRES_SCHEMES:
        return ServerUrl(f"postgresql+psycopg://{rest}")
    if scheme == "sqlite":  # sqlite:///relative.db, sqlite:////absolute.db
        if not rest.startswith("/") or rest == "/":
            raise StoreError(f"{text!r}: a SQLite URL needs a file: sqlite:///path/to/file.db")
        return Path(rest[1:]).expanduser()
    if scheme.startswith("postgresql+"):
        raise StoreError(
            f"the {scheme.partition('+')[2]!r} driver is not supported: use postgresql+psycopg://"
        )
    raise StoreError(
        f"unsupported database URL {scheme}://...: give a file path (SQLite) or "
        "postgresql+psycopg://user@host/dbname"
    )


def default_database() -> Path | ServerUrl:
    """Return $PIPELINE_DB (a path or a URL), else pipeline.db in the user data directory."""
    override = os.environ.get(DB_VARIABLE)
    if override:
        return database_location(override)
    return data_dir() / "pipeline.db"


def config_path() -> Path:
    """Return $PIPELINE_CONFIG, else config.toml in the user config directory."""
    override = os.environ.get(CONFIG_VARIABLE)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return platformdirs.user_config_path(APP_NAME, appauthor=False) / "config.toml"


def make_private_dir(directory: Path) -> None:
    """Create directory (and missing parents) readable by the owner only; leave existing ones."""
    missing: list[Path] = []
    current = directory
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700, exist_ok=True)
        os.chmod(path, 0o700)


def write_private(path: Path, data: bytes) -> None:
    """Write data to path readable by the owner only: a new file beside it, then a rename, so a
    reader never sees half a file and an existing file is replaced whole."""
    import secrets

    draft = path.with_name(f".{path.name}.{secrets.token_hex(4)}.part")
    descriptor = os.open(draft, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(data)
        os.replace(draft, path)
    except BaseException:
        draft.unlink(missing_ok=True)
        raise


def user_path(text: str) -> Path:
    """Return a path the user typed with ~ expanded; "~nobody-known" stays as typed."""
    try:
        return Path(text).expanduser()
    except RuntimeError:  # ~name of no known user
        return Path(text)
