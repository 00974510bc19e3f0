"""The sizes a document may have; read as ``limits.NAME`` at run time, so a test can lower one."""

MB = 1024 * 1024
# Far above any text document; bigger PDFs are scans (no text layer) and bigger text is over MAX_TEXT_CHARS.
MAX_FILE_BYTES = 100 * MB
# About 500,000 tokens: more than any local model's context, and the chunked tools would take hours on it.
MAX_TEXT_CHARS = 2_000_000
# A .docx is a zip: refuse one whose declared unpacked size is absurd before python-docx inflates it.
MAX_DOCX_UNPACKED_BYTES = 200 * MB
# python-docx parses every XML part up front, at several bytes of memory per byte; 2M characters of text take
# a fraction of this.
MAX_DOCX_XML_BYTES = 64 * MB
ZIP_BOMB_RATIO, ZIP_BOMB_MIN_BYTES = 100, 10 * MB  # a member this big and this compressed is a bomb
# pypdf's defaults (75 MB per stream, 2M tokens per content stream) let one page take seconds that no cancel can
# interrupt; a real page's content stream is far below these.
PDF_LIMITS = {
    "zlib_maximum_output_length": 16 * MB, "lzw_maximum_output_length": 16 * MB,
    "run_length_maximum_output_length": 16 * MB, "brotli_maximum_output_length": 16 * MB,
    "array_based_stream_maximum_output_length": 16 * MB, "stream_parsing_work_maximum_count": 1_000_000,
}
# pypdf limits each stream but not their sum: one page may name thousands of fonts or forms, each a 16 MB bomb.
PDF_PAGE_DECODE_BYTES = 128 * MB
# pypdf keeps every unpacked stream on the reader; past this much, its cache is dropped between pages (a real
# document rarely gets there, and reading it again costs time: fonts are parsed anew).
PDF_CACHE_BYTES = 32 * MB
# The child process that reads a PDF may use this much memory (a page that needs more is refused), and may spend
# this long on one page (a file built to keep pypdf busy is stopped).
PDF_MEMORY_BYTES = 2048 * MB
PDF_PAGE_SECONDS = 60
# A folder attached to a chat: more files than this is more likely a whole disk than a set of documents.
MAX_FOLDER_FILES = 5_000
