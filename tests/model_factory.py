"""Writes tiny random-weight llama GGUF files with the ``gguf`` package, for fast engine tests.

``byte_tokens=False`` gives an SPM vocabulary without byte-fallback tokens: llama.cpp aborts the whole process
(std::out_of_range, no Python exception) when it tokenizes a character outside that vocabulary.
"""

from __future__ import annotations

import string
from pathlib import Path

import gguf
import numpy as np

TINY_TEMPLATE = (
    "{% for message in messages %}{{ message['role'] }}: {{ message['content'] }}\n{% endfor %}"
    "{% if add_generation_prompt %}assistant:{% endif %}"
)


def _vocab(byte_tokens: bool, special: tuple[str, ...] = (), extra: tuple[str, ...] = ()
           ) -> tuple[list[str], list[float], list[int]]:
    tokens = ["<unk>", "<s>", "</s>"]
    types = [gguf.TokenType.UNKNOWN, gguf.TokenType.CONTROL, gguf.TokenType.CONTROL]
    for token in special:  # a chat template's markers: control tokens, as in the real models
        if token not in tokens:
            tokens.append(token)
            types.append(gguf.TokenType.CONTROL)
    if byte_tokens:
        tokens += [f"<0x{value:02X}>" for value in range(256)]
        types += [gguf.TokenType.BYTE] * 256
    pieces = list(string.ascii_letters + string.digits + string.punctuation)
    words = ["the", "and", "hello", "world", "model", "user", "assistant", "system", "you", "are", "is", "a"]
    for piece in ["▁"] + pieces + ["▁" + p for p in pieces] + ["▁" + w for w in words] + words + list(extra):
        if piece not in tokens:
            tokens.append(piece)
            types.append(gguf.TokenType.NORMAL)
    scores = [0.0] * 3 + [-float(i) for i in range(len(tokens) - 3)]
    return tokens, scores, types


def write_tiny_llama(path: Path, byte_tokens: bool = True, chat_template: str | None = TINY_TEMPLATE,
                     n_embd: int = 64, n_layer: int = 2, n_head: int = 4, n_ff: int = 128, seed: int = 0,
                     context_length: int = 512, special_tokens: tuple[str, ...] = (), favourite: str | None = None,
                     head_count_kv: int | list[int] | None = None, damaged_byte: int | None = None,
                     bos_token_id: int = 1, token_type_of: dict[int, int] | None = None) -> Path:
    """Random weights, except that the model never emits end-of-sequence: the residual stream carries a
    constant +10 in dimension 0 (nothing writes there) and the EOS output row weighs it by -100. So a reply
    always runs to ``max_tokens``, which makes stop and crash tests deterministic.

    ``special_tokens`` join the vocabulary as control tokens (a chat template's markers); ``favourite`` joins it as a
    normal token that the model always picks (its output row weighs dimension 0 by +100); ``head_count_kv`` may be a
    list, one value per layer, as some architectures write it; ``damaged_byte`` misspells that byte's fallback token
    (llama.cpp aborts the process when it has to tokenize that byte)."""
    rng = np.random.default_rng(seed)
    tokens, scores, types = _vocab(byte_tokens, special_tokens, (favourite,) if favourite else ())
    if damaged_byte is not None:
        tokens[tokens.index(f"<0x{damaged_byte:02X}>")] = f"<0x{damaged_byte:02X}"
    for token, kind in (token_type_of or {}).items():  # a damaged vocabulary: types no tokenizer knows
        types[token] = kind
    n_vocab = len(tokens)
    writer = gguf.GGUFWriter(str(path), "llama")
    writer.add_name("Tiny Test Llama")
    writer.add_context_length(context_length)
    writer.add_embedding_length(n_embd)
    writer.add_block_count(n_layer)
    writer.add_feed_forward_length(n_ff)
    writer.add_head_count(n_head)
    if isinstance(head_count_kv, list):
        writer.add_array("llama.attention.head_count_kv", head_count_kv)
    else:
        writer.add_head_count_kv(head_count_kv or n_head)
    writer.add_layer_norm_rms_eps(1e-5)
    writer.add_rope_dimension_count(n_embd // n_head)
    writer.add_file_type(gguf.LlamaFileType.ALL_F32)
    writer.add_tokenizer_model("llama")
    writer.add_token_list(tokens)
    writer.add_token_scores(scores)
    writer.add_token_types(types)
    writer.add_bos_token_id(bos_token_id)
    writer.add_eos_token_id(2)
    writer.add_unk_token_id(0)
    writer.add_add_bos_token(True)
    if chat_template:
        writer.add_chat_template(chat_template)

    def tensor(name: str, *shape: int, scale: float = 0.2, keep_dim0: bool = False) -> None:
        weights = (rng.standard_normal(shape) * scale).astype(np.float32)
        if keep_dim0:  # this matrix writes into the residual stream: leave dimension 0 alone
            weights[0, :] = 0.0
        writer.add_tensor(name, weights)

    embeddings = (rng.standard_normal((n_vocab, n_embd)) * 0.2).astype(np.float32)
    embeddings[:, 0] = 10.0
    writer.add_tensor("token_embd.weight", embeddings)
    for layer in range(n_layer):
        prefix = f"blk.{layer}"
        writer.add_tensor(f"{prefix}.attn_norm.weight", np.ones(n_embd, dtype=np.float32))
        kv_heads = head_count_kv[layer] if isinstance(head_count_kv, list) else head_count_kv or n_head
        tensor(f"{prefix}.attn_q.weight", n_embd, n_embd)
        for name in ("attn_k", "attn_v"):
            tensor(f"{prefix}.{name}.weight", kv_heads * (n_embd // n_head), n_embd)
        tensor(f"{prefix}.attn_output.weight", n_embd, n_embd, keep_dim0=True)
        writer.add_tensor(f"{prefix}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32))
        tensor(f"{prefix}.ffn_gate.weight", n_ff, n_embd)
        tensor(f"{prefix}.ffn_up.weight", n_ff, n_embd)
        tensor(f"{prefix}.ffn_down.weight", n_embd, n_ff, keep_dim0=True)
    writer.add_tensor("output_norm.weight", np.ones(n_embd, dtype=np.float32))
    output = (rng.standard_normal((n_vocab, n_embd))).astype(np.float32)
    output[:, 0] = 0.0
    output[2, 0] = -100.0  # EOS
    if favourite:
        output[tokens.index(favourite), 0] = 100.0
    writer.add_tensor("output.weight", output)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_tensors_to_file()
    writer.close()
    return path
