"""Sentiment of one text or a batch: positive / negative / neutral with a score, from next-token probabilities.

Each item costs one forward pass over its own tokens: the instruction and the examples come first in every
prompt, so they stay in the KV cache, and a local engine evaluates several items side by side in one batch, each
as its own sequence sharing that prefix. Nothing is sampled. The label probabilities are calibrated once per batch
against content-free inputs ("Calibrate Before Use", Zhao et al. 2021): small models lean towards one label
whatever the text, and dividing by that lean removes the bias without any labelled data.
"""

from __future__ import annotations

import csv
import io
import math
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

from ..common.errors import Cancelled
from ..common.messages import translate
from ..engines.base import Engine
from ..text.chunking import split_text
from ..text.prompts import SENTIMENT_LABELS, classify_sentiment
from . import ToolInputError, describe_duration, text_budget

CONTENT_FREE = ("N/A", "", "[MASK]")
MAX_ITEMS = 100_000
GROUP = 16  # items handed to the engine at once: a progress report after each group


@dataclass(frozen=True)
class SentimentItem:
    index: int
    text: str
    label: str
    score: float  # probability of the label, after calibration
    probabilities: dict[str, float] = field(default_factory=dict)
    note: str = ""  # e.g. scored on its beginning only, when longer than the context


@dataclass(frozen=True)
class ItemScored:
    """Event: one item of the batch is scored."""

    item: SentimentItem
    count: int


@dataclass
class SentimentResult:
    items: list[SentimentItem]
    elapsed_s: float = 0.0

    @property
    def counts(self) -> dict[str, int]:
        found = Counter(item.label for item in self.items)
        return {label: found.get(label, 0) for label in SENTIMENT_LABELS}

    def to_json(self) -> dict:
        return {"items": [{"text": i.text, "label": i.label, "score": round(i.score, 4),
                           **({"note": i.note} if i.note else {})} for i in self.items],
                "counts": self.counts}

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["text", "label", "score", *(f"p_{label}" for label in SENTIMENT_LABELS), "note"])
        for i in self.items:
            writer.writerow([i.text, i.label, f"{i.score:.4f}",
                             *(f"{i.probabilities.get(label, 0):.4f}" for label in SENTIMENT_LABELS), i.note])
        return out.getvalue()


def table_columns(text: str) -> tuple[list[str], str] | None:
    """The header and delimiter of ``text`` if it reads as a CSV/TSV table with two or more columns, else None."""
    sample = text[:64 * 1024]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        return None
    header = next(csv.reader(io.StringIO(sample), dialect), [])
    if len(header) < 2:
        return None
    return [name.strip() or f"column {n + 1}" for n, name in enumerate(header)], dialect.delimiter


def items_from_table(text: str, column: str, delimiter: str) -> tuple[list[str], int]:
    """The texts of ``column``, and how many rows had none there (they are skipped, and the caller says so)."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip() or f"column {n + 1}" for n, name in enumerate(next(reader, []))]
        if column not in header:
            raise ToolInputError(translate("CoreTools", "There is no column {column}; the columns are: {columns}.")
                                 .format(column=repr(column), columns=", ".join(header)))
        where = header.index(column)
        rows = list(reader)
    except csv.Error as exc:
        raise ToolInputError(translate("CoreTools", "The table cannot be read past line {line} ({error}). Check for "
                                       "a stray quote character there.").format(line=reader.line_num,
                                                                                error=str(exc))) from None
    items = [row[where] for row in rows if len(row) > where and row[where].strip()]
    return _checked(items), len(rows) - len(items)


def items_from_lines(text: str) -> list[str]:
    return _checked([line.strip() for line in text.splitlines() if line.strip()])


def _checked(items: list[str]) -> list[str]:
    if not items:
        raise ToolInputError(translate("CoreTools", "There is no text to classify."))
    if len(items) > MAX_ITEMS:
        raise ToolInputError(translate("CoreTools", "That is {count:,} items; a batch holds at most {limit:,}. Split "
                                       "the file.").format(count=len(items), limit=MAX_ITEMS))
    return items


def classify(engine: Engine, texts: list[str], cancel: threading.Event,
             on_event: Callable[[object], None] = lambda event: None,
             on_progress: Callable[[float, str], None] = lambda fraction, text: None) -> SentimentResult:
    """Label every text. Items go to the engine in groups of ``GROUP``, which it may evaluate side by side; each
    item is reported (``ItemScored``) as soon as its group is done."""
    started = time.monotonic()
    chat = engine.model.chat_format
    budget = text_budget(engine, classify_sentiment, 8)

    def log_probs(batch: list[str]) -> list[dict[str, float]]:
        prompts = [classify_sentiment(text).render(chat) for text in batch]
        normalized = []
        for scores in engine.score_labels_batch(prompts, SENTIMENT_LABELS, cancel):
            total = math.log(sum(math.exp(v) for v in scores.values()))
            normalized.append({label: value - total for label, value in scores.items()})
        return normalized

    on_progress(0.0, translate("CoreTools", "Scoring {count:,} item(s)…").format(count=len(texts)))
    bias = log_probs(list(CONTENT_FREE))
    prior = {label: sum(b[label] for b in bias) / len(bias) for label in SENTIMENT_LABELS}
    result = SentimentResult([])
    for start in range(0, len(texts), GROUP):
        if cancel.is_set():
            raise Cancelled()
        group, notes = [], []
        for text in texts[start:start + GROUP]:
            tokens = engine.count_tokens(text)
            if tokens > budget:
                group.append(split_text(text, budget, engine.count_tokens)[0].text)
                notes.append(translate("CoreTools", "longer than the context: scored on its first {budget:,} of "
                                       "{tokens:,} tokens").format(budget=budget, tokens=tokens))
            else:
                group.append(text)
                notes.append("")
        for offset, (scores, note) in enumerate(zip(log_probs(group), notes)):
            index = start + offset
            calibrated = {label: value - prior[label] for label, value in scores.items()}
            top = max(calibrated.values())
            weights = {label: math.exp(value - top) for label, value in calibrated.items()}
            total = sum(weights.values())
            probabilities = {label: weight / total for label, weight in weights.items()}
            label = max(probabilities, key=probabilities.get)
            item = SentimentItem(index, texts[index], label, probabilities[label], probabilities, note)
            result.items.append(item)
            on_event(ItemScored(item, len(texts)))
        done = len(result.items)
        eta = (time.monotonic() - started) / done * (len(texts) - done)
        if done < len(texts):
            on_progress(done / len(texts), translate("CoreTools", "{done:,} of {count:,} scored · about {duration} "
                                                     "left").format(done=done, count=len(texts),
                                                                    duration=describe_duration(eta)))
        else:
            on_progress(1.0, translate("CoreTools", "{done:,} of {count:,} scored").format(done=done, count=len(texts)))
    result.elapsed_s = time.monotonic() - started
    return result
