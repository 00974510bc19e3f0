"""The core must stay usable without Qt: import every core module, sub-packages included, with PySide6 blocked."""

import pkgutil
import subprocess
import sys

import desktop_llm.core


def core_modules() -> list[str]:
    return [m.name for m in pkgutil.walk_packages(desktop_llm.core.__path__, "desktop_llm.core.")]


def test_every_core_module_imports_without_pyside6():
    modules = core_modules()
    assert "desktop_llm.core.tools.sentiment" in modules and "desktop_llm.core.engines.llama" in modules
    code = (
        "import sys; sys.modules['PySide6'] = None\n"
        + "".join(f"import {name}\n" for name in modules)
        + "assert not any(m.startswith('PySide6.') for m in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_core_has_no_import_cycle_between_its_folders_and_the_cli_none_with_itself():
    """Each folder of the core may use the ones below it, never the ones above (checked on the import statements)."""
    import ast
    from pathlib import Path

    root = Path(desktop_llm.__file__).parent
    layers = ["common", "models", "engines", "text", "chat", "tools", "jobs", "server"]
    for path in (root / "core").rglob("*.py"):
        folder = path.relative_to(root / "core").parts[0]
        if folder not in layers:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level >= 2 and node.module:
                target = node.module.split(".")[0]
                if target in layers:
                    assert layers.index(target) <= layers.index(folder), f"{path}: imports {node.module}"
    for path in (root / "cli").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module == "cli":
                raise AssertionError(f"{path} imports the cli package from inside it")
