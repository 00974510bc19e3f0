"""How a conversation becomes a prompt: a model's chat template, or a plain transcript for base models.

A GGUF file's ``tokenizer.chat_template`` is code written by whoever made the file. It runs only inside Jinja's
immutable sandbox (no Python internals, no mutation of our objects), under limits this module adds to the
sandbox: loop iterations and calls are counted against a budget and a deadline, and no string, list or number
may grow past a size limit (checked before ``*``, ``**``, ``%`` and size arguments, and after every ``~``, ``+``,
filter and call). A template that breaks a limit, fails or refuses the conversation gives a :class:`TemplateError`
within seconds; it can never hang the app or fill its memory.

Base models (the catalog says ``base``, or the file has no template) were never trained on a chat format: they
continue text. They get a :class:`Transcript`: a line that says what follows, a few short example turns, then
"User: …" / "Assistant:" turns, stopped where the model starts the next turn.
"""

from __future__ import annotations

import re
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Sequence

import jinja2
from jinja2.compiler import CodeGenerator
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.utils import _PassArg, pass_context

from ..common.errors import UserError
from ..common.messages import Text, translate
from ..common.scripts import script_share

MAX_ITERATIONS = 1_000_000  # loop iterations and calls in one render; a real template needs a few per message
MAX_RENDER_S = 3.0
MIN_OUTPUT_CHARS = 1_000_000  # any value a template builds stays below this + 4 × the conversation's size
MAX_EXPONENT = 1024


class TemplateError(UserError, ValueError):
    """A chat template that cannot be compiled or rendered, or that broke a limit."""


@dataclass
class _Budget:
    deadline: float
    iterations: int = MAX_ITERATIONS
    max_size: int = MIN_OUTPUT_CHARS

    def spend(self) -> None:
        self.iterations -= 1
        if self.iterations < 0:
            raise TemplateError(translate("CoreEngine", "the chat template ran more than {steps:,} loop steps: it is "
                                          "broken or hostile, so the model cannot be used with it").format(
                steps=MAX_ITERATIONS))
        if self.iterations % 1024 == 0 and time.monotonic() > self.deadline:
            raise TemplateError(translate("CoreEngine", "the chat template did not finish within {seconds:g} s: it is "
                                          "broken or hostile, so the model cannot be used with it").format(
                seconds=MAX_RENDER_S))


_BUDGET: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)
_WIDE_FORMAT = re.compile(r"%[-+ #0]*\d{6,}|\{[^{}]*?\d{6,}[^{}]*\}")


def _too_big(size: int) -> TemplateError:
    return TemplateError(translate("CoreEngine", "the chat template built a value of {size:,} items, more than it "
                                   "may: it is broken or hostile, so the model cannot be used with it").format(
        size=size))


def _size(value) -> int:
    if isinstance(value, (str, bytes, list, tuple, dict)):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 8
    return 0


class _Limited(ImmutableSandboxedEnvironment):
    """The sandbox, with every way a template can loop or grow a value charged to the current :class:`_Budget`."""

    intercepted_binops = frozenset({"*", "**", "+", "%"})

    def _check(self, value):
        budget = _BUDGET.get()
        if budget is not None and _size(value) > budget.max_size:
            raise _too_big(_size(value))
        return value

    def _check_arguments(self, values, format_string: object = None) -> None:
        """Before a call: one step of the budget; no size argument and no format field wider than the limit."""
        budget = _BUDGET.get()
        if budget is None:
            return
        budget.spend()
        for value in values:
            if isinstance(value, int) and not isinstance(value, bool) and abs(value) > budget.max_size:
                raise _too_big(abs(value))
        if isinstance(format_string, str) and _WIDE_FORMAT.search(format_string):
            raise TemplateError(translate("CoreEngine", "the chat template asked for a formatted field wider than a "
                                          "million characters"))

    def tick(self) -> None:
        budget = _BUDGET.get()
        if budget is not None:
            budget.spend()

    def checked(self, value):
        return self._check(value)

    def call_binop(self, context, operator, left, right):
        if operator == "*":
            counts = [v for v in (left, right) if isinstance(v, int) and not isinstance(v, bool)]
            sizes = [_size(v) for v in (left, right) if isinstance(v, (str, list, tuple))]
            if counts and sizes and max(counts) * max(sizes) > self._limit():
                raise _too_big(max(counts) * max(sizes))
        elif operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise _too_big(int(abs(right)))
        elif operator == "%":
            self._check_arguments([], format_string=left)
        return self._check(super().call_binop(context, operator, left, right))

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - Jinja's own signature
        formats = getattr(__obj, "__name__", "") in ("format", "format_map")
        bound = getattr(__obj, "__wrapped__", __obj)  # the sandbox wraps str.format: the string is the bound self
        __self._check_arguments([*args, *kwargs.values()], getattr(bound, "__self__", None) if formats else None)
        return __self._check(super().call(__context, __obj, *args, **kwargs))

    def _limit(self) -> int:
        budget = _BUDGET.get()
        return budget.max_size if budget is not None else MIN_OUTPUT_CHARS


