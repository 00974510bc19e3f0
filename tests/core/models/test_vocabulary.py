"""Vocabularies that would make llama.cpp abort are refused before it sees them, with the reason named."""

import gguf
import numpy as np
import pytest
from model_factory import write_tiny_llama

from desktop_llm.core.models.gguf_header import ModelFileError
from desktop_llm.core.models.modelcheck import check_model_file
from desktop_llm.core.models.vocabulary import check_vocabulary


def test_real_vocabularies_pass(gemma_model, smollm2_model, tiny_model):
    for path in (gemma_model, smollm2_model, tiny_model):
        check_vocabulary(path)


@pytest.mark.parametrize("damage, reason", [
    (dict(damaged_byte=0x0A), r"1 of the 256 byte tokens are missing \(<0x0A>\)"),
    (dict(bos_token_id=10**6), "tokenizer.ggml.bos_token_id is 1000000, outside its"),
    (dict(token_type_of={40: 42}), "token 40 has an unknown type"),
])
def test_a_damaged_vocabulary_is_refused_with_its_reason(tmp_path, damage, reason):
    path = write_tiny_llama(tmp_path / "damaged.gguf", **damage)
    with pytest.raises(ModelFileError, match=reason):
        check_vocabulary(path)
    with pytest.raises(ModelFileError, match=reason):  # before any trial load
        check_model_file(path)


def test_bpe_merges_must_be_two_parts_around_a_space(tmp_path):
    path = tmp_path / "bpe.gguf"
    writer = gguf.GGUFWriter(str(path), "gpt2")
    writer.add_tokenizer_model("gpt2")
    writer.add_token_list(["a", "b", "ab", "c"])
    writer.add_token_types([1, 1, 1, 1])
    writer.add_token_merges(["a b", "abc"])  # the second has no space
    writer.add_tensor("token_embd.weight", np.zeros((4, 8), dtype=np.float32))
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    with pytest.raises(ModelFileError, match="merge rule 1 \\('abc'\\) is not two parts around a space"):
        check_vocabulary(path)
