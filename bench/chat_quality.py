"""Does the starter answer simple questions in Chat? The app's own path against a bare llama-cpp-python loop.

``bench/data/simple_questions.csv`` holds 80 short questions with a regular expression accepting the right answer,
split into a ``tune`` half (the transcript prompt was chosen on it) and a ``heldout`` half (never used to choose
anything). A reply is right when its first paragraph matches. Greedy decoding everywhere.

- app: the engine as the Chat pane drives it: the catalog's hints (base model → transcript), the default system
  prompt, the conversation repaired and fitted to the context, the app's stop rules.
- bare: ``Llama.create_completion`` on a plain two-example transcript ("User: …\\nAssistant: …"), stopped at
  "\\nUser:", as a developer would write it by hand.
- smollm2 (when given): SmolLM2-135M-Instruct in the app, through the ChatML template in its file.

``bench/data/simple_questions_zh.csv`` holds 24 such questions in Chinese (halves as above; the Chinese transcript's
examples were chosen on the tune half). A Chinese reply is right only when it is written in Chinese and matches.
"""

from __future__ import annotations

import csv
import re
import threading
import time
from pathlib import Path

from .common import Result

DATA = Path(__file__).resolve().parent / "data" / "simple_questions.csv"
DATA_ZH = DATA.with_name("simple_questions_zh.csv")
BARE_PROMPT = ("User: What is the capital of France?\nAssistant: The capital of France is Paris.\n"
               "User: How many days are in a week?\nAssistant: There are seven days in a week.\n"
               "User: {question}\nAssistant:")
MAX_TOKENS = 64


def questions(limit: int | None = None, data: Path = DATA) -> list[dict]:
    rows = list(csv.DictReader(data.open(encoding="utf-8")))
    if limit:  # a quick run: the first questions of each half
        rows = [r for r in rows if r["split"] == "tune"][:limit] + [r for r in rows if r["split"] == "heldout"][:limit]
    return rows


def _first_paragraph(reply: str) -> str:
    return reply.strip().split("\n\n")[0][:300]


def in_chinese(reply: str) -> bool:
    from desktop_llm.core.common.scripts import script_share

    return script_share(_first_paragraph(reply), ("CJK",)) > 0.5


def correct(reply: str, pattern: str, chinese: bool = False) -> bool:
    if chinese and not in_chinese(reply):
        return False
    return bool(re.search(pattern, _first_paragraph(reply), re.IGNORECASE))


def _app_answers(model_path: Path, hints, threads: int, rows: list[dict]) -> list[str]:
    from desktop_llm.core.chat.history import fit_to_context, repair, reply_room
    from desktop_llm.core.common.settings import SamplingSettings, Settings
    from desktop_llm.core.engines.base import LoadOptions, run_stream
    from desktop_llm.core.engines.llama import LlamaEngine

    engine = LlamaEngine()
    engine.load(model_path, LoadOptions(n_ctx=4096, n_threads=threads), hints)
    system = Settings().system_prompt  # what a new user has
    sampling = SamplingSettings(temperature=0.0, top_k=1, max_tokens=MAX_TOKENS)
    answers = []
    for row in rows:
        messages, _ = fit_to_context(engine, repair([{"role": "system", "content": system},
                                                     {"role": "user", "content": row["question"]}]),
                                     reply_room(engine.model.n_ctx, MAX_TOKENS))
        answers.append(run_stream(engine.stream_chat(messages, sampling, threading.Event()), lambda piece: None).text)
    engine.unload()
    return answers


def _bare_answers(model_path: Path, threads: int, rows: list[dict]) -> list[str]:
    import llama_cpp

    llama = llama_cpp.Llama(model_path=str(model_path), n_ctx=4096, n_threads=threads, verbose=False)
    answers = [llama.create_completion(BARE_PROMPT.format(question=row["question"]), max_tokens=MAX_TOKENS,
                                       temperature=0.0, top_k=1, repeat_penalty=1.0,
                                       stop=["\nUser:"])["choices"][0]["text"] for row in rows]
    llama.close()
    return answers


def _score(rows: list[dict], answers: list[str], chinese: bool = False) -> dict[str, int]:
    scores = {"tune": 0, "heldout": 0}
    for row, answer in zip(rows, answers):
        scores[row["split"]] += correct(answer, row["accept"], chinese)
    return scores


def run(model_path: Path, hints, threads: int, limit: int | None = None, instruct_model: Path | None = None
        ) -> Result:
    rows, zh_rows = questions(limit), questions(limit, DATA_ZH)
    per_split = {split: sum(r["split"] == split for r in rows) for split in ("tune", "heldout")}
    started = time.monotonic()
    app_answers = _app_answers(model_path, hints, threads, rows + zh_rows)
    bare_answers = _bare_answers(model_path, threads, rows + zh_rows)
    app, bare = _score(rows, app_answers), _score(rows, bare_answers)
    app_zh = _score(zh_rows, app_answers[len(rows):], chinese=True)
    bare_zh = _score(zh_rows, bare_answers[len(rows):], chinese=True)
    figures = {"questions_per_half": per_split["heldout"],
               "app_heldout": app["heldout"], "bare_heldout": bare["heldout"],
               "app_tune": app["tune"], "bare_tune": bare["tune"],
               "chinese_questions_per_half": sum(r["split"] == "heldout" for r in zh_rows),
               "chinese_app_heldout": app_zh["heldout"], "chinese_bare_heldout": bare_zh["heldout"],
               "chinese_app_tune": app_zh["tune"], "chinese_bare_tune": bare_zh["tune"],
               "chinese_app_replies_in_chinese": sum(map(in_chinese, app_answers[len(rows):])),
               "chinese_bare_replies_in_chinese": sum(map(in_chinese, bare_answers[len(rows):]))}
    if instruct_model is not None:
        smol = _score(rows, _app_answers(instruct_model, None, threads, rows))
        figures.update(smollm2_instruct_app_heldout=smol["heldout"], smollm2_instruct_app_tune=smol["tune"])
    figures["seconds"] = round(time.monotonic() - started, 1)
    ratio = app["heldout"] / max(bare["heldout"], 1)
    return Result(name="starter in Chat answers simple questions, app ÷ bare plain-prompt loop (held-out half)",
                  ratio=ratio, target="≥ 1 (at least as many right answers)", met=app["heldout"] >= bare["heldout"],
                  figures=figures)
