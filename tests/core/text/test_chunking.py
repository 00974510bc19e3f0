"""The chunker's guarantees, as properties over generated text and with the real Gemma tokenizer."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from desktop_llm.core.text.chunking import split_text


def by_words(text: str) -> int:
    return len(text.split())


def by_chars(text: str) -> int:
    """Roughly like a BPE tokenizer: about four characters a token, whitespace counted too."""
    return (len(text) + 3) // 4


def lumpy(text: str) -> int:
    """Not additive: joining pieces can cost more than the pieces did (as real tokenizers sometimes do)."""
    return len(text.split()) + text.count("\n\n") * 3 + sum(1 for c in text if not c.isascii())


WORD = st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S"]), min_size=1, max_size=30)
SENTENCE = st.lists(WORD, min_size=1, max_size=25).map(" ".join).map(lambda s: s + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=8).map(" ".join)
SEPARATOR = st.sampled_from(["\n\n", "\n \n\n", "\n", "  ", "\r\n\r\n", "\t"])
DOCUMENT = st.tuples(st.lists(st.tuples(PARAGRAPH, SEPARATOR), max_size=12), st.text(" \n", max_size=3)).map(
    lambda parts: parts[1] + "".join(p + s for p, s in parts[0]))


def check_guarantees(text: str, chunks, budget: int, count) -> None:
    position = 0
    for index, chunk in enumerate(chunks):
        assert chunk.index == index
        assert chunk.text == text[chunk.start:chunk.end]
        assert chunk.text.strip() == chunk.text != ""  # none empty, no padding
        assert chunk.tokens == count(chunk.text) <= budget  # none over budget, honest count
        assert chunk.start >= position  # in order, no overlap
        assert text[position:chunk.start].strip() == ""  # nothing but whitespace dropped
        position = chunk.end
    assert text[position:].strip() == ""


@settings(max_examples=150, deadline=None)
@given(DOCUMENT, st.integers(1, 120), st.sampled_from([by_words, by_chars, lumpy]))
def test_chunks_cover_everything_in_order_within_budget(text, budget, count):
    assume(all(count(c) <= budget for c in set(text)))  # else refusing is right (tested below): nothing fits
    check_guarantees(text, split_text(text, budget, count), budget, count)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=400), st.integers(1, 40))
def test_any_text_at_all(text, budget):
    check_guarantees(text, split_text(text, budget, by_chars), budget, by_chars)


def test_paragraphs_stay_whole_when_they_fit():
    paragraphs = [f"Paragraph {n} has a few words in it." for n in range(10)]
    text = "\n\n".join(paragraphs)
    chunks = split_text(text, 20, by_words)
    for chunk in chunks:
        assert all(p in paragraphs for p in chunk.text.split("\n\n"))
    assert len(chunks) == 5  # 7 words each, two paragraphs a chunk


def test_long_paragraph_breaks_at_sentences_then_words():
    sentence = "This sentence has exactly seven words."
    text = " ".join([sentence] * 6) + " " + "word " * 30
    chunks = split_text(text, 15, by_words)
    assert [c.text for c in chunks[:2]] == [sentence + " " + sentence] * 2
    assert chunks[2].text.startswith(sentence + " " + sentence + " word")  # filled up with words of the next one
    assert all(c.tokens <= 15 for c in chunks) and len(chunks) == 5


def test_an_endless_word_is_cut_inside():
    text = "x" * 1000
    chunks = split_text(text, 10, by_chars)
    assert "".join(c.text for c in chunks) == text
    assert all(c.tokens <= 10 for c in chunks)


def test_blank_text_gives_no_chunks_and_bad_budget_is_refused():
    assert split_text(" \n\n\t ", 10, by_words) == []
    with pytest.raises(ValueError):
        split_text("text", 0, by_words)
    with pytest.raises(ValueError, match="a single character needs 2 tokens"):
        split_text("¡", 1, lumpy)


def test_real_tokenizer_budget_is_respected(gemma_model):
    from llama_cpp import Llama

    vocab = Llama(str(gemma_model), vocab_only=True, verbose=False)

    def count(text: str) -> int:
        return len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    text = "\n\n".join(f"Résumé {n}: the committee met on 3 März and agreed, after long debate, to fund "
                       f"project #{n} 🚀 with {n * 1000} euros." for n in range(200))
    chunks = split_text(text, 300, count)
    check_guarantees(text, chunks, 300, count)
    assert len(chunks) > 5
