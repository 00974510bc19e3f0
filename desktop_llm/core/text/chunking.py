"""Token-aware splitting of long text into parts that each fit a prompt.

Parts break at paragraph boundaries where they can, then at sentences, then at words; only a single "word"
longer than the budget (a URL, a base64 blob) is cut inside. Every part is a stripped slice of the original text
(``text[start:end]``), parts come in order and do not overlap, and what lies between them is only whitespace: no
content is ever dropped. Token counts come from the caller's counter (the model's own tokenizer in the app).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

TokenCounter = Callable[[str], int]

# Coarse to fine: paragraphs, sentences (after . ! ? and a space, right after Chinese and Japanese full stops,
# which need none, or at a line break), words.
_BOUNDARIES = (
    re.compile(r"\n[ \t\r\f\v]*\n\s*"),
    re.compile(r"(?<=[.!?…])\s+|(?<=[。！？；])\s*|\n\s*"),
    re.compile(r"\s+"),
)


@dataclass(frozen=True)
class Chunk:
    index: int
    start: int  # offsets into the original text
    end: int
    text: str
    tokens: int


def split_text(text: str, budget: int, count_tokens: TokenCounter) -> list[Chunk]:
    """Split ``text`` into chunks of at most ``budget`` tokens each (see the module docstring for the guarantees)."""
    if budget < 1:
        raise ValueError(f"the token budget must be at least 1, not {budget}")
    units = list(_units(text, 0, len(text), 0, budget, count_tokens))
    chunks: list[Chunk] = []
    i = 0
    while i < len(units):
        # Grow greedily on the summed estimate, then confirm with one real count (joined text can tokenize
        # differently from its parts) and give back units until it fits.
        start, end, estimate = units[i][0], units[i][1], units[i][2]
        j = i + 1
        while j < len(units):
            gap = count_tokens(text[end:units[j][0]]) if units[j][0] > end else 0
            if estimate + gap + units[j][2] > budget:
                break
            estimate += gap + units[j][2]
            end = units[j][1]
            j += 1
        while True:
            tokens = count_tokens(text[start:end]) if j - i > 1 else units[i][2]
            if tokens <= budget or j - i == 1:
                break
            j -= 1
            end = units[j - 1][1]
        chunks.append(Chunk(len(chunks), start, end, text[start:end], tokens))
        i = j
    return chunks


def _units(text: str, start: int, end: int, level: int, budget: int,
           count_tokens: TokenCounter) -> Iterator[tuple[int, int, int]]:
    """(start, end, tokens) of stripped pieces of ``text[start:end]`` that fit the budget, coarsest first."""
    for piece_start, piece_end in _pieces(text, start, end, level):
        tokens = count_tokens(text[piece_start:piece_end])
        if tokens <= budget:
            yield piece_start, piece_end, tokens
        elif level + 1 < len(_BOUNDARIES):
            yield from _units(text, piece_start, piece_end, level + 1, budget, count_tokens)
        else:
            yield from _cut_word(text, piece_start, piece_end, budget, count_tokens)


def _pieces(text: str, start: int, end: int, level: int) -> Iterator[tuple[int, int]]:
    """Non-blank slices of ``text[start:end]`` between the boundaries of ``level``, stripped of whitespace."""
    position = start
    for match in _BOUNDARIES[level].finditer(text, start, end):
        yield from _stripped(text, position, match.start())
        position = match.end()
    yield from _stripped(text, position, end)


def _stripped(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end


def _cut_word(text: str, start: int, end: int, budget: int,
              count_tokens: TokenCounter) -> Iterator[tuple[int, int, int]]:
    """Cut one over-long word into the longest prefixes that fit (binary search on length)."""
    while start < end:
        low, high = 1, end - start
        while low < high:
            middle = (low + high + 1) // 2
            if count_tokens(text[start:start + middle]) <= budget:
                low = middle
            else:
                high = middle - 1
        tokens = count_tokens(text[start:start + low])
        if tokens > budget:
            raise ValueError(f"a single character needs {tokens} tokens, more than the budget of {budget}")
        yield start, start + low, tokens
        start += low


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence or line of ``text``: the passages a summary's points are traced to."""
    return [span for paragraph in paragraph_spans(text) for span in _pieces(text, *paragraph, 1)]


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every paragraph of ``text`` (blocks between blank lines), stripped."""
    return list(_pieces(text, 0, len(text), 0))
