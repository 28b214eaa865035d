"""Where the database and the settings file live."""

import os
from pathlib import Path

APP_NAME = "pipeline-tui"
DB_VARIABLE = "PIPELINE_DB"
CONFIG_VARIABLE = "PIPELINE_CONFIG"


def data_dir() -> Path:
    """Return pipeline-tui's own folder in the user data directory."""
    import platformdirs  # ~15 ms; only needed when no path is given

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """Return $PIPELINE_DB, else pipeline.db in the user data directory."""
    override = os.environ.get(DB_VARIABLE)
    if override:
        return Path(override).expanduser()
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
