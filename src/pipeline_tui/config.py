"""User settings from config.toml: defaults, validation, and where each value came from."""

import json
import re
from dataclasses import dataclass, fields, replace
from pathlib import Path

from pipeline_tui.domain.reasons import DEFAULT_REASONS
from pipeline_tui.errors import ConfigError
from pipeline_tui.paths import config_path, make_private_dir, write_private


@dataclass(frozen=True, slots=True)
class Settings:
    """Effective settings; every field has a default."""

    dayfirst: bool = False
    ghost_after_days: int = 30
    follow_up_days: int = 7
    # false: `due` proposes no follow-ups and no thank-you notes (reminders still show).
    follow_up_cadence: bool = True
    currency: str = "CNY"
    theme: str = "textual-dark"
    # Why an application ended (rejected, withdrawn, declined): the list `--reason` names from.
    close_reasons: tuple[str, ...] = DEFAULT_REASONS
    # "auto": `ghost` and `due` take the ghosting age from the reply curve (docs/funnel.md),
    # falling back to ghost_after_days while there are too few replies; "fixed": always that.
    ghost_after: str = "fixed"
    # Groups with fewer submitted applications show counts but no rates or comparisons.
    min_group_size: int = 20
    # Applications to send a week (forecast and weekly compare the week with it); 0: none.
    weekly_target: int = 0
    # `pipeline mail --apply-confident` records proposals at least this sure (0 to 1).
    mail_confidence: float = 0.9
    # Other names of an employer, for linking mail: {"ByteDance" = ["字节跳动", "Douyin"]}.
    company_aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # The UI's keys changed by action name ([keys] move = "M"); the UI checks them on start.
    keys: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class LoadedSettings:
    """Settings plus, for each name, "default" or the file it was read from."""

    settings: Settings
    sources: dict[str, str]
    path: Path


def _check(name: str, value: object) -> object:
    """Return value if it has the right kind for setting name, else raise ConfigError."""
    if name in ("dayfirst", "follow_up_cadence"):
        if not isinstance(value, bool):
            raise ConfigError(f"{name} must be true or false, not {value!r}")
    elif name in ("ghost_after_days", "follow_up_days"):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise ConfigError(f"{name} must be a whole number of days of at least 1, not {value!r}")
    elif name == "ghost_after":
        if value not in ("auto", "fixed"):
            raise ConfigError(f'{name} must be "auto" or "fixed", not {value!r}')
    elif name in ("min_group_size", "weekly_target"):
        least = 1 if name == "min_group_size" else 0
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise ConfigError(f"{name} must be a whole number of at least {least}, not {value!r}")
    elif name == "close_reasons":
        if (
            not isinstance(value, list | tuple)
            or not value
            or not all(isinstance(item, str) and item.strip() and ":" not in item for item in value)
        ):
            raise ConfigError(
                f"{name} must be a non-empty list of names without colons, not {value!r}"
            )
        names = [" ".join(item.split()) for item in value]
        if len({item.casefold() for item in names}) != len(names):
            raise ConfigError(f"{name} names a reason twice: {value!r}")
        return tuple(names)
    elif name == "mail_confidence":
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise ConfigError(f"{name} must be a number from 0 to 1, not {value!r}")
        return float(value)
    elif name == "company_aliases":
        return _aliases(name, value)
    elif name == "keys":
        if not isinstance(value, dict) or not all(
            isinstance(key, str) and key.strip() for key in value.values()
        ):
            raise ConfigError(f'[keys] must map action names to keys (move = "M"), not {value!r}')
        return tuple((action, key.strip()) for action, key in value.items())
    elif not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{name} must be a non-empty string, not {value!r}")
    return value


def _aliases(name: str, value: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Check a table of company names, each with a list of other names for it."""
    problem = ConfigError(
        f'{name} must be a table of lists of names, like {{"ByteDance" = ["字节跳动"]}}, '
        f"not {value!r}"
    )
    if not isinstance(value, dict):
        raise problem
    groups = []
    for company, others in value.items():
        if not company.strip() or not isinstance(others, list):
            raise problem
        if not all(isinstance(item, str) and item.strip() for item in others):
            raise problem
        groups.append((company.strip(), tuple(item.strip() for item in others)))
    return tuple(groups)


def load_settings(path: Path | None = None) -> LoadedSettings:
    """Read the settings file; a missing file means defaults, a broken one is a ConfigError."""
    path = path or config_path()
    names = [field.name for field in fields(Settings)]
    sources = dict.fromkeys(names, "default")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return LoadedSettings(Settings(), sources, path)
    except OSError as error:
        raise ConfigError(f"cannot read {path}: {error.strerror}") from None
    import tomllib  # ~5 ms; only paid when a settings file exists

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is not valid TOML: {error}") from None
    unknown = sorted(set(data) - set(names))
    if unknown:
        raise ConfigError(f"{path}: unknown setting {unknown[0]!r} (known: {', '.join(names)})")
    values: dict[str, object] = {}
    for name, value in data.items():
        try:
            values[name] = _check(name, value)
        except ConfigError as error:
            raise ConfigError(f"{path}: {error}") from None
        sources[name] = str(path)
    return LoadedSettings(replace(Settings(), **values), sources, path)  # type: ignore[arg-type]


def save_setting(name: str, value: str | int | bool, path: Path | None = None) -> None:
    """Set one key in the settings file, keeping the user's other lines and comments."""
    path = path or config_path()
    _check(name, value)
    if isinstance(value, bool):
        rendered = "true" if value else "false"
    elif isinstance(value, int):
        rendered = str(value)
    else:
        rendered = json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    line = f"{name} = {rendered}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    pattern = re.compile(rf"^\s*{re.escape(name)}\s*=.*$", re.MULTILINE)
    if pattern.search(text):
        text = pattern.sub(lambda _: line, text, count=1)
    else:
        text = text + ("" if not text or text.endswith("\n") else "\n") + line + "\n"
    make_private_dir(path.parent)
    write_private(path, text.encode("utf-8"))
