"""Damaged model files never take the app down: refused with a reason, or they load and answer, or llama.cpp dies
in the engine host and the app says so. Never an unexpected exception, never a dead app, never a hang.

The quick run (CI) tries a few hundred seeded cases; ``pytest -m long`` tries thousands. A case that ever broke the
app is kept in ``REGRESSIONS``.
"""

from __future__ import annotations

import threading

import pytest
from fuzz_gguf import write_cases
from model_factory import write_tiny_llama

from desktop_llm.core.common.errors import UserError
from desktop_llm.core.common.settings import SamplingSettings
from desktop_llm.core.engines.base import LoadOptions, run_stream
from desktop_llm.core.engines.host import EngineCrashed, HostedEngine
from desktop_llm.core.models.modelcheck import check_model_file

QUICK_CASES = 200
LONG_CASES = 3000
REGRESSIONS: list[int] = []  # seeds of cases that once broke the app (none so far)
PROMPT = [{"role": "user", "content": "Hello,\nwörld! 你好 🙂\n\tTabs and\nnewlines."}]


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    return write_tiny_llama(tmp_path_factory.mktemp("fuzz") / "source.gguf")


def outcome(engine: HostedEngine, path) -> str:
    """What the app makes of a file: refused, crashed (the host died), or answered."""
    try:
        check_model_file(path)
        engine.load(path, LoadOptions(n_ctx=256, n_threads=1))
        run_stream(engine.stream_chat(PROMPT, SamplingSettings(max_tokens=8), threading.Event()), len)
    except EngineCrashed:
        return "crashed"
    except UserError:
        return "refused"
    return "answered"


def run_cases(source, folder, seeds) -> dict[str, int]:
    engine = HostedEngine()
    tally: dict[str, int] = {}
    unexpected = []
    try:
        for seed, description, path in write_cases(source, folder, seeds):
            try:
                result = outcome(engine, path)
            except Exception as exc:  # noqa: BLE001 - this is what the suite looks for
                unexpected.append(f"seed {seed} ({description}): {type(exc).__name__}: {exc}")
                result = "unexpected"
            tally[result] = tally.get(result, 0) + 1
            path.unlink()
    finally:
        engine.close()
    assert not unexpected, "\n".join(unexpected)
    return tally


def test_quick_fuzz_of_damaged_files(source, tmp_path):
    tally = run_cases(source, tmp_path, [*REGRESSIONS, *range(QUICK_CASES)])
    print(tally)
    assert tally.get("refused", 0) > QUICK_CASES // 4  # the damage is real: most files are turned away
    assert sum(tally.values()) == QUICK_CASES + len(REGRESSIONS)


@pytest.mark.long
def test_long_fuzz_of_damaged_files(source, tmp_path):
    tally = run_cases(source, tmp_path, range(QUICK_CASES, QUICK_CASES + LONG_CASES))
    print(tally)
