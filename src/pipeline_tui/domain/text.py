"""Making user text safe to print: control characters become visible escapes."""

import unicodedata

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
