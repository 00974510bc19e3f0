"""The child's side of a model check (``desktop-llm _probe-model PATH``): everything the app will do with a model
file, in a process whose death costs nothing. See ``models.modelcheck`` for the parent's side."""

from __future__ import annotations

from pathlib import Path

from ..common.child import answer
from ..common.errors import UserError
from ..common.messages import Text, to_data
from ..models.catalog import CatalogError, load_catalog
from ..models.gguf_header import read_gguf_header
from .templates import choose_format

# Exercises byte fallback (accents, CJK, emoji, control characters): where a broken vocabulary aborts.
PROBE_TEXT = "Hello, wörld! Ça va? 你好，世界 🙂 \t\x01 ∑x² — end"


# A conversation like the app's: a system prompt, newlines, tabs, accents, CJK, emoji, every turn kind.
PROBE_CONVERSATION = (
    {"role": "system", "content": "You are a helpful assistant.\nAnswer briefly."},
    {"role": "user", "content": "Hello, wörld! Ça va?\n\tIndented line — 你好，世界 🙂"},
    {"role": "assistant", "content": "Hi!\nFine, thanks."},
    {"role": "user", "content": "∑x² and 3 < 4 > 2 & \"quotes\"\n\nNew paragraph."},
)
MAX_SPECIAL_PROBES = 4096


def probe_model(path: str) -> int:
    """Runs in the child: what the app will do with the file, where a damaged one makes llama.cpp abort. Load;
    tokenize every single byte (a damaged byte-fallback token aborts on the byte it stands for), every control token's
    text and a conversation rendered with the chat format the app will use (template under its limits); decode the
    prompt's start and generate one token. Prints one JSON line."""
    import llama_cpp

    try:
        try:
            spec = load_catalog().for_file(Path(path))
        except CatalogError:
            spec = None
        llama = llama_cpp.Llama(model_path=path, n_ctx=512, n_batch=64, n_threads=1, n_gpu_layers=0, verbose=False)
        vocab = llama._model.vocab
        for byte in range(256):
            llama.tokenize(bytes([byte]), add_bos=False, special=False)
        controls = [token for token in range(llama_cpp.llama_vocab_n_tokens(vocab))
                    if llama_cpp.llama_vocab_get_attr(vocab, token) & llama_cpp.LLAMA_TOKEN_ATTR_CONTROL]
        for token in controls[:MAX_SPECIAL_PROBES]:
            llama.tokenize(llama.detokenize([token], special=True), add_bos=False, special=True)
        header = read_gguf_header(path)
        chat_format = choose_format(header.chat_template, spec.chat_template if spec else None,
                                    bool(spec and spec.kind == "base"), "", "")
        prompt = chat_format.render(list(PROBE_CONVERSATION)).encode("utf-8")
        tokens = llama.tokenize(prompt, add_bos=True, special=chat_format.special_tokens)
        tokens += llama.tokenize(PROBE_TEXT.encode("utf-8"), add_bos=False, special=False)
        llama.detokenize(tokens)
        llama.eval(tokens[: min(len(tokens), 48)])
        next_token = llama.sample(temp=0.0)
        llama.detokenize([next_token])
        answer({"ok": True, "n_params": llama._model.n_params(), "tokens": len(tokens)})
        llama.close()
        return 0
    except Exception as exc:  # reported to the parent as a clean failure
        ours = exc.args[0] if isinstance(exc, UserError) and len(exc.args) == 1 else None
        # Our own messages travel as data, so the window can show them in its language.
        answer({"ok": False, "error": to_data(ours) if isinstance(ours, Text) else f"{type(exc).__name__}: {exc}"})
        return 1
