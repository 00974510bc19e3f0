"""The README's two commands come first, and CI runs exactly the second one."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def first_code_block(text: str) -> list[str]:
    lines = text.splitlines()
    start = lines.index("```") + 1
    end = lines.index("```", start)
    return lines[start:end]


def test_readme_starts_with_install_and_test_commands_and_ci_runs_the_test_one():
    install, test = first_code_block((ROOT / "README.md").read_text())
    assert install.endswith("desktop-llm") and "pip install ." in install
    assert "pytest" in test
    ci_commands = [line for line in (ROOT / ".ci/run").read_text().splitlines()
                   if line and not line.startswith(("#", "set ", "cd "))]
    assert ci_commands == [test]
