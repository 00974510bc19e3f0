"""Render spec-source.txt into spec.pdf (one "=== page N ===" block per PDF page).

A small hand-written PDF writer: standard Type 1 fonts (Helvetica, Helvetica-Bold, Courier) with
WinAnsiEncoding, one text line per BT/ET block, so every page has a plain text layer. No third-party
packages are needed; only the line-wrapping uses the Helvetica widths that ship with pypdf, if available
(otherwise a conservative width is assumed for every character).

    python3 make_spec_pdf.py            # writes spec.pdf next to this file
"""

from __future__ import annotations

import re
import sys
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "spec-source.txt"
TARGET = HERE / "spec.pdf"

PAGE_W, PAGE_H = 612, 792  # US Letter, points
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 64, 64, 70
TEXT_W = PAGE_W - 2 * MARGIN_X
FOOTER = "FIC-SPEC-0217  LTF-2 Specification, Revision 2.3"

try:  # exact widths of the core fonts, as shipped with pypdf
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    WIDTHS = {name: CORE_FONT_METRICS[name].character_widths for name in ("Helvetica", "Helvetica-Bold")}
except Exception:  # pragma: no cover - fallback without pypdf
    WIDTHS = {}


def text_width(text: str, font: str, size: float) -> float:
    if font == "Courier":
        return 0.6 * size * len(text)
    table = WIDTHS.get(font)
    if not table:
        return 0.62 * size * len(text)
    units = sum(table.get(ch, table.get("default", 600)) for ch in text)
    # characters missing from the table (e.g. the straight apostrophe) count as 'default' (556), a safe overestimate
    return units * size / 1000.0


def wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words = text.split(" ")
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = word if not current else current + " " + word
        if text_width(candidate, font, size) <= width or not current:
            current = candidate
        else:
            lines.append(current)
            current = word
    lines.append(current)
    return lines


HEADING = re.compile(r"^(\d+(\.\d+)*|Appendix [A-Z]\.)\s+[A-Z]")
NAMED_HEADINGS = {"Abstract", "Status of this document", "Contents"}


def layout_page(number: int, lines: list[str]) -> list[tuple[str, float, float, float, str]]:
    """Return (font, size, x, y, text) tuples for one page; raise if the text does not fit."""
    out: list[tuple[str, float, float, float, str]] = []
    y = PAGE_H - MARGIN_TOP
    first_text = True
    for raw in lines:
        if not raw.strip():
            y -= 5
            continue
        if raw.startswith("    "):
            font, size, lead, x, body = "Courier", 8.0, 10.0, MARGIN_X + 6, raw[4:].rstrip()
            chunks = [body]
            if text_width(body, font, size) > TEXT_W - 6:
                raise SystemExit(f"page {number}: preformatted line too wide: {body!r}")
            indent_next = 0.0
        else:
            text = raw.strip()
            x = MARGIN_X
            indent_next = 0.0
            if number == 1 and first_text:
                font, size, lead = "Helvetica-Bold", 18.0, 24.0
            elif number == 1 and text.startswith("Specification, Revision"):
                font, size, lead = "Helvetica-Bold", 13.0, 18.0
            elif text in NAMED_HEADINGS or (HEADING.match(text) and len(text) < 70 and not text.endswith(".")):
                top_level = re.match(r"^\d+\s", text) is not None
                font, size, lead = "Helvetica-Bold", (13.0 if top_level else 11.0), (17.0 if top_level else 15.0)
                y -= 3
            else:
                font, size, lead = "Helvetica", 10.0, 13.0
                if text.startswith("- "):
                    x = MARGIN_X + 8
                    indent_next = 10.0
            width = PAGE_W - MARGIN_X - x
            if indent_next:  # bullet: continuation lines get a hanging indent
                head = wrap(text, font, size, width)[0]
                rest = text[len(head):].strip()
                chunks = [head] + (wrap(rest, font, size, width - indent_next) if rest else [])
            else:
                chunks = wrap(text, font, size, width)
        first_text = False
        for i, chunk in enumerate(chunks):
            y -= lead
            if y < MARGIN_BOTTOM:
                raise SystemExit(f"page {number}: text does not fit (at {chunk!r})")
            out.append((font, size, x + (indent_next if i else 0.0), y, chunk))
    return out


def pdf_string(text: str) -> str:
    text.encode("ascii")  # the source is ASCII only
    return "(" + text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


FONT_IDS = {"Helvetica": "F1", "Helvetica-Bold": "F2", "Courier": "F3"}


def content_stream(number: int, total: int, items) -> bytes:
    ops = []
    for font, size, x, y, text in items:
        ops.append(f"BT /{FONT_IDS[font]} {size:g} Tf {x:.2f} {y:.2f} Td {pdf_string(text)} Tj ET")
    footer_right = f"Page {number} of {total}"
    ops.append(f"BT /F1 8 Tf {MARGIN_X:.2f} 40 Td {pdf_string(FOOTER)} Tj ET")
    fx = PAGE_W - MARGIN_X - text_width(footer_right, "Helvetica", 8)
    ops.append(f"BT /F1 8 Tf {fx:.2f} 40 Td {pdf_string(footer_right)} Tj ET")
    return ("\n".join(ops) + "\n").encode("ascii")


def build(pages: list[list[str]]) -> bytes:
    objects: list[bytes] = []  # object n is objects[n - 1]

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # placeholder, filled below
    pages_id = add(b"")
    font_ids = {}
    for font, res in FONT_IDS.items():
        font_ids[res] = add(
            f"<< /Type /Font /Subtype /Type1 /BaseFont /{font} /Encoding /WinAnsiEncoding >>".encode()
        )
    fonts = " ".join(f"/{res} {oid} 0 R" for res, oid in font_ids.items())
    page_ids = []
    total = len(pages)
    for number, lines in enumerate(pages, start=1):
        data = zlib.compress(content_stream(number, total, layout_page(number, lines)), 9)
        stream = add(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(
            add(
                (
                    f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {PAGE_W} {PAGE_H}] "
                    f"/Resources << /Font << {fonts} >> >> /Contents {stream} 0 R >>"
                ).encode()
            )
        )
    info = add(
        b"<< /Title (LTF-2: A Line-Oriented Telemetry File Format, Revision 2.3) "
        b"/Author (Fieldline Instruments Consortium, Working Group 4) /Producer (make_spec_pdf.py) >>"
    )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    kids = " ".join(f"{pid} 0 R" for pid in page_ids)
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{kids}] /Count {len(page_ids)} >>".encode()

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        catalog,
        info,
        xref,
    )
    return bytes(out)


def read_pages(path: Path) -> list[list[str]]:
    pages: list[list[str]] = []
    for line in path.read_text(encoding="ascii").splitlines():
        m = re.fullmatch(r"=== page (\d+) ===", line)
        if m:
            if int(m.group(1)) != len(pages) + 1:
                raise SystemExit(f"page markers out of order at {line!r}")
            pages.append([])
        elif pages:
            pages[-1].append(line)
    for lines in pages:  # drop blank lines at the edges of a page
        while lines and not lines[0].strip():
            lines.pop(0)
        while lines and not lines[-1].strip():
            lines.pop()
    return pages


def main() -> int:
    pages = read_pages(SOURCE)
    TARGET.write_bytes(build(pages))
    print(f"wrote {TARGET.name}: {len(pages)} pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
