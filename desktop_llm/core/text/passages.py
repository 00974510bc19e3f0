"""Documents cut into passages for retrieval, and the words a full-text index matches them by.

A passage is a few sentences (about 120 words, or as many Chinese characters) that never crosses a page of a PDF:
small enough that the ones retrieved for a question fit a small model's context, large enough to hold an answer
with its context. Passages cover the whole text in order without overlapping, so a document that fits the context
can also be given whole, passage by passage, and still be cited by number. Each remembers its page and the heading
above it.

Full-text search (SQLite FTS5, ``unicode61`` with Porter stemming) splits text at spaces, so a Chinese sentence would
be one giant "word" that no question ever matches. ``index_terms`` therefore writes runs of Chinese, Japanese and
Korean characters as their overlapping pairs of characters (bigrams: 储能系统 → 储能 能系 系统), the usual way to
index languages without spaces; other text passes as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..common.scripts import is_cjk, word_units
from .chunking import paragraph_spans, sentence_spans
from .documents import Document

TARGET_UNITS = 120  # a passage closes once it holds this many words (a CJK character counts as one)
MAX_UNITS = 160  # a longer paragraph is cut at sentences
_HEADING_UNITS = 14


@dataclass(frozen=True)
class Passage:
    ordinal: int  # its place in the document, from 0
    start: int  # ``document.text[start:end]``
    end: int
    page: int | None  # PDF page (1-based); None for other documents
    heading: str  # the heading it sits under ("" if none)
    text: str


_CJK_RUN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]+")


def index_terms(text: str) -> str:
    """``text`` as the full-text index should see it: runs of CJK characters become their bigrams."""
    def bigrams(match: re.Match) -> str:
        run = match.group()
        return " " + (run if len(run) == 1 else " ".join(run[i:i + 2] for i in range(len(run) - 1))) + " "

    return _CJK_RUN.sub(bigrams, text)


# Words that say nothing about where an answer is (questions are full of them).
STOPWORDS = frozenset("""a an and are as at be been but by can could do does did for from had has have how i if in
into is it its may me might must my no not of on or our shall should so than that the their them then there these
they this those to under upon us was we were what when where which who whom why will with would you your about any
also each get got just more most only other over such very""".split())
_TERM = re.compile(r"\w+", re.UNICODE)


def query_terms(question: str) -> list[str]:
    """The words of a question worth matching: no stopwords, no duplicates; CJK runs as their bigrams."""
    terms = []
    for term in _TERM.findall(index_terms(question).lower()):
        if term not in STOPWORDS and (len(term) > 1 or is_cjk(term)) and term not in terms:
            terms.append(term)
    return terms


def split_passages(document: Document) -> list[Passage]:
    """Cut ``document`` into passages (see the module docstring); every character of it is in one of them."""
    text = document.text
    breaks = {start for start, _ in document.page_starts}
    passages: list[Passage] = []
    group: list[tuple[int, int]] = []
    units = 0
    heading = group_heading = ""

    def close() -> None:
        nonlocal group, units
        if group:
            first, last = group[0][0], group[-1][1]
            passages.append(Passage(len(passages), first, last, document.page_at(first), group_heading,
                                    text[first:last]))
        group, units = [], 0

    for start, end, whole in _pieces(text):
        piece = text[start:end]
        starts_section = _is_heading(piece, whole)
        if group and (start in breaks or (starts_section and units >= TARGET_UNITS // 3)):
            close()  # a passage never runs over a page, and a heading begins one where it can
        if starts_section:
            heading = " ".join(piece.lstrip("#").split())
        if not group:
            group_heading = heading
        group.append((start, end))
        units += len(word_units(piece))
        if units >= TARGET_UNITS:
            close()
    close()
    return passages


def _pieces(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, a whole paragraph?): paragraphs, or their lines and sentences when they have several lines (a
    PDF page) or are long."""
    pieces = []
    for start, end in paragraph_spans(text):  # pages are joined by a blank line: no paragraph runs over a page
        paragraph = text[start:end]
        if "\n" in paragraph or len(word_units(paragraph)) > MAX_UNITS:
            pieces += [(start + a, start + b, False) for a, b in sentence_spans(paragraph)]
        else:
            pieces.append((start, end, True))
    return pieces


_NUMBERED = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVX]+\.|[一二三四五六七八九十]+、)\s*\S")
_SENTENCE_END = (".", ",", ";", ":", "。", "，", "；", "：", "?", "？", "!", "！")


def _is_heading(piece: str, whole_paragraph: bool) -> bool:
    """A Markdown heading; a paragraph of one short line that does not end like a sentence; or, inside a paragraph
    (the lines of a PDF page), a short numbered line ("4.2 Checksums")."""
    if piece.startswith("#"):
        return True
    if "\n" in piece or len(word_units(piece)) > _HEADING_UNITS or piece.rstrip().endswith(_SENTENCE_END):
        return False
    return whole_paragraph or bool(_NUMBERED.match(piece))
