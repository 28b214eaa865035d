"""User text on a terminal: control characters made visible, widths counted in cells."""

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from enum import StrEnum
from typing import TypeVar

_Choice = TypeVar("_Choice", bound=StrEnum)

# Bidirectional overrides can make a terminal line read differently from what is stored.
_INVISIBLE_FORMAT = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str, *, one_line: bool = True) -> str:
    """Return text with control and bidi-override characters shown as \\xNN / \\uNNNN escapes."""
    out: list[str] = []
    for char in text:
        if char in "\n\t" and not one_line:
            out.append(char)
        elif char in "\n\t":
            out.append(" ")
        elif char in _INVISIBLE_FORMAT or unicodedata.category(char) == "Cc":
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


# Control characters (Unicode category Cc: C0, DEL, C1) and the bidi overrides.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f" + "".join(sorted(_INVISIBLE_FORMAT)) + "]")


def _is_control(char: str) -> bool:
    return char in _INVISIBLE_FORMAT or unicodedata.category(char) == "Cc"


def escape_controls(text: str, *, keep: str = "\n\t\r") -> str:
    """Return text with control and bidi-override characters as JSON writes them (\\u001b).

    Machine-readable output (JSON, CSV) shows such characters one way: JSON's own escape,
    which a JSON reader turns back into the character, and the same six characters in CSV.
    Characters in keep (line breaks and tabs, which CSV quotes) stay as they are.
    """
    if text.isprintable():
        return text
    # One pass in C over long output (a JSON document of thousands of messages).
    return _CONTROLS.sub(
        lambda found: found[0] if found[0] in keep else f"\\u{ord(found[0]):04x}", text
    )


def cell_width(text: str) -> int:
    """Return how many terminal cells text takes (wide East Asian characters take two)."""
    total = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        total += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return total


def fit(
    text: str,
    width: int,
    *,
    align_right: bool = False,
    measure: Callable[[str], int] = cell_width,
) -> str:
    """Return text padded or cut to exactly width cells, cut text ending in "…".

    measure counts cells; the UI passes Rich's, so its cut matches what Textual draws.
    """
    if width <= 0:
        return ""
    length = measure(text)
    if length <= width:
        padding = " " * (width - length)
        return padding + text if align_right else text + padding
    if text.isascii():
        return text[: width - 1] + "…"
    # Keep whole wide characters; the ellipsis follows the last one that fits.
    kept, used = [], 0
    for char in text:
        size = measure(char)
        if used + size > width - 1:
            break
        kept.append(char)
        used += size
    return "".join(kept) + "…" + " " * (width - 1 - used)


def fold(text: str) -> str:
    """Return text as every search compares it: width forms unified (ＡＢＣ is ABC), case folded.

    One rule for the filter box, `pipeline list --search`, references and campaign names, in
    Python: SQLite's LIKE and lower() fold ASCII letters only (Я, Ä and É would not match).
    """
    return unicodedata.normalize("NFKC", text).casefold()


def search_words(text: str) -> list[str]:
    """Return the folded words of a search; each must appear in what it matches."""
    return fold(text).split()


def names_matching(names: Iterable[str], text: str) -> set[str]:
    """Return the names a campaign or source filter means.

    A name equal to text (ignoring case and repeated spaces) if there is one, otherwise every
    name containing it: "autumn" finds "2024 Autumn Campus", while "Referral" finds only
    "referral" and not "referral (alumni)".
    """
    wanted = " ".join(fold(text).split())
    folded = {name: " ".join(fold(name).split()) for name in set(names)}
    exact = {name for name, key in folded.items() if key == wanted}
    return exact or {name for name, key in folded.items() if wanted in key}


def word_key(text: str) -> str:
    """Return a choice's name as compared: case, hyphens, underscores and spacing ignored."""
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


def choice_named(
    text: str, choices: type[_Choice], aliases: Mapping[str, _Choice]
) -> _Choice | None:
    """Return the choice text names, by its value or an alias, both compared by word_key (so
    "E-mail" finds the alias "e-mail")."""
    key = word_key(text)
    for choice in choices:
        if key == word_key(choice.value):
            return choice
    return next((choice for alias, choice in aliases.items() if word_key(alias) == key), None)
