"""The text tools on real llama.cpp models: the tiny generated model for structure, Gemma 3 270M for meaning."""

from __future__ import annotations

import math
import threading
import time

import pytest
from chat_templates import TEMPLATES

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.engines.base import ContextOverflow, LoadOptions
from desktop_llm.core.engines.llama import LlamaEngine
from desktop_llm.core.engines.templates import ChatTemplate
from desktop_llm.core.text import prompts
from desktop_llm.core.tools import ToolInputError
from desktop_llm.core.tools.sentiment import ItemScored, classify, items_from_lines, items_from_table, table_columns
from desktop_llm.core.tools.summarize import (
    FinalStarted,
    PartDone,
    SummaryOptions,
    plan_summary,
    summarize,
    trace_points,
)
from desktop_llm.core.tools.translate import SegmentStarted, TranslateOptions, plan_segments, translate

LONG_TEXT = "\n\n".join(
    f"Section {n}. The harbour authority of town {n} reported that {n * 7} ships arrived in spring, that the new "
    f"crane lifted {n * 3} containers an hour, and that the council approved plan {n} for the northern quay."
    for n in range(1, 61))


@pytest.fixture(scope="module")
def tiny_engine(tiny_long_model):
    engine = LlamaEngine()
    engine.load(tiny_long_model, LoadOptions(n_ctx=1024, n_threads=2))
    yield engine
    engine.unload()


@pytest.fixture(scope="module")
def gemma_engine(gemma_model, gemma_hints):
    engine = LlamaEngine()
    engine.load(gemma_model, LoadOptions(n_ctx=2048, n_threads=2), gemma_hints)
    yield engine
    engine.unload()


# -- prompts -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("build", [
    lambda text: prompts.summarize_whole(text, "key_points", "short"),
    lambda text: prompts.summarize_part(text, "medium"),
    lambda text: prompts.combine_summaries([text, "second"], "paragraph", "long"),
    lambda text: prompts.translate(text, "German", "French", "formal"),
    lambda text: prompts.classify_sentiment(text),
])
def test_every_prompt_renders_in_both_forms_with_the_text_last(build):
    text = "UNIQUE-TEXT-42"
    prompt = build(text)
    plain = prompt.render(chat=False)
    assert text in plain and plain.index(text) > len(prompt.instruction)
    for family in ("gemma3", "mistral-v0.3", "llama3"):  # strict templates accept the one user message
        chat = ChatTemplate(TEMPLATES[family], "model", "<s>", "</s>").render(prompt.render(chat=True))
        assert text in chat


def test_two_sentiment_items_share_their_whole_prefix():
    first = prompts.classify_sentiment("I love it").render(False)
    second = prompts.classify_sentiment("Never again").render(False)
    shared = len([1 for a, b in zip(first, second) if a == b])
    assert first[:shared] == second[:shared] and first[:shared].endswith("Text: ")


def test_chat_format_only_for_models_with_a_chat_template(gemma_engine, tiny_engine):
    assert not gemma_engine.model.chat_format  # the base starter chats through a plain transcript
    assert tiny_engine.model.chat_format  # the tiny model has a template in its GGUF


# -- summarize ---------------------------------------------------------------------------------------------------


def test_long_text_with_a_small_context_is_split_and_every_part_is_summarized(tiny_engine):
    events, progress = [], []
    streamed = []
    result = summarize(tiny_engine, LONG_TEXT, SummaryOptions("key_points", "short"), threading.Event(),
                       streamed.append, events.append, lambda f, t: progress.append((f, t)))
    parts = result.parts
    assert len(parts) >= 4 and len(result.part_summaries) == len(parts)
    assert all(p.tokens <= 1024 for p in parts)
    # every word of the text is in exactly one part, in order
    assert " ".join(p.text for p in parts).split() == LONG_TEXT.split()
    done = [e for e in events if isinstance(e, PartDone)]
    assert [e.index for e in done] == list(range(len(parts)))
    assert isinstance(events[-1], FinalStarted) and events[-1].rounds >= 1
    assert "".join(streamed).strip() == result.summary
    fractions = [f for f, _ in progress]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert any("left" in t for _, t in progress)
    assert result.to_json()["input_tokens"] == result.input_tokens == tiny_engine.count_tokens(LONG_TEXT)


def test_short_text_is_one_pass(tiny_engine):
    plan = plan_summary(tiny_engine, "A short note about the harbour.", SummaryOptions())
    assert len(plan.parts) == 1 and "fits in one pass" in plan.describe() and "context 1,024" in plan.describe()


def test_cancel_stops_between_parts(tiny_engine):
    cancel = threading.Event()
    seen = []

    def on_event(event):
        seen.append(event)
        cancel.set()

    started = time.monotonic()
    with pytest.raises(Cancelled):
        summarize(tiny_engine, LONG_TEXT, SummaryOptions(), cancel, lambda text: None, on_event)
    assert len(seen) == 1 and time.monotonic() - started < 30
    assert tiny_engine.count_tokens("the engine is still usable") > 0


def test_a_context_too_small_for_parts_is_refused_clearly(tiny_model):
    engine = LlamaEngine()
    engine.load(tiny_model, LoadOptions(n_ctx=512, n_threads=2))
    try:
        with pytest.raises(ContextOverflow, match="at least 1,024"):
            plan_summary(engine, LONG_TEXT, SummaryOptions())
    finally:
        engine.unload()


