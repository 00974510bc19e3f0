"""A reply grounded in the conversation's documents: which passages the model reads, how they go into the prompt,
and which of them the answer cites.

When the documents fit comfortably (``WHOLE_SHARE`` of what the context leaves after the conversation and the
reply's room) the model reads them whole, in the system message, where they stay in the KV cache from one question
to the next. Otherwise the passages that best match the question (full-text search, BM25) are given with the last
message, as many as fit that share, best first. Either way each passage is numbered, the model is asked to cite
them as [n], and the reply keeps the passages it was given (in ranked order, cited ones marked): a small model that
does not cite still shows where to look.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..common.messages import Text, joined, translate
from ..engines.base import Engine
from .attachments import DocumentIndex, Embedder, StoredPassage

WHOLE_SHARE = 0.7  # of the room left after the conversation and the reply
SHOWN_WHEN_WHOLE = 5  # passages kept with a reply that read the documents whole: the best-ranked ones
CHARS_PER_TOKEN = 3  # a cautious estimate: exact counts are only taken near the limit
_MARKER = re.compile(r"\[(\d{1,3})\]")

INSTRUCTION = ("Answer the question from the numbered document passages given with it. After each statement, "
               "cite the passage it comes from by its number in brackets, like [2]. If the passages do not hold "
               "the answer, say that the documents do not say.")


@dataclass
class Grounding:
    """The passages a reply reads, and how."""

    mode: str  # "whole" or "retrieved"
    passages: list[StoredPassage]  # numbered from 1 in this order
    ranked: list[StoredPassage]  # best match for the question first (what is kept with the reply)
    documents: int
    tokens: int  # of the passages given
    total_tokens: int  # of all the documents' passages
    skipped: list[Text] = field(default_factory=list)  # documents that could not be read, with the reason

    def block(self) -> str:
        """The passages as the model reads them."""
        return "\n\n".join(f"[{number}] {_place(p)}\n{p.text}" for number, p in enumerate(self.passages, 1))

    def describe(self) -> Text:
        """For the status line: which way, and how much was read."""
        documents, passages = self.documents, len(self.passages)  # plain names: lupdate takes no other count
        if not passages:
            text = translate("CoreChat", "no attached document could be read")
        elif self.mode == "whole":
            text = translate("CoreChat", "read %n document(s) whole ({tokens:,} tokens)", "", documents).format(
                tokens=self.tokens)
        else:
            text = translate("CoreChat", "read the %n passage(s) that best match the question ({tokens:,} of "
                             "{total:,} tokens in {documents} document(s))", "", passages).format(
                tokens=self.tokens, total=self.total_tokens, documents=documents)
        if not self.skipped:
            return text
        return translate("CoreChat", "{read}; not readable: {documents}").format(
            read=text, documents=joined(self.skipped, ", "))

    def citations(self, answer: str) -> list[dict]:
        """What the reply keeps: the passages it cites by number, in the order ranked for the question, then the
        best-ranked others it was given (all of them when retrieved, the first few when it read everything)."""
        numbers = {p.id: n for n, p in enumerate(self.passages, 1)}
        cited = {int(m) for m in _MARKER.findall(answer)}
        cited_passages = [p for p in self.passages if numbers[p.id] in cited]
        ranked = [p for p in self.ranked if p.id in numbers]
        order = ranked + [p for p in cited_passages if p not in ranked]
        if self.mode == "whole":
            order = [p for p in order if numbers[p.id] in cited] + [p for p in order if numbers[p.id] not in cited]
            keep = {p.id for p in cited_passages} | {p.id for p in ranked[:SHOWN_WHEN_WHOLE]}
            order = [p for p in order if p.id in keep]
        return [p.citation(numbers[p.id], numbers[p.id] in cited) for p in order]


def _place(passage: StoredPassage) -> str:
    place = passage.file + (f", page {passage.page}" if passage.page else "")
    return place + (f" — {passage.heading}" if passage.heading else "")


def ground(engine: Engine, index: DocumentIndex, conversation_id: int, question: str, room: int,
           embedder: Embedder | None = None) -> Grounding | None:
    """Choose what the model reads of the conversation's documents for ``question``, within ``room`` tokens (what
    the context leaves after the conversation and the reply), ranked by meaning too when ``embedder`` is given;
    None when nothing is attached."""
    documents = index.attached(conversation_id)
    if not documents:
        return None
    skipped = [translate("CoreChat", "{name} ({problem})").format(name=d.name, problem=d.problem)
               for d in documents if d.status == "failed"]
    ready = [d for d in documents if d.status == "ready"]
    budget = int(room * WHOLE_SHARE)
    every = index.passages(conversation_id)
    # No word in common (a question that paraphrases everything): the documents from their beginning.
    ranked = index.search(conversation_id, question, 50, embedder) or every
    estimate = sum(len(p.text) for p in every) // CHARS_PER_TOKEN
    costs: dict[int, int] = {}

    def cost(passage: StoredPassage) -> int:  # the passage with its number and place
        if passage.id not in costs:
            costs[passage.id] = engine.count_tokens(f"[99] {_place(passage)}\n{passage.text}\n\n")
        return costs[passage.id]

    if estimate <= budget * 2:  # near the limit: count exactly
        total = sum(cost(p) for p in every)
        if total <= budget:
            return Grounding("whole", every, ranked, len(ready), total, total, skipped)
    else:
        total = estimate
    chosen, used = [], 0
    for passage in ranked:
        if used + cost(passage) > budget:
            break
        chosen.append(passage)
        used += cost(passage)
    return Grounding("retrieved", chosen, ranked, len(ready), used, total, skipped)


def grounded_messages(messages: list[dict], grounding: Grounding) -> list[dict]:
    """``messages`` with the passages: whole documents join the system message (cached across questions),
    retrieved passages come with the question they were chosen for."""
    if not grounding.passages:
        return messages
    messages = [dict(m) for m in messages]
    block = f"{INSTRUCTION}\n\nDocument passages:\n\n{grounding.block()}"
    if grounding.mode == "whole":
        if messages and messages[0]["role"] == "system":
            messages[0]["content"] = f"{messages[0]['content']}\n\n{block}"
        else:
            messages.insert(0, {"role": "system", "content": block})
    else:
        messages[-1]["content"] = f"{block}\n\nQuestion: {messages[-1]['content']}"
    return messages
