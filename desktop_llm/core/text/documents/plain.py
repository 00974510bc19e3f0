"""Plain text and HTML: encodings detected (BOM, UTF-8, declared web charsets, charset-normalizer), visible text
kept, markup dropped."""

from __future__ import annotations

import codecs
import re
import threading
from html.parser import HTMLParser

from ...common.messages import translate
from . import limits
from .common import DocumentError, check_cancel, too_long

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"), (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_BYTES = bytes(set(range(32)) - set(b"\t\n\r\f\v\x1b"))


def decode_text(data: bytes, name: str) -> str:
    """BOM, else UTF-8, else charset-normalizer's guess; binary data is refused rather than decoded as junk."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom):].decode(codec, errors="replace")
    not_text = DocumentError(translate("CoreDocuments", "{name} does not look like a text file (it contains binary "
                                       "data). Choose a text, Markdown, HTML, PDF or Word file.").format(name=name))
    if len(data) - len(data.translate(None, _BINARY_BYTES)) > len(data) // 100:
        raise not_text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    import charset_normalizer  # the parsers load on first use: the window opens without them

    matches = charset_normalizer.from_bytes(data)
    best = matches.best()
    if best is None:
        raise not_text
    # Windows-1252 is the usual legacy encoding of Western text, but on short texts charset-normalizer often
    # ranks a look-alike code page (cp1257, cp1250) first: prefer it whenever it is a candidate at all.
    if any(match.encoding == "cp1252" for match in matches):
        return data.decode("cp1252", errors="replace")
    return str(best)


# ------------------------------------------------------------------------------------------------------ html

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
# The encodings a web page may declare (WHATWG Encoding), as Python names. Browsers read Latin-1 and ASCII labels
# as Windows-1252, and a UTF-16 label found in ASCII-compatible bytes as UTF-8. Anything else (idna, punycode,
# unicode_escape: Python codecs, not web encodings) is ignored: the bytes then go through the plain-text rules.
_WEB_ENCODINGS = {
    "utf-8": "utf-8", "utf8": "utf-8", "unicode-1-1-utf-8": "utf-8",
    "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
    "iso-8859-1": "cp1252", "latin1": "cp1252", "l1": "cp1252", "us-ascii": "cp1252", "ascii": "cp1252",
    "windows-1252": "cp1252", "cp1252": "cp1252",
    **{f"windows-{n}": f"cp{n}" for n in (874, 1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258)},
    **{f"cp{n}": f"cp{n}" for n in (874, 1250, 1251, 1253, 1254, 1255, 1256, 1257, 1258)},
    **{f"iso-8859-{n}": f"iso8859_{n}" for n in (2, 3, 4, 5, 6, 7, 8, 10, 13, 14, 15, 16)},
    "koi8-r": "koi8_r", "koi8-u": "koi8_u", "ibm866": "cp866", "macintosh": "mac_roman",
    "x-mac-cyrillic": "mac_cyrillic",
    "gbk": "gb18030", "gb2312": "gb18030", "gb18030": "gb18030", "x-gbk": "gb18030", "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs", "euc-jp": "euc_jp", "iso-2022-jp": "iso2022_jp", "shift_jis": "shift_jis",
    "sjis": "shift_jis", "windows-31j": "cp932", "euc-kr": "cp949", "ks_c_5601-1987": "cp949",
}


def decode_html(data: bytes, name: str) -> str:
    """A BOM wins, then a ``<meta charset>`` naming a web encoding, then the plain-text rules."""
    if not any(data.startswith(bom) for bom, _ in _BOMS) and (found := _META_CHARSET.search(data[:4096])):
        codec = _WEB_ENCODINGS.get(found.group(1).decode("ascii").lower())
        if codec is not None:
            return data.decode(codec, errors="replace")
    return decode_text(data, name)


class _HtmlText(HTMLParser):
    """Visible text: block elements become paragraphs, table rows lines with " | " between cells;
    script, style, title and the like are dropped."""

    SKIP = {"script", "style", "title", "template", "noscript", "svg"}
    BLOCKS = {
        "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "table", "pre",
        "blockquote", "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption",
        "form", "fieldset", "address", "hr", "caption", "details", "summary",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0  # characters of text so far
        self.skipping = 0  # depth inside SKIP elements
        self.in_pre = 0
        self.pre_last = False  # the last part is <pre> text, whose spacing is kept
        self.first_cell = True

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in ("br", "tr"):
            self.line_break("\n")
            self.first_cell = True
        elif tag in ("td", "th"):
            if not self.first_cell:
                self.parts.append(" | ")
            self.first_cell = False
        elif tag in self.BLOCKS:
            self.line_break("\n\n")
        if tag == "pre":
            self.in_pre += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCKS:
            self.line_break("\n\n")
        if tag == "pre":
            self.in_pre = max(0, self.in_pre - 1)

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if not self.in_pre:
            data = re.sub(r"\s+", " ", data)
            if not self.parts or self.parts[-1].endswith("\n"):
                data = data.lstrip(" ")
        self.parts.append(data)
        self.size += len(data)
        self.pre_last = bool(self.in_pre)

    def line_break(self, newlines: str) -> None:
        if self.parts and not self.pre_last:
            self.parts[-1] = self.parts[-1].rstrip(" ")
        self.parts.append(newlines)
        self.pre_last = False


def html_to_text(markup: str, name: str, cancel: threading.Event | None) -> str:
    parser = _HtmlText()
    for start in range(0, len(markup), limits.MB):  # in slices, so a huge page can be cancelled or refused early
        check_cancel(cancel)
        if parser.size > 2 * limits.MAX_TEXT_CHARS:  # twice: the exact count comes after cleaning, in _build
            raise DocumentError(too_long(name, translate("CoreDocuments", "over {count:,} characters").format(
                count=2 * limits.MAX_TEXT_CHARS)))
        parser.feed(markup[start:start + limits.MB])
    parser.close()
    return re.sub(r"\n{3,}", "\n\n", "".join(parser.parts))


