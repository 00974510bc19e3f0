import struct

import pytest

from desktop_llm.core.models.gguf_header import ModelFileError, read_gguf_header


def test_reads_metadata_of_a_real_model(tiny_model):
    info = read_gguf_header(tiny_model)
    assert info.architecture == "llama"
    assert info.name == "Tiny Test Llama"
    assert info.context_length == 512
    assert info.chat_template and "messages" in info.chat_template
    assert info.vocab_size > 256
    assert info.data_end == info.file_size


def test_reads_the_starter_model_quickly(gemma_model):
    info = read_gguf_header(gemma_model)
    assert (info.architecture, info.quantization, info.vocab_size) == ("gemma3", "Q4_K_M", 262144)
    assert info.chat_template is None  # a base model: it chats through a plain transcript


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "not a GGUF"),
        (b"PK\x03\x04" + b"\0" * 100, "not a GGUF"),
        (b"GGUF" + struct.pack("<IQQ", 99, 0, 0), "version 99"),
        (b"GGUF" + struct.pack("<IQQ", 3, 10**12, 1), "absurd header counts"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 10**15), "impossible string length"),
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 3) + b"key" + struct.pack("<I", 77),
         "unknown value type"),
        # an array of arrays of arrays…, 100,000 deep: refused, not a RecursionError
        (b"GGUF" + struct.pack("<IQQ", 3, 0, 1) + struct.pack("<Q", 3) + b"key" + struct.pack("<I", 9)
         + struct.pack("<IQ", 9, 1) * 100_000, "nests arrays more than 8 deep"),
    ],
)
def test_hostile_headers_are_refused_with_a_reason(tmp_path, content, reason):
    path = tmp_path / "model.gguf"
    path.write_bytes(content)
    with pytest.raises(ModelFileError, match=reason):
        read_gguf_header(path)


def test_truncated_weights_are_detected(tmp_path, tiny_model):
    data = tiny_model.read_bytes()
    path = tmp_path / "cut.gguf"
    path.write_bytes(data[: len(data) - 1000])
    with pytest.raises(ModelFileError, match="truncated: 1,000 bytes"):
        read_gguf_header(path)


def test_missing_file(tmp_path):
    with pytest.raises(ModelFileError, match="does not exist"):
        read_gguf_header(tmp_path / "nope.gguf")
