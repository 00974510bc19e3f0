"""Documents in, plain text out; every bad or hostile file gets one clear message, quickly."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
import tracemalloc
import zipfile

import pytest
from document_factory import NO_TEXT, encrypt_pdf, write_docx, write_pdf, write_zip_bomb

from desktop_llm.core.common.errors import Cancelled
from desktop_llm.core.common.messages import Text
from desktop_llm.core.text import documents
from desktop_llm.core.text.documents import (
    MAX_TEXT_CHARS,
    SUPPORTED_SUFFIXES,
    Document,
    DocumentError,
    document_from_text,
    limits,
    read_document,
)


def refusal(path, **kwargs) -> str:
    with pytest.raises(DocumentError) as info:
        read_document(path, **kwargs)
    return str(info.value)


# ------------------------------------------------------------------------------------------------ plain text

FRENCH = ("Le café était très animé ce matin-là. La façade de l'hôtel, récemment rénovée, brillait au soleil. "
          "Nous avons mangé une crème brûlée à côté du marché — « c'est déjà l'été », dit-elle.")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])
def test_text_in_any_common_encoding(tmp_path, encoding):
    text = FRENCH if encoding != "latin-1" else FRENCH.replace("—", "-")
    path = tmp_path / "notes.txt"
    path.write_bytes(text.encode(encoding))
    document = read_document(path)
    assert document == Document(text=text, source="notes.txt", kind="txt", pages=None)


def test_other_legacy_encodings_are_detected(tmp_path):
    text = "Привет, как дела? Это тестовый текст на русском языке, чтобы проверить определение кодировки."
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    assert read_document(tmp_path / "ru.txt").text == text


def test_markdown_and_csv_stay_as_text(tmp_path):
    (tmp_path / "README.md").write_text("# Title\n\n- *one*\n- two\n", encoding="utf-8")
    (tmp_path / "table.CSV").write_text("a,b\n1,2\n", encoding="utf-8")
    assert read_document(tmp_path / "README.md").text == "# Title\n\n- *one*\n- two"
    assert read_document(tmp_path / "README.md").kind == "md"
    assert read_document(tmp_path / "table.CSV").text == "a,b\n1,2"
    assert set(SUPPORTED_SUFFIXES) >= {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


def test_text_is_normalized():
    raw = "\n  \n\r\nfirst\r\nsecond\rthird\x00\x07\x1b[0m\ttab\x0cpage\u2028\ufeffend  \n\n\n"
    assert document_from_text(raw).text == "first\nsecond\nthird[0m\ttab\npage\nend"
    assert document_from_text("  indented\n").text == "  indented"


@pytest.mark.parametrize("junk", [os.urandom(4096), b"\x7fELF\x02\x01\x01\x00" + bytes(64) + b"/lib64/ld-linux"])
def test_binary_junk_is_not_text(tmp_path, junk):
    (tmp_path / "data.txt").write_bytes(junk)
    message = refusal(tmp_path / "data.txt")
    assert "data.txt does not look like a text file" in message


def test_empty_files(tmp_path):
    for name in ["empty.txt", "empty.pdf", "empty.docx", "empty.html"]:
        (tmp_path / name).write_bytes(b"")
        assert refusal(tmp_path / name).startswith(f"{name} is empty")
    (tmp_path / "blank.md").write_text(" \n\t\r\n  \n")
    assert refusal(tmp_path / "blank.md").startswith("blank.md is empty")


def test_pasted_text():
    assert document_from_text("Hello") == Document(text="Hello", source="pasted text", kind="text", pages=None)
    assert document_from_text("Hi", source="stdin").source == "stdin"
    with pytest.raises(DocumentError, match="The pasted text is empty.*paste some text"):
        document_from_text(" \n\x00 ")


def test_document_is_immutable():
    with pytest.raises(dataclasses.FrozenInstanceError):
        document_from_text("x").text = "y"


# --------------------------------------------------------------------------------------------------- limits


def test_missing_file_unknown_type_and_folder(tmp_path):
    message = refusal(tmp_path / "gone.txt")
    assert "Cannot open gone.txt: No such file or directory" in message
    (tmp_path / "old.doc").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(range(256)) * 4)
    message = refusal(tmp_path / "old.doc")
    assert "old.doc is not a document this app can read (.doc, binary content)" in message
    assert ".docx" in message and ".pdf" in message
    (tmp_path / "folder.txt").mkdir()
    assert "folder.txt is not a regular file" in refusal(tmp_path / "folder.txt")


def test_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-" + bytes(2000))
    monkeypatch.setattr(documents, "read_pdf", lambda *args: pytest.fail("the file was read"))
    assert refusal(path).startswith("big.pdf is 2,005 bytes, larger than the 1,000 bytes limit")


def test_text_over_the_length_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 100)
    (tmp_path / "long.txt").write_text("x" * 101)
    message = refusal(tmp_path / "long.txt")
    assert message.startswith("long.txt is too long: 101 characters, more than the limit of 100 characters")
    assert "Split it" in message
    (tmp_path / "huge.txt").write_text("x" * 401)  # more bytes than 100 characters can take in any encoding
    assert refusal(tmp_path / "huge.txt").startswith("huge.txt is too long: 401 bytes of text")
    with pytest.raises(DocumentError, match="The pasted text is too long: 150 characters.*limit of 100"):
        document_from_text("y" * 150)


def test_default_limits():
    assert MAX_TEXT_CHARS == 2_000_000
    assert limits.MAX_FILE_BYTES == 100 * 1024 * 1024


# ------------------------------------------------------------------------------------------------------ html


def test_html_keeps_visible_text_in_paragraphs(tmp_path):
    page = """<!DOCTYPE html><html><head><title>Tab title</title><meta charset="utf-8">
    <style>body { color: red }</style><script>alert("x < y")</script></head>
    <body><h1>Caf&eacute; &amp; Bar</h1><p>First   paragraph
    spans lines.</p><div>Second<br>line two</div>
    <ul><li>one</li><li>two &lt;3</li></ul>
    <table><tr><th>Name</th><th>Qty</th></tr><tr><td>Tea</td><td>2</td></tr></table>
    <pre>  keep
   spacing</pre><noscript>Enable JavaScript</noscript></body></html>"""
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    document = read_document(tmp_path / "page.html")
    assert document.kind == "html"
    assert document.text == ("Café & Bar\n\nFirst paragraph spans lines.\n\nSecond\nline two\n\none\n\ntwo <3\n\n"
                             "Name | Qty\nTea | 2\n\n  keep\n   spacing")


def test_html_meta_charset_is_honoured(tmp_path):
    page = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head>' \
           "<body><p>Grüße – 5 €</p></body></html>"
    (tmp_path / "old.htm").write_bytes(page.encode("cp1252"))
    assert read_document(tmp_path / "old.htm").text == "Grüße – 5 €"
    (tmp_path / "nometa.htm").write_bytes(f"<p>{FRENCH}</p>".encode("cp1252"))
    assert read_document(tmp_path / "nometa.htm").text == FRENCH
    chinese = '<html><head><meta charset="gb2312"></head><body><p>中文网页：你好</p></body></html>'
    (tmp_path / "zh.html").write_bytes(chinese.encode("gb18030"))
    assert read_document(tmp_path / "zh.html").text == "中文网页：你好"


@pytest.mark.parametrize("label", ["idna", "punycode", "unicode_escape", "raw_unicode_escape", "rot13", "base64"])
def test_a_charset_that_is_a_python_codec_not_a_web_encoding_is_ignored(tmp_path, label):
    page = f'<html><head><meta charset="{label}"></head><body><p>Tea \\u0041 costs 5 € — ünïcode</p></body></html>'
    (tmp_path / "odd.html").write_bytes(page.encode("utf-8"))
    assert read_document(tmp_path / "odd.html").text == "Tea \\u0041 costs 5 € — ünïcode"


def test_long_html_is_refused_before_parsing_it_all(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    (tmp_path / "long.html").write_text("<p>words</p>" * 100_000)  # 1.2 MB: stops after the first MB
    assert refusal(tmp_path / "long.html").startswith("long.html is too long: over 2,000 characters, more than the "
                                                      "limit of 1,000 characters")


def test_html_reading_can_be_cancelled(tmp_path):
    (tmp_path / "page.html").write_text("<p>text</p>")
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        read_document(tmp_path / "page.html", cancel=cancel)


# ------------------------------------------------------------------------------------------------------- pdf


def test_pdf_pages_joined_with_progress(tmp_path):
    path = write_pdf(tmp_path / "report.pdf", ["Hello world\nSecond line (in parens)", "Page two"], deflate=True)
    progress = []
    document = read_document(path, on_progress=lambda fraction, text: progress.append((fraction, text)))
    assert document == Document(text="Hello world\nSecond line (in parens)\n\nPage two", source="report.pdf",
                                kind="pdf", pages=2, page_starts=((0, 1), (37, 2)))
    assert document.page_at(36) == 1 and document.page_at(37) == 2
    assert progress == [(0.5, "Read page 1 of 2"), (1.0, "Read page 2 of 2")]


def test_pdf_pages_without_text_are_reported(tmp_path):
    path = write_pdf(tmp_path / "mixed.pdf", ["Intro", NO_TEXT, NO_TEXT, "Middle", NO_TEXT, "End"])
    document = read_document(path)
    assert document.text == "Intro\n\nMiddle\n\nEnd"
    assert document.pages == 6
    assert document.warnings == ("pages 2-3, 5 have no text layer (scanned?) and were skipped",)


def test_pdf_without_any_text_needs_ocr(tmp_path):
    path = write_pdf(tmp_path / "scan.pdf", [NO_TEXT, NO_TEXT])
    message = refusal(path)
    assert message.startswith("scan.pdf has no text layer: it looks like a scanned image")
    assert "OCR" in message


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_pdf_with_empty_user_password_reads(tmp_path, algorithm):
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography")  # pypdf needs it for AES
    plain = write_pdf(tmp_path / "plain.pdf", ["Open to all"])
    path = encrypt_pdf(plain, tmp_path / "open.pdf", user_password="", algorithm=algorithm)
    assert read_document(path).text == "Open to all"


def test_pdf_with_password_is_refused(tmp_path):
    plain = write_pdf(tmp_path / "plain.pdf", ["Secret"])
    path = encrypt_pdf(plain, tmp_path / "locked.pdf", user_password="hunter2")
    message = refusal(path)
    assert message.startswith("locked.pdf is password-protected")
    assert "save a copy without one" in message


@pytest.mark.parametrize("content", [os.urandom(3000), b"%PDF-1.4\n" + os.urandom(3000), b"%PDF-1.7\n1 0 obj\n<<"])
def test_junk_named_pdf(tmp_path, content):
    (tmp_path / "fake.pdf").write_bytes(content)
    assert refusal(tmp_path / "fake.pdf").startswith("fake.pdf is not a readable PDF (")


def test_truncated_pdf(tmp_path):
    data = write_pdf(tmp_path / "whole.pdf", ["Some text"] * 3).read_bytes()
    (tmp_path / "cut.pdf").write_bytes(data[: len(data) // 3])
    assert refusal(tmp_path / "cut.pdf").startswith("cut.pdf is not a readable PDF (")


def test_pdf_decompression_bomb_errors_out(tmp_path):
    """32 MB of zeros in a 150 KB file: over the per-stream limit, refused without unpacking it all."""
    path = write_pdf(tmp_path / "bomb.pdf", [bytes(32 * 1024 * 1024)], deflate=True)
    started = time.monotonic()
    message = refusal(path)
    assert message.startswith("bomb.pdf is not a readable PDF (") and "decompress" in message
    assert time.monotonic() - started < 5


def test_pdf_bomb_on_one_page_only_skips_that_page(tmp_path):
    path = write_pdf(tmp_path / "partly.pdf", ["Fine", bytes(32 * 1024 * 1024), "Also fine"], deflate=True)
    document = read_document(path)
    assert document.text == "Fine\n\nAlso fine"
    assert document.warnings[0].startswith("page 2 could not be read (Limit reached while decompressing")


def test_pdf_unpacking_budget_per_page(tmp_path, monkeypatch):
    """pypdf limits each stream; a page that names many streams, each under that limit, is refused by ours."""
    monkeypatch.setattr(limits, "PDF_PAGE_DECODE_BYTES", 3 * 1024 * 1024)
    one_mb = b"BT /F1 12 Tf (Hi) Tj ET\n" + b" " * (1024 * 1024)
    assert read_document(write_pdf(tmp_path / "fine.pdf", [[one_mb] * 2], deflate=True)).text.startswith("Hi")
    message = refusal(write_pdf(tmp_path / "heavy.pdf", [[one_mb] * 4], deflate=True))
    assert message.startswith("heavy.pdf is not a readable PDF (a page unpacks to more than 3.0 MB)")


def test_messages_from_the_pdf_reader_stay_translatable(tmp_path, monkeypatch):
    """A refusal made in the reading process, and the warnings about pages, reach the app as messages the UI can
    translate, their parts (a page list, a reason) included; their English is unchanged."""
    monkeypatch.setattr(limits, "PDF_PAGE_DECODE_BYTES", 3 * 1024 * 1024)
    one_mb = b"BT /F1 12 Tf (Hi) Tj ET\n" + b" " * (1024 * 1024)
    with pytest.raises(DocumentError) as info:
        read_document(write_pdf(tmp_path / "heavy.pdf", [[one_mb] * 4], deflate=True))
    refused = info.value.args[0]
    assert isinstance(refused, Text) and refused.context == "CoreDocuments"
    assert refused.args["name"] == "heavy.pdf" and refused.args["reason"].source == "a page unpacks to more than {size}"
    assert refused.args["reason"].args["size"] == "3.0 MB" and isinstance(refused.args["reason"].args["size"], Text)
    warning, = read_document(write_pdf(tmp_path / "mixed.pdf", ["Intro", NO_TEXT, "End"])).warnings
    assert warning == "page 2 has no text layer (scanned?) and was skipped"
    assert warning.source == "{pages} has no text layer (scanned?) and was skipped"
    assert warning.args["pages"].source == "page {numbers}"
    with pytest.raises(DocumentError) as info:
        document_from_text(" ")
    assert info.value.args[0].args["subject"].source == "The pasted text"


def test_pdf_unpacking_budget_counts_forms(tmp_path, monkeypatch):
    """pypdf swallows errors inside a form XObject: the overrun must still stop the file."""
    monkeypatch.setattr(limits, "PDF_PAGE_DECODE_BYTES", 3 * 1024 * 1024)
    form = b"BT /F1 12 Tf (Hi) Tj ET\n" + b" " * (1024 * 1024)
    draw_all = b"".join(b"/X%d Do\n" % i for i in range(6))
    assert read_document(write_pdf(tmp_path / "ok.pdf", [b"/X0 Do"], forms=[form] * 6, deflate=True)).text == "Hi"
    message = refusal(write_pdf(tmp_path / "forms.pdf", [draw_all], forms=[form] * 6, deflate=True))
    assert message.startswith("forms.pdf is not a readable PDF (a page unpacks to more than 3.0 MB)")


def test_pdf_cancel_within_a_slow_page_stops_the_reader(tmp_path):
    """One page that takes pypdf many seconds (a hundred thousand text operators, through forms): Cancel kills the
    reading process at once, the page never finishes."""
    forms = [b"BT /F1 12 Tf " + b"(word) Tj " * 20_000 + b"ET"] * 5
    path = write_pdf(tmp_path / "dense.pdf", [b"".join(b"/X%d Do\n" % i for i in range(5))], forms=forms)
    cancel = threading.Event()
    threading.Timer(1.0, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        read_document(path, cancel=cancel, on_progress=lambda *a: pytest.fail("the page finished"))
    assert time.monotonic() - started < 10  # a hang guard: the reader was killed


def test_pdf_memory_does_not_grow_with_pages(tmp_path, monkeypatch):
    """pypdf caches every unpacked stream: without dropping them, many small pages add up to gigabytes. (Measured on
    the reader's own work, run here instead of in its child process.)"""
    from desktop_llm.core.text.documents.pdf import extract_pages

    monkeypatch.setattr(limits, "PDF_CACHE_BYTES", 1024 * 1024)
    path = write_pdf(tmp_path / "pages.pdf", ["Text"] + [b" " * (1024 * 1024)] * 8, deflate=True)
    said = []
    tracemalloc.start()
    try:
        extract_pages(str(path), said.append)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert said[0] == {"pages": 9} and said[1] == {"page": 1, "text": "Text"}
    assert peak < 5 * 1024 * 1024  # 8 MB unpacked in all; about 1 MB at a time


def test_a_pdf_the_reader_cannot_survive_is_refused_and_the_app_is_not(tmp_path, monkeypatch):
    """The reading process may use only so much memory: a file that needs more ends it, with a reason."""
    monkeypatch.setattr(limits, "PDF_MEMORY_BYTES", 64 * 1024 * 1024)  # less than Python and pypdf need to start
    path = write_pdf(tmp_path / "any.pdf", ["Some text."])
    assert refusal(path).startswith("any.pdf is not a readable PDF (")


def test_pdf_text_over_the_length_limit_stops_early(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 50)
    path = write_pdf(tmp_path / "book.pdf", ["x" * 30] * 10)
    seen = []
    message = refusal(path, on_progress=lambda fraction, text: seen.append(text))
    assert message.startswith("book.pdf is too long: 60 characters by page 2 of 10, more than the limit of 50")
    assert len(seen) == 1


def test_pdf_cancel_between_pages(tmp_path):
    path = write_pdf(tmp_path / "long.pdf", [f"Page {n}" for n in range(1, 6)])
    cancel = threading.Event()
    seen = []

    def progress(fraction, text):
        seen.append(text)
        cancel.set()

    with pytest.raises(Cancelled):
        read_document(path, cancel=cancel, on_progress=progress)
    assert seen == ["Read page 1 of 5"]


# ------------------------------------------------------------------------------------------------------ docx


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = write_docx(tmp_path / "letter.docx", ["Dear reader,", "", "Prices below."],
                      table=[["Item", "Price"], ["Tea", "2 €"]], after=["Regards"])
    document = read_document(path)
    assert document == Document(text="Dear reader,\n\nPrices below.\n\nItem | Price\nTea | 2 €\n\nRegards",
                                source="letter.docx", kind="docx", pages=None)


def test_docx_cancel(tmp_path):
    path = write_docx(tmp_path / "letter.docx", ["One", "Two"])
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        read_document(path, cancel=cancel)


def test_docx_zip_bomb_is_refused_without_inflating(tmp_path, monkeypatch):
    path = write_zip_bomb(tmp_path / "bomb.docx", megabytes=256)
    import docx

    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx was handed a bomb"))
    message = refusal(path)
    assert message.startswith("bomb.docx looks like a zip bomb, not a Word document")
    assert "256.0 MB" in message and "not opened" in message


def test_docx_ratio_bomb_under_the_total_limit(tmp_path):
    path = write_zip_bomb(tmp_path / "small-bomb.docx", megabytes=20)
    assert "small-bomb.docx looks like a zip bomb" in refusal(path)


def test_docx_with_too_much_xml(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_DOCX_XML_BYTES", 10_000)
    path = write_docx(tmp_path / "tome.docx", ["Lorem ipsum dolor sit amet. " * 20] * 30)
    message = refusal(path)
    assert message.startswith("tome.docx is too large to read: its text and formatting unpack to ")
    assert "limit of 10,000 bytes" in message


def test_zip_that_is_not_a_docx(tmp_path):
    with zipfile.ZipFile(tmp_path / "photos.docx", "w") as archive:
        archive.writestr("img/cat.jpg", b"\xff\xd8\xff")
    message = refusal(tmp_path / "photos.docx")
    assert message.startswith("photos.docx is not a Word document (.docx)")
    assert "save it as .docx" in message


def test_not_a_zip_named_docx(tmp_path):
    (tmp_path / "random.docx").write_bytes(os.urandom(2000))
    assert refusal(tmp_path / "random.docx").startswith("random.docx is not a Word document (.docx)")
    (tmp_path / "old.docx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(500))
    assert refusal(tmp_path / "old.docx").startswith("old.docx is password-protected or an old-format Word file")


def test_damaged_docx(tmp_path):
    with zipfile.ZipFile(tmp_path / "broken.docx", "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not closed")
    message = refusal(tmp_path / "broken.docx")
    assert message.startswith("broken.docx is not a readable Word document (")


def test_files_without_a_known_extension_are_read_by_their_content(tmp_path):
    from document_factory import write_docx, write_pdf

    licence = tmp_path / "LICENSE"
    licence.write_text("MIT License\n\nPermission is hereby granted, free of charge, to any person.\n")
    assert read_document(licence).text.startswith("MIT License") and read_document(licence).kind == "txt"
    (tmp_path / "notes.log").write_bytes("Straße café naïve\n".encode("cp1252"))
    assert read_document(tmp_path / "notes.log").text == "Straße café naïve"
    (tmp_path / "page").write_text("<!DOCTYPE html><html><body><p>Hello <b>there</b></p></body></html>")
    assert read_document(tmp_path / "page").text == "Hello there"
    write_pdf(tmp_path / "scan-export", ["A PDF without its extension."])
    assert read_document(tmp_path / "scan-export").kind == "pdf"
    write_docx(tmp_path / "report-final", ["A Word file without its extension."])
    assert read_document(tmp_path / "report-final").text == "A Word file without its extension."
    (tmp_path / "photo").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert "photo is not a document this app can read (no extension, binary content)" in refusal(tmp_path / "photo")
