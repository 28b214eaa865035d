"""config.toml's [keys] table: a screen action's key changed by its name (`move = "M"`).

Checked before the UI opens, each mistake one clear line: a name that is no action, a key
Textual would not know, or a key that would clash with another on a screen where both work
(including the keys the board, tables and lists move with). Names and defaults are the action
table's (tui/actions.py; docs/tui.md lists them).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from textual.keys import KEY_NAME_REPLACEMENTS, Keys, _character_to_key, key_to_character

from pipeline_tui.errors import ConfigError
from pipeline_tui.tui.actions import (
    ACTIONS,
    SCREENS,
    WIDGETS,
    Action,
    Scope,
    effective_keys,
    key_words,
)

MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
# Keys the lists, tables and text boxes of every screen keep for themselves.
RESERVED = frozenset(
    {"up", "down", "left", "right", "pageup", "pagedown", "home", "end", "enter", "tab",
     "shift+tab", "ctrl+p", "ctrl+c"}
)  # fmt: skip
_NAMED = frozenset(key.value for key in Keys) | frozenset(KEY_NAME_REPLACEMENTS.values())
_SCREEN_WORDS: dict[Scope, str] = {
    "main": "the board, table and insights",
    "detail": "the detail screen",
    "contacts": "the contacts screen",
    "due": "the due screen",
    "offers": "the offers screen",
    "inbox": "the inbox screen",
}


def names() -> list[str]:
    """Every name [keys] accepts, sorted."""
    return sorted({name for action in ACTIONS if (name := action.remap_name) is not None})


def normalize_key(key: str) -> str | None:
    """Return key as Textual names it ("?" -> "question_mark", "Ctrl+S" -> "ctrl+s"), or None
    when it is no key Textual knows."""
    text = key.strip()
    if text.endswith("++") or text == "+":
        text = text[:-1] + "plus"
    *modifiers, last = text.split("+")
    modifiers = [modifier.lower() for modifier in modifiers]
    if any(modifier not in MODIFIERS for modifier in modifiers) or not last:
        return None
    if len(last) == 1:
        if last.isspace() or not last.isprintable():
            return None
        if modifiers and last.isalpha():
            last = last.lower()  # ctrl+S is ctrl+s; shift says it
        # Textual's own naming of a character key ("/" -> "slash"), as its keymaps use.
        base = _character_to_key(last)
    elif last.lower() in _NAMED or key_to_character(last.lower()) is not None:
        base = last.lower()
    else:
        return None
    return "+".join([*modifiers, base])


def keymap(pairs: Iterable[tuple[str, str]], source: str = "config.toml") -> dict[str, str]:
    """Check [keys] (name, keys) pairs and return the keymap (name -> Textual key names, comma
    separated); ConfigError names the first mistake."""
    known = names()
    chosen: dict[str, str] = {}
    for name, value in pairs:
        where = f'{source}: [keys] {name} = "{value}"'
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f' (did you mean "{close[0]}"?)' if close else ""
            raise ConfigError(
                f"{source}: [keys] names no action {name!r}{hint}; the names are listed in "
                "docs/tui.md and the help screen's palette commands"
            )
        keys = [normalize_key(key) for key in value.split(",")]
        if not value.strip() or None in keys:
            raise ConfigError(f"{where}: not a key (a letter, ctrl+s, f5, escape, ...)")
        normal = [key for key in keys if key is not None]
        if len(set(normal)) != len(normal):
            raise ConfigError(f"{where}: the same key twice")
        reserved = sorted(set(normal) & RESERVED)
        if reserved:
            raise ConfigError(f"{where}: {key_words(reserved[0])} is kept for moving around")
        chosen[name] = ",".join(normal)
    _check_clashes(chosen, source)
    return chosen


def _keys_of(action: Action, chosen: dict[str, str]) -> set[str]:
    """Every key action takes once chosen is applied (navigation rows: their steps' keys)."""
    found = {key for key in effective_keys(action, chosen).split(",") if key}
    for step_keys, _, _ in action.steps:
        found.update(step_keys.split(","))
    return found


def _check_clashes(chosen: dict[str, str], source: str) -> None:
    """Refuse a remapped key that another action (or widget key) takes on the same screen."""
    for screen in SCREENS:
        # What works on the screen: its own actions and the app's, then each widget's in turn.
        own = [action for action in ACTIONS if action.scopes & {screen, "app"}]
        for widget in (None, *WIDGETS[screen]):
            rows = own + [action for action in ACTIONS if widget in action.scopes]
            for action in rows:
                name = action.remap_name
                if name not in chosen or chosen[name] == action.key:
                    continue  # unchanged: the table's own keys are laid out not to clash
                for other in rows:
                    if other.remap_name == name:
                        continue  # one action, or the same name on several screens
                    taken = _keys_of(action, chosen) & _keys_of(other, chosen)
                    if taken:
                        key = key_words(sorted(taken)[0])
                        what = f"{other.description} ({other.remap_name or 'moving around'})"
                        raise ConfigError(
                            f'{source}: [keys] {name} = "{chosen[name]}": on '
                            f"{_SCREEN_WORDS[screen]}, {key} already does: {what}"
                        )
