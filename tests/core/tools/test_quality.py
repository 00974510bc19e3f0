"""The tools' checks of their own output: what small models get wrong is said, good output is left alone."""

from __future__ import annotations

import json

from desktop_llm.core.chat.history import title_from
from desktop_llm.core.engines.base import GenerationStats, LoopGuard
from desktop_llm.core.text.chunking import Chunk
from desktop_llm.core.tools import SpeedMeter, Throughput
from desktop_llm.core.tools.quality import guess_latin_language, repeated_lines, translation_problem
from desktop_llm.core.tools.summarize import SummaryPlan, SummaryResult, TracedPoint, part_problem, trace_points

SOURCE = "The nurse checks every patient twice a day and writes down what she sees."


def test_translations_that_are_not_in_the_target_language_are_named():
    assert "copied" in translation_problem(SOURCE, SOURCE, "Chinese")
    assert "not written in Chinese" in translation_problem(SOURCE, SOURCE + " OK", "Chinese")
    assert "not written in Russian" in translation_problem(SOURCE, "护士每天检查病人两次。", "Russian")
    assert "reads as English, not French" in translation_problem(
        SOURCE, "The nurse is checking the patients and she writes it down in the book.", "French")
    assert "wrote nothing" in translation_problem(SOURCE, "  ", "German")


def test_problems_are_messages_that_name_the_language_as_the_translate_pane_does():
    """The UI translates the sentence and the language in it (by the name the Translate pane's boxes show)."""
    problem = translation_problem(SOURCE, "The nurse is checking the patients and she writes it down.", "French")
    assert problem == "this reads as English, not French (the model did not write French)"
    assert problem.context == "CoreTools" and problem.args["target"].context == "TranslatePane"
    assert (problem.args["written"].source, problem.args["target"].source) == ("English", "French")


def test_real_translations_pass_even_with_names_and_numbers_left_as_they_are():
    assert translation_problem(SOURCE, "护士每天检查每位病人两次，并记录她看到的情况。", "Chinese") == ""
    assert translation_problem(SOURCE, "L'infirmière examine chaque patient deux fois par jour et note ce "
                                       "qu'elle voit.", "French") == ""
    assert translation_problem("Version 2.1 of Python", "Python 2.1 版本", "Chinese") == ""
    assert translation_problem(SOURCE, "Медсестра осматривает каждого пациента дважды в день.", "Russian") == ""
    assert guess_latin_language("Die Krankenschwester prüft jeden Patienten und das ist gut so.") == "German"
    assert guess_latin_language("OK") is None  # too short to tell


def test_loops_are_caught_as_they_stream_and_repeated_lines_are_reported_as_written():
    guard = LoopGuard()
    looped = [guard.feed(f"- **Error {n}:** the model file was not found on the disk.\n") for n in range(1, 6)]
    assert looped == [False, False, True, True, True]  # the third copy (numbers aside) stops it
    guard = LoopGuard()
    assert any(guard.feed("again and again and " * 1) for _ in range(10))  # one long line going round
    guard = LoopGuard()
    assert not any(guard.feed(line + "\n") for line in ("}", "}", "}", "---", "---", "---", "def f():", "  pass"))
    text = "- Point one is here.\n- **Error 1:** file missing here\n- **Error 2:** file missing here\n"
    assert repeated_lines(text) == ["- **Error 1:** file missing here"]
    assert part_problem(text).startswith("its summary repeats") and part_problem("- one\n- two") == ""


def test_summary_warnings_name_repeats_unsupported_points_and_parts_left_out():
    parts = [Chunk(0, 0, 10, "a", 5), Chunk(1, 10, 20, "b", 5), Chunk(2, 20, 30, "c", 5)]
    result = SummaryResult("- x\n- y\n- y", [TracedPoint("x", 0, 0, 5), TracedPoint("a made-up claim", None)],
                           parts, ["s0", "s1", "s2"], 15, 1, 1.0, part_warnings=["", "its summary repeats “z”", ""])
    warnings = result.warnings
    assert warnings[0] == "part 2: its summary repeats “z”"
    assert any("may be made up" in w and "a made-up claim" in w for w in warnings)
    assert any("part(s) 2, 3" in w for w in warnings)
    assert result.to_json()["warnings"] == warnings
    made_up = next(w for w in warnings if "may be made up" in w)
    assert made_up.startswith("1 point(s) have") and made_up.count == 1  # a plural: one form in Chinese
    assert json.loads(json.dumps(result.to_json()))["warnings"] == warnings  # the CLI's JSON: plain English


def test_the_preflight_line_is_one_message_made_of_messages():
    plan = SummaryPlan(12480, 4096, [Chunk(n, n, n + 1, "a", 1) for n in range(5)], 320, 130.0, exact=False)
    line = plan.describe()
    assert line == "≈12,480 tokens (estimated: the server cannot count them) · context 4,096 · 5 parts · about 2 min"
    assert line.source == "{tokens} · context {n_ctx:,} · {passes} · about {duration}"
    assert [line.args[name].source for name in ("tokens", "passes", "duration")] == [
        "≈{count:,} tokens (estimated: the server cannot count them)", "{count} parts", "{minutes} min"]


def test_a_point_needs_real_support_to_be_traced():
    text = "The committee approved the budget for the new bridge.\n\nThe river floods every spring."
    parts = [Chunk(0, 0, len(text), text, 20)]
    points = trace_points("- The committee approved the bridge budget\n- The committee enjoys chocolate cake and "
                          "long holidays abroad", "key_points", text, parts)
    assert points[0].part == 0 and points[1].part is None  # one shared word ("committee") is chance, not support


def test_speed_is_measured_by_the_clock_and_short_runs_keep_what_was_known():
    before = Throughput(100.0, 10.0, 0.6)
    meter = SpeedMeter()
    for _ in range(2):
        meter.add(GenerationStats(tokens=101, prompt_tokens_evaluated=500, ttft_s=1.0, tokens_per_second=50.0),
                  allowance=400)
    measured = meter.throughput(before)
    assert (measured.prompt_tps, measured.generate_tps, measured.answer_share) == (500.0, 50.0, 0.2525)
    assert measured.measured and Throughput.remembered({"prompt_tps": 500.0, "generate_tps": 50.0}).measured
    short = SpeedMeter()
    short.add(GenerationStats(tokens=3, prompt_tokens_evaluated=10, ttft_s=0.1, tokens_per_second=30.0))
    assert (short.throughput(before).prompt_tps, short.throughput(before).generate_tps) == (100.0, 10.0)
    assert Throughput.remembered({"generate_tps": 5.0}) is None  # a chat reply alone does not make an estimate


def test_titles_are_plain_text():
    assert title_from("**Explain** the `zip` function") == "Explain the zip function"
    assert title_from("# [A link](https://example.com) here") == "A link here"
    assert title_from("2 * 3 * 4 = ?") == "2 * 3 * 4 = ?"