def test_empty_text_and_bad_options_are_refused(tiny_engine):
    with pytest.raises(ToolInputError):
        plan_summary(tiny_engine, "  \n ", SummaryOptions())
    with pytest.raises(ToolInputError):
        SummaryOptions(style="poem")


def test_points_are_traced_to_the_part_they_come_from():
    text = "Cats sleep sixteen hours a day.\n\nThe volcano erupted in 1883 near Krakatoa."
    from desktop_llm.core.text.chunking import Chunk

    parts = [Chunk(0, 0, 31, text[:31], 8), Chunk(1, 33, len(text), text[33:], 10)]
    points = trace_points("- Krakatoa erupted in 1883\n- cats sleep a lot\n- unrelated zebra", "key_points", text,
                          parts)
    assert [p.part for p in points] == [1, 0, None]
    assert text[points[0].start:points[0].end].startswith("The volcano")


def test_summary_of_a_real_text_with_gemma(gemma_engine):
    result = summarize(gemma_engine, LONG_TEXT[:1500], SummaryOptions("paragraph", "short"), threading.Event(),
                       lambda text: None)
    assert result.summary and result.rounds == 0 and result.generated_tokens > 0


# -- translate ---------------------------------------------------------------------------------------------------


def test_translation_is_aligned_by_paragraph_and_long_paragraphs_go_in_pieces(tiny_engine):
    long_paragraph = " ".join(f"Sentence number {n} is here." for n in range(200))
    text = f"First paragraph.\n\n{long_paragraph}\n\nLast one."
    options = TranslateOptions("French")
    segments = plan_segments(tiny_engine, text, options)
    assert [s.source for s in segments] == ["First paragraph.", long_paragraph, "Last one."]
    assert len(segments[1].pieces) > 1 and " ".join(segments[1].pieces) == long_paragraph
    events = []
    result = translate(tiny_engine, "One.\n\nTwo.", options, threading.Event(), lambda text: None, events.append)
    assert [e.index for e in events if isinstance(e, SegmentStarted)] == [0, 1]
    assert [s["source"] for s in result.to_json()["segments"]] == ["One.", "Two."]


def test_translate_options_are_checked():
    with pytest.raises(ToolInputError, match="unknown language"):
        TranslateOptions("Klingon")


def test_gemma_translates_a_sentence(gemma_engine):
    result = translate(gemma_engine, "Good morning.", TranslateOptions("French"), threading.Event(),
                       lambda text: None)
    assert result.segments[0].translation and result.segments[0].translation != "Good morning."


# -- sentiment ---------------------------------------------------------------------------------------------------


def test_each_item_costs_one_pass_over_its_own_tokens(gemma_engine):
    evaluated = []
    context = gemma_engine._context
    one, many = context.evaluate, context.evaluate_many
    context.evaluate = lambda tokens, cancel: evaluated.append(len(tokens)) or one(tokens, cancel)
    context.evaluate_many = lambda entries: evaluated.append(len(entries)) or many(entries)
    try:
        classify(gemma_engine, ["A first text to warm the cache."], threading.Event())
        evaluated.clear()
        item = "It broke after a week."
        classify(gemma_engine, [item], threading.Event())
    finally:
        del context.evaluate, context.evaluate_many
    prompt = gemma_engine.count_chat_tokens(prompts.classify_sentiment(item).render(False))
    # three content-free calibration inputs and the item: each evaluates only what follows the shared prefix
    assert sum(evaluated) < 4 * 30 < prompt


def test_gemma_reads_clear_sentiment(gemma_engine):
    events = []
    result = classify(gemma_engine, ["I absolutely love it, best purchase of the year!",
                                     "Terrible. It broke on day one and support ignored me."],
                      threading.Event(), events.append)
    assert [i.label for i in result.items] == ["positive", "negative"]
    for item in result.items:
        assert math.isclose(sum(item.probabilities.values()), 1.0) and item.score == max(
            item.probabilities.values())
    assert [e.item.index for e in events if isinstance(e, ItemScored)] == [0, 1]
    assert result.counts == {"positive": 1, "negative": 1, "neutral": 0}
    assert result.to_csv().splitlines()[0].startswith("text,label,score")


def test_tiny_vocabulary_labels_sharing_a_first_token_still_score(tiny_engine):
    result = classify(tiny_engine, ["whatever"], threading.Event())
    assert result.items[0].label in prompts.SENTIMENT_LABELS


def test_batch_input_from_lines_and_tables():
    assert items_from_lines("one\n\n two \n") == ["one", "two"]
    csv_text = 'id,review,stars\n1,"Great, really",5\n2,Bad,1\n3,,2\n'
    columns, delimiter = table_columns(csv_text)
    assert columns == ["id", "review", "stars"] and delimiter == ","
    assert items_from_table(csv_text, "review", delimiter) == (["Great, really", "Bad"], 1)  # 1 empty, counted
    assert table_columns("id\treview\n1\tgood\n")[1] == "\t"
    assert table_columns("just a line of text\nand another") is None
    with pytest.raises(ToolInputError, match="columns are: id, review, stars"):
        items_from_table(csv_text, "comment", ",")
    with pytest.raises(ToolInputError):
        items_from_lines(" \n ")
    with pytest.raises(ToolInputError, match="stray quote"):
        items_from_table('id,review\n1,"' + "x" * 200_000 + "\n", "review", ",")
