"""Checks the tools make of their own output, so that a failure is said plainly instead of passing for a result.

Small models fail in recognizable ways: a "translation" in the source language or in the wrong script, a summary
that repeats a line, a point with no support in the text. These checks are cheap and conservative: they flag what is
certainly wrong, never judge style.
"""

from __future__ import annotations

import re

from ..common.messages import Text, translate
from ..common.scripts import script_share
from ..engines.base import line_key
from ..text.prompts import LANGUAGES

# The writing system of each language the Translate pane offers (default: Latin).
SCRIPTS = {
    "Chinese": ("CJK",), "Japanese": ("HIRAGANA", "KATAKANA", "CJK"), "Korean": ("HANGUL",),
    "Russian": ("CYRILLIC",), "Ukrainian": ("CYRILLIC",), "Greek": ("GREEK",), "Arabic": ("ARABIC",),
    "Hebrew": ("HEBREW",), "Hindi": ("DEVANAGARI",), "Bengali": ("BENGALI",), "Thai": ("THAI",),
}
# Frequent short words that tell Latin-script languages apart (an output "in English" when French was asked).
STOPWORDS = {
    "English": {"the", "and", "is", "are", "of", "to", "in", "that", "it", "with", "for", "this", "was", "be", "you"},
    "French": {"le", "la", "les", "et", "est", "des", "une", "un", "du", "que", "pour", "dans", "vous", "avec", "pas"},
    "German": {"der", "die", "das", "und", "ist", "nicht", "ein", "eine", "mit", "zu", "den", "sie", "auf", "sich"},
    "Spanish": {"el", "la", "los", "las", "y", "es", "que", "de", "del", "una", "por", "con", "para", "no", "se"},
    "Italian": {"il", "la", "le", "e", "è", "che", "di", "del", "una", "per", "con", "non", "sono", "gli", "della"},
    "Portuguese": {"o", "a", "os", "as", "e", "é", "que", "de", "do", "da", "uma", "para", "com", "não", "em"},
    "Dutch": {"de", "het", "een", "en", "is", "van", "dat", "niet", "met", "voor", "zijn", "op", "te", "je"},
}
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def guess_latin_language(text: str) -> str | None:
    """The Latin-script language whose common words ``text`` uses most, when it clearly uses one."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 6:
        return None
    counts = {language: sum(w in stops for w in words) for language, stops in STOPWORDS.items()}
    best = max(counts, key=counts.get)
    second = max(v for language, v in counts.items() if language != best)
    return best if counts[best] >= 3 and counts[best] >= 2 * second else None


def _normalized(text: str) -> str:
    return " ".join(text.lower().split())


def language_name(name: str) -> str:
    """A language of ``prompts.LANGUAGES`` as an argument of a message: the UI shows it in its own language, by the
    translation the Translate pane's language boxes use (lupdate finds those names in ui/translate_pane.py, in the
    "TranslatePane" context)."""
    return Text("TranslatePane", name) if name in LANGUAGES else name


def translation_problem(source: str, translation: str, target: str, source_language: str | None = None) -> str:
    """Why ``translation`` is not a translation of ``source`` into ``target`` (empty: nothing certainly wrong)."""
    if not translation.strip():
        return translate("CoreTools", "the model wrote nothing for this paragraph")
    if _normalized(translation) == _normalized(source):
        return translate("CoreTools", "the model copied the text instead of translating it into {target}").format(
            target=language_name(target))
    scripts = SCRIPTS.get(target, ("LATIN",))
    if script_share(translation, scripts) < 0.3:
        return translate("CoreTools", "this is not written in {target} (the model did not write {target})").format(
            target=language_name(target))
    if scripts == ("LATIN",):
        written = guess_latin_language(translation)
        if written is not None and written != target:
            return translate("CoreTools", "this reads as {written}, not {target} (the model did not write "
                             "{target})").format(written=language_name(written), target=language_name(target))
    return ""


def repeated_lines(text: str, at_least: int = 2) -> list[str]:
    """Lines (of some length) that occur ``at_least`` times in ``text`` (numbers aside): a model stuck in a loop."""
    seen: dict[str, list[str]] = {}
    for line in text.splitlines():
        key = line_key(line)
        if len(key) >= 12:
            seen.setdefault(key, []).append(line.strip())
    return [lines[0] for lines in seen.values() if len(lines) >= at_least]
