"""``desktop-llm ask``: an answer with citations from several documents, on a real instruct model."""

import json
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.ask import CORPUS, DATA, hit, questions  # noqa: E402 - the benchmark's corpus and its scoring


def ask(*args):
    return subprocess.run([sys.executable, "-m", "desktop_llm", "ask", *args], capture_output=True, text=True,
                          timeout=300)


def test_ask_over_four_documents_cites_the_passage_that_answers(smollm2_model, tmp_path):
    unreadable = tmp_path / "scan.pdf"
    unreadable.write_bytes(b"%PDF-1.4 not really" * 20)
    documents = [arg for name in CORPUS for arg in ("--doc", str(DATA / name))]
    for question in (q for q in questions() if q["id"] in ("q20", "q24")):  # held out: one English, one Chinese
        result = ask("--model", str(smollm2_model), "--ctx", "2048", "--max-tokens", "16", "--json", *documents,
                     "--doc", str(unreadable), question["question"])
        assert result.returncode == 0, result.stderr
        assert "skipped scan.pdf" in result.stderr
        data = json.loads(result.stdout)
        assert data["mode"] == "retrieved" and data["answer"] is not None
        assert {"file", "page", "text"} <= set(data["citations"][0])
        passages = [type("P", (), c) for c in data["citations"][:3]]
        assert hit(passages, question), (question["id"], [(c["file"], c["page"]) for c in data["citations"][:3]])


def test_no_readable_document_is_bad_input(smollm2_model, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("   ", encoding="utf-8")
    result = ask("--model", str(smollm2_model), "--doc", str(empty), "--doc", str(tmp_path / "missing.md"), "Why?")
    assert result.returncode == 2 and "none of the documents could be read" in result.stderr
    assert "missing.md" in result.stderr and "empty" in result.stderr
