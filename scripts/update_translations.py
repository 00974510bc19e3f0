"""Extract the UI's strings and the core's messages into resources/i18n/desktop_llm_zh_CN.ts (pyside6-lupdate),
keeping the translations already there; then say what is left unfinished. Run after changing UI text, translate
with Qt Linguist (pyside6-linguist) or by hand, run again. ``--from FILE.ts …`` also takes translations from other
.ts files."""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "resources" / "i18n" / "desktop_llm_zh_CN.ts"
# The UI, and the core's messages (``translate(context, source)`` from ``core.common.messages``).
SOURCES = sorted((ROOT / "desktop_llm" / "ui").glob("*.py")) + sorted((ROOT / "desktop_llm" / "core").rglob("*.py"))


def lupdate(target: Path) -> None:
    tool = Path(sys.executable).parent / "pyside6-lupdate"
    subprocess.run([str(tool), *map(str, SOURCES), "-ts", str(target), "-no-obsolete", "-locations", "none",
                    "-source-language", "en", "-target-language", "zh_CN"], check=True, capture_output=True)


def messages(path: Path):
    """(context, source, comment) → the <message> element."""
    found = {}
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            found[(name, message.findtext("source"), message.findtext("comment") or "")] = message
    return found


def unfinished(path: Path) -> list[tuple[str, str]]:
    return [(key[0], key[1]) for key, message in messages(path).items()
            if message.find("translation").get("type") in ("unfinished", "vanished", "obsolete")
            or not "".join(message.find("translation").itertext()).strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--from", dest="sources", nargs="*", default=[], type=Path)
    args = parser.parse_args()
    lupdate(TS)
    if args.sources:
        known = {}
        for source in args.sources:
            known.update(messages(source))
        tree = ET.parse(TS)
        for context in tree.getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                key = (name, message.findtext("source"), message.findtext("comment") or "")
                donor = known.get(key)
                if donor is not None and donor.find("translation").get("type") is None:
                    message.remove(message.find("translation"))
                    message.append(donor.find("translation"))
        tree.write(TS, encoding="utf-8", xml_declaration=True)
        lupdate(TS)  # back to lupdate's own layout
    left = unfinished(TS)
    print(f"{len(messages(TS))} messages, {len(left)} unfinished")
    for context, source in left:
        print(f"  {context}: {source!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
