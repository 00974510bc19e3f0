"""CI runs the benchmarks in smoke mode: they must run end to end (figures are not judged here)."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_bench_smoke_run_produces_every_figure(app_home):
    result = subprocess.run([sys.executable, "-m", "bench", "--model", "tiny", "--quick", "--json"], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    names = [r["name"] for r in json.loads(result.stdout)["results"]]
    for expected in ("starter in Chat answers", "Stop in Chat", "generation tokens/s", "time to first token",
                     "UI while streaming", "cold start",
                     "resident memory", "summarize", "sentiment accuracy", "sentiment batch"):
        assert any(name.startswith(expected) for name in names), names
