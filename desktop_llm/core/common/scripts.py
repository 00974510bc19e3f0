"""Writing systems: how much of a text is written in which script (used by text, engines and tools).

Chinese, Japanese and Korean are written without spaces, so texts are compared in "word units": an ideograph, kana or
Hangul syllable counts as a word of its own, other letters count by the word. Passages are sized in these units, the
Translate tool checks the script of a translation with them, and a base model's transcript follows the script of the
question.
"""

from __future__ import annotations

import unicodedata


def is_cjk(character: str) -> bool:
    """Chinese, Japanese or Korean: scripts written without spaces between words."""
    name = unicodedata.name(character, "")
    return name.startswith(("CJK", "HIRAGANA", "KATAKANA", "HANGUL")) or "IDEOGRAPH" in name


def word_units(text: str) -> list[str]:
    """The text in comparable units (so "Python 2.1 版本" is one Latin unit and two Chinese ones)."""
    units: list[str] = []
    word = ""
    for character in text + " ":
        if character.isalpha() and not is_cjk(character):
            word += character
            continue
        if word:
            units.append(word)
            word = ""
        if character.isalpha():
            units.append(character)
    return units


def script_of(character: str) -> str:
    """"CJK" for an ideograph, else the first word of its Unicode name: "LATIN", "HIRAGANA", "HANGUL", "CYRILLIC"…"""
    name = unicodedata.name(character, "")
    if name.startswith("CJK") or "IDEOGRAPH" in name:
        return "CJK"
    return name.split(" ", 1)[0] if name else ""


def script_share(text: str, scripts: tuple[str, ...]) -> float:
    """The share of the word units of ``text`` written in one of ``scripts`` (0 when it has none)."""
    units = word_units(text)
    if not units:
        return 0.0
    return sum(script_of(unit[0]) in scripts for unit in units) / len(units)
