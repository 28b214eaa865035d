"""Bytes of a file to text: the byte-order mark first, then UTF-8, then a maintained detector."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from pipeline_tui.errors import UserError

# Longest marks first: UTF-32's little-endian mark starts with UTF-16's.
_BOMS: tuple[tuple[bytes, str, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32 (byte-order mark)"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8 (byte-order mark)"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16 (byte-order mark)"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16 (byte-order mark)"),
)
# What a file starts with when it is not text at all (an archive renamed .csv, say).
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"PK\x03\x04", "a zip archive (and not an .xlsx workbook)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (.xls: save it as CSV first)"),
    (b"%PDF", "a PDF document"),
    (b"SQLite format 3\x00", "a SQLite database (pipeline restore takes those)"),
)
# Detected names folded into the superset that decodes the same bytes and more.
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "hz": "gb18030", "ascii": "utf-8"}
# Among equally plausible readings, the one most files in the wild use.
_PREFERRED = ("utf_8", "gb18030", "cp1252")
ENCODINGS_TRIED = (
    "a byte-order mark (UTF-8, UTF-16, UTF-32), UTF-8, then detection by charset-normalizer"
)


@dataclass(frozen=True, slots=True)
class Decoded:
    """A file's text and how it was read: "UTF-8", "GB18030 (detected)"."""

    text: str
    encoding: str
    how: str


def decode(data: bytes, name: str) -> Decoded:
    """Return the text of a file's bytes; UserError names what was tried when none fits."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            raise UserError(f"{name} is {what}, not a CSV or JSON text file")
    for mark, encoding, how in _BOMS:
        if data.startswith(mark):
            try:
                return Decoded(data[len(mark) :].decode(encoding), encoding, how)
            except UnicodeDecodeError as error:
                raise UserError(
                    f"{name} starts with a {how.split(' ')[0]} byte-order mark but byte "
                    f"{error.start + len(mark):,} is not {how.split(' ')[0]}"
                ) from None
    try:
        return Decoded(data.decode("utf-8"), "utf-8", "UTF-8")
    except UnicodeDecodeError:
        pass
    return _detect(data, name)


def _detect(data: bytes, name: str) -> Decoded:
    # ~17 ms to import; only files that are not UTF-8 need it.
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        raise UserError(f"cannot read {name}: no text encoding fits it (tried {ENCODINGS_TRIED})")
    best = matches[0]
    plausible = {match.encoding: match for match in matches if match.chaos <= best.chaos}
    chosen = next((plausible[name] for name in _PREFERRED if name in plausible), best)
    encoding = _SUPERSETS.get(chosen.encoding, chosen.encoding)
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        text = str(chosen)
        encoding = chosen.encoding
    label = codecs.lookup(encoding).name.upper().replace("_", "-")
    return Decoded(text, encoding, f"{label} (detected)")
