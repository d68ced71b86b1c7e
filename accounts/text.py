"""Text as people type and paste it, made safe to store and show. Pure: no ORM, no settings.

    normalise(text) -> str             NFC, without the invisible bidi formatting characters
    control_characters(text, multiline) -> list[str]
                                       the control characters `text` may not hold, as "U+0007"

NFC makes "Å" typed on a Mac ("A" + ring) and on Windows (one character) the same text, so search
and duplicate checks find both. The bidi embedding, override and isolate characters (U+202A–U+202E,
U+2066–U+2069) and the direction marks can reverse how a line reads ("Trojan source") and are
invisible: they are removed. Text from users is shown isolated (`<bdi>`, `dir="auto"`) instead, so a
right-to-left name cannot turn the text around it.

Control characters (Unicode category Cc) break exports and are never meant: only tab and line
breaks are allowed, and only where the text may have several lines.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["BIDI_CONTROLS", "control_characters", "normalise"]

BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_BIDI = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_MULTILINE_ALLOWED = frozenset("\t\n\r")


def normalise(text: str) -> str:
    """`text` in NFC without bidi formatting characters; anything else is kept as it is."""
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _BIDI.sub("", text))


def control_characters(text: str, *, multiline: bool) -> list[str]:
    """The distinct control characters in `text` that are not allowed there, e.g. ["U+0007"]."""
    allowed = _MULTILINE_ALLOWED if multiline else frozenset()
    found = {char for char in text if (ord(char) < 32 or 127 <= ord(char) < 160) and char not in allowed}
    return [f"U+{ord(char):04X}" for char in sorted(found)]
