"""Chat templates, rendered only inside Jinja's immutable sandbox.

A GGUF file's ``tokenizer.chat_template`` is code written by whoever made the file; the sandbox stops it from
reaching Python internals or mutating our objects. A template that fails to render gives a clear error.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Sequence

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from ..common.errors import UserError

# Used when neither the GGUF nor the catalog supplies a template (a base model imported by the user).
GENERIC_TEMPLATE = (
    "{{ bos_token }}"
    "{% for message in messages %}"
    "{% if message['role'] == 'system' %}{{ message['content'] }}\n\n"
    "{% elif message['role'] == 'user' %}### User:\n{{ message['content'] }}\n\n"
    "{% else %}### Assistant:\n{{ message['content'] }}\n\n{% endif %}"
    "{% endfor %}"
    "{% if add_generation_prompt %}### Assistant:\n{% endif %}"
)
GENERIC_STOPS = ("### User:", "\n### ")


class TemplateError(UserError, ValueError):
    """A chat template that cannot be compiled or rendered."""


def _raise_exception(message: str):
    raise TemplateError(f"the chat template refused the conversation: {message}")


def _strftime_now(fmt: str) -> str:
    return datetime.now().strftime(fmt)


@dataclass(frozen=True)
class ChatTemplate:
    """A compiled template plus where it came from ("model", "catalog" or "generic")."""

    source: str
    origin: str
    bos_token: str = ""
    eos_token: str = ""
    stop_strings: tuple[str, ...] = ()

    def __post_init__(self):
        environment = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True)
        environment.globals.update(raise_exception=_raise_exception, strftime_now=_strftime_now)
        try:
            compiled = environment.from_string(self.source)
        except jinja2.TemplateError as exc:
            raise TemplateError(f"the {self.origin} chat template does not compile: {exc}") from None
        object.__setattr__(self, "_compiled", compiled)

    def render(self, messages: Sequence[dict], add_generation_prompt: bool = True) -> str:
        try:
            return self._compiled.render(
                messages=[dict(m) for m in messages],
                add_generation_prompt=add_generation_prompt,
                bos_token=self.bos_token,
                eos_token=self.eos_token,
            )
        except TemplateError:
            raise
        except jinja2.TemplateError as exc:  # includes SecurityError from the sandbox
            raise TemplateError(f"the {self.origin} chat template failed: {exc}") from None
        except Exception as exc:  # a template is foreign code: any failure is the template's
            raise TemplateError(f"the {self.origin} chat template failed: {type(exc).__name__}: {exc}") from None


def choose_template(
    model_template: str | None, catalog_template: str | None, bos_token: str, eos_token: str
) -> ChatTemplate:
    """The model's own template first, then the catalog's, then a plain transcript format."""
    if model_template:
        return ChatTemplate(model_template, "model", bos_token, eos_token)
    if catalog_template:
        return ChatTemplate(catalog_template, "catalog", bos_token, eos_token)
    return ChatTemplate(GENERIC_TEMPLATE, "generic", bos_token, eos_token, GENERIC_STOPS)