class _CountingCodeGenerator(CodeGenerator):
    """Compiles templates so that each loop step calls ``environment.tick()`` and each ``~`` result is checked."""

    def writeline(self, x: str, node=None, extra: int = 0) -> None:
        super().writeline(x, node, extra)
        if x == "_loop_vars = {}":  # the first line of every for-loop body
            super().writeline("environment.tick()")

    def visit_Concat(self, node, frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


_Limited.code_generator_class = _CountingCodeGenerator


def _raise_exception(message: str):
    raise TemplateError(translate("CoreEngine", "the chat template refused the conversation: {message}").format(
        message=str(message)))


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


def _environment() -> _Limited:
    environment = _Limited(trim_blocks=True, lstrip_blocks=True)  # as Hugging Face renders them
    environment.globals.update(raise_exception=_raise_exception, strftime_now=_strftime_now)
    for name, function in list(environment.filters.items()):
        environment.filters[name] = _counted_filter(environment, function)
    return environment


def _counted_filter(environment: _Limited, function):
    """A filter charged to the budget, its size arguments and its result checked (``format`` checks its fields).

    It takes the template context, as Jinja's context filters do: that also keeps Jinja from running it at compile
    time on constant arguments, where no budget applies.
    """
    formats = function.__name__ == "do_format"
    passes = _PassArg.from_obj(function)

    @pass_context
    def counted(context, *args, **kwargs):
        values = [*args, *kwargs.values()]
        environment._check_arguments(values, next((v for v in values if isinstance(v, str)), None) if formats
                                     else None)
        lead = {_PassArg.context: (context,), _PassArg.eval_context: (context.eval_ctx,),
                _PassArg.environment: (context.environment,)}.get(passes, ())
        return environment.checked(function(*lead, *args, **kwargs))

    return counted


_ENVIRONMENT = _environment()


@dataclass(frozen=True)
class ChatTemplate:
    """A compiled chat template plus where it came from ("model" or "catalog") and the strings that end a turn.

    ``special_tokens``: the rendered prompt spells the model's special tokens, so it is tokenized with them.
    """

    source: str
    origin: str
    bos_token: str = ""
    eos_token: str = ""
    stop_strings: tuple[str, ...] = ()
    special_tokens: bool = field(default=True, init=False)

    def __post_init__(self):
        try:
            compiled = _ENVIRONMENT.from_string(self.source)
        except jinja2.TemplateError as exc:
            raise TemplateError(translate("CoreEngine", "{template} does not compile: {error}").format(
                template=_named(self.origin), error=str(exc))) from None
        except RecursionError:
            raise TemplateError(translate("CoreEngine", "{template} is nested too deeply to compile").format(
                template=_named(self.origin))) from None
        object.__setattr__(self, "_compiled", compiled)

    def render(self, messages: Sequence[dict], add_generation_prompt: bool = True) -> str:
        """The prompt for ``messages``. A template that has no system role (it refuses one) gets the system prompt
        at the start of the first user message instead."""
        messages = [dict(m) for m in messages]
        try:
            return self._render(messages, add_generation_prompt)
        except TemplateError:
            if len(messages) < 2 or messages[0].get("role") != "system" or messages[1].get("role") != "user":
                raise
        system, first = messages[0], messages[1]
        folded = [{**first, "content": f"{system['content']}\n\n{first['content']}"}, *messages[2:]]
        return self._render(folded, add_generation_prompt)

    def _render(self, messages: list[dict], add_generation_prompt: bool) -> str:
        size = sum(len(str(m.get("content") or "")) for m in messages)
        token = _BUDGET.set(_Budget(time.monotonic() + MAX_RENDER_S, max_size=MIN_OUTPUT_CHARS + 4 * size))
        try:
            pieces = []
            produced = 0
            for piece in self._compiled.generate(messages=messages, add_generation_prompt=add_generation_prompt,
                                                 bos_token=self.bos_token, eos_token=self.eos_token):
                produced += len(piece)
                if produced > _BUDGET.get().max_size:
                    raise _too_big(produced)
                pieces.append(piece)
            return "".join(pieces)
        except TemplateError:
            raise
        except jinja2.TemplateError as exc:  # includes SecurityError from the sandbox
            raise TemplateError(translate("CoreEngine", "{template} failed: {error}").format(
                template=_named(self.origin), error=str(exc))) from None
        except RecursionError:
            raise TemplateError(translate("CoreEngine", "{template} recursed without end").format(
                template=_named(self.origin))) from None
        except Exception as exc:  # a template is foreign code: any failure is the template's
            raise TemplateError(translate("CoreEngine", "{template} failed: {error}").format(
                template=_named(self.origin), error=f"{type(exc).__name__}: {exc}")) from None
        finally:
            _BUDGET.reset(token)


def _named(origin: str) -> Text:
    """"the model chat template" (the file's own) or "the catalog chat template", as messages name them."""
    if origin == "catalog":
        return translate("CoreEngine", "the catalog chat template")
    return translate("CoreEngine", "the model chat template")


# A base model continues text: it is shown what kind of text this is, and how an answer looks, in the language of
# the question (shown English examples, Gemma 3 270M answered every Chinese question in English).
@dataclass(frozen=True)
class TranscriptWords:
    preamble: str
    instructions: str  # the system prompt, inside the preamble
    examples: tuple[tuple[str, str], ...]


TRANSCRIPT_WORDS = {
    "en": TranscriptWords(
        "The following is a conversation between a user and a helpful, knowledgeable assistant. "
        "The assistant answers questions correctly and briefly.",
        " The assistant's instructions: {system}",
        (("What is the capital of France?", "The capital of France is Paris."),
         ("How many days are in a week?", "There are seven days in a week."),
         ("Who wrote Hamlet?", "William Shakespeare wrote Hamlet."))),
    "zh": TranscriptWords(
        "以下是用户与一位乐于助人、知识渊博的助手之间的对话。助手用中文简短而正确地回答问题。",
        "助手的指示：{system}",
        (("法国的首都是哪里？", "法国的首都是巴黎。"),
         ("一个星期有几天？", "一个星期有七天。"),
         ("《哈姆雷特》是谁写的？", "《哈姆雷特》是莎士比亚写的。"))),
}
# A turn ends at a blank line: the examples show one paragraph per answer, and a base model that goes on past it
# starts inventing the next question.
TRANSCRIPT_STOPS = ("\nUser:", "\nAssistant:", "\n\n")


def transcript_language(messages: Sequence[dict]) -> str:
    """"zh" when the last question is mostly Chinese characters (no kana or Hangul: not Japanese or Korean).

    The question is the last paragraph of the last user message: what comes before may be a pasted text or the
    retrieved passages of a document, in any language."""
    message = next((str(m.get("content") or "") for m in reversed(messages) if m.get("role") == "user"), "")
    question = re.split(r"\n\s*\n", message.strip())[-1]
    japanese_or_korean = script_share(question, ("HIRAGANA", "KATAKANA", "HANGUL"))
    return "zh" if script_share(question, ("CJK",)) > 0.5 and not japanese_or_korean else "en"


@dataclass(frozen=True)
class Transcript:
    """The prompt format of base models: plain "User:" / "Assistant:" turns after a short preamble and examples.

    The preamble and the examples come first and stay the same while the questions stay in one language (the system
    prompt is part of the preamble), so they stay in the KV cache. User text is tokenized as plain text: it cannot
    spell special tokens.
    """

    bos_token: str = ""
    origin: str = "transcript"
    stop_strings: tuple[str, ...] = TRANSCRIPT_STOPS
    special_tokens: bool = False

    def render(self, messages: Sequence[dict], add_generation_prompt: bool = True) -> str:
        words = TRANSCRIPT_WORDS[transcript_language(messages)]
        system = " ".join(" ".join(str(m.get("content") or "").split()) for m in messages
                          if m.get("role") == "system").strip()
        preamble = words.preamble + (words.instructions.format(system=system) if system else "")
        turns = [f"User: {q}\nAssistant: {a}" for q, a in words.examples]
        for message in messages:
            content = str(message.get("content") or "").strip()
            if message.get("role") == "user":
                turns.append(f"User: {content}")
            elif message.get("role") == "assistant":
                if turns and turns[-1].startswith("User: ") and "\nAssistant:" not in turns[-1]:
                    turns[-1] += f"\nAssistant: {content}"
                else:
                    turns.append(f"Assistant: {content}")
        text = preamble + "\n\n" + "\n\n".join(turns)
        if add_generation_prompt:
            text += "\nAssistant:"
        return text


ChatFormat = ChatTemplate | Transcript


def choose_format(model_template: str | None, catalog_template: str | None, base_model: bool, bos_token: str,
                  eos_token: str, stops: Sequence[str] = ()) -> ChatFormat:
    """The model's own template, else the catalog's; a base model (the catalog says so, or there is no template at
    all) gets a :class:`Transcript`, whatever template its file carries."""
    if base_model or not (model_template or catalog_template):
        return Transcript(bos_token)
    if model_template:
        return ChatTemplate(model_template, "model", bos_token, eos_token, tuple(stops))
    return ChatTemplate(catalog_template, "catalog", bos_token, eos_token, tuple(stops))
