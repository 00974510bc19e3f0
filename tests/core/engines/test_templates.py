import time

import pytest
from chat_templates import TEMPLATES

from desktop_llm.core.chat.history import repair
from desktop_llm.core.engines.templates import TRANSCRIPT_STOPS, ChatTemplate, TemplateError, Transcript, choose_format

MESSAGES = [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"}]
# What a conversation can look like in the store: a stopped empty reply, a failed send, an empty edit.
MESSY = [{"role": "system", "content": "Be brief."}, {"role": "assistant", "content": "Welcome!"},
         {"role": "user", "content": "First question"}, {"role": "assistant", "content": ""},
         {"role": "user", "content": "Second try"}, {"role": "assistant", "content": "An answer."},
         {"role": "assistant", "content": "More answer."}, {"role": "user", "content": "Thanks. And now?"}]


def test_a_transcript_has_a_preamble_examples_and_turns_and_ends_with_the_assistant_cue():
    prompt = Transcript("<bos>").render([{"role": "system", "content": "Answer in French."},
                                         {"role": "user", "content": "Hello"},
                                         {"role": "assistant", "content": "Bonjour !"},
                                         {"role": "user", "content": "What is 2 + 2?"}])
    assert prompt.startswith("The following is a conversation between a user and a helpful")
    assert "The assistant's instructions: Answer in French.\n\nUser: What is the capital of France?" in prompt
    assert prompt.endswith("User: Hello\nAssistant: Bonjour !\n\nUser: What is 2 + 2?\nAssistant:")
    assert "<bos>" not in prompt  # the engine adds BOS as a token, never as text
    assert Transcript().special_tokens is False and "\nUser:" in TRANSCRIPT_STOPS


def test_a_question_in_chinese_gets_the_transcript_in_chinese():
    """A base model answers in the language its examples show: Chinese examples for a Chinese question."""
    chinese = Transcript().render([{"role": "system", "content": "你是一个乐于助人的助手。"},
                                   {"role": "user", "content": "中国的首都是哪里？"}])
    assert chinese.startswith("以下是用户与一位乐于助人") and "助手的指示：你是一个乐于助人的助手。" in chinese
    assert "User: 法国的首都是哪里？\nAssistant: 法国的首都是巴黎。" in chinese
    assert chinese.endswith("User: 中国的首都是哪里？\nAssistant:") and "Paris" not in chinese
    # The last question decides; Japanese (kana) and a Latin sentence naming a city stay English.
    for question in ("What is the capital of China?", "日本の首都はどこですか", "Where is 北京?"):
        assert Transcript().render([{"role": "user", "content": "你好"}, {"role": "assistant", "content": "你好。"},
                                    {"role": "user", "content": question}]).startswith("The following is")
    assert Transcript().render([{"role": "user", "content": "用 Python 写一个排序函数"}]).startswith("以下是")
    # The question is the last paragraph: passages or a pasted text before it may be in another language.
    passages = "Answer from the passages.\n\nDocument passages:\n\n[1] spec.pdf, page 2\nThe suite has 4 vectors."
    assert Transcript().render([{"role": "user", "content": f"{passages}\n\nQuestion: 测试套件有多少个向量？"}]
                               ).startswith("以下是")
    assert Transcript().render([{"role": "user", "content": "长城在中国北方。\n\n长城很长。\n\nTranslate this."}]
                               ).startswith("The following is")


def test_base_models_get_a_transcript_whatever_template_their_file_carries():
    assert isinstance(choose_format("{{ 'm' }}", None, True, "", ""), Transcript)
    assert isinstance(choose_format(None, None, False, "", ""), Transcript)  # no template at all: a base model
    assert choose_format("{{ 'm' }}", "{{ 'c' }}", False, "", "").origin == "model"
    assert choose_format(None, "{{ 'c' }}", False, "", "").origin == "catalog"


@pytest.mark.parametrize("family", sorted(TEMPLATES))
def test_every_catalog_family_renders_a_repaired_conversation(family):
    template = ChatTemplate(TEMPLATES[family], "model", "<s>", "</s>")
    prompt = template.render(repair(MESSY))
    assert "Second try" in prompt and "Thanks. And now?" in prompt and "More answer." in prompt
    assert "Welcome!" not in prompt  # a reply before the first user message cannot be rendered by strict templates


@pytest.mark.parametrize("family", ["gemma3", "mistral-v0.3", "gemma3n"])
def test_strict_templates_refuse_what_repair_fixes(family):
    template = ChatTemplate(TEMPLATES[family], "model", "<s>", "</s>")
    with pytest.raises(TemplateError, match="alternate"):
        template.render([m for m in MESSY if m["content"]])
    template.render(repair(MESSY))


def test_repair_joins_roles_drops_empty_replies_and_keeps_one_system_message_first():
    assert repair(MESSY) == [
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "First question\n\nSecond try"},
        {"role": "assistant", "content": "An answer.\n\nMore answer."},
        {"role": "user", "content": "Thanks. And now?"},
    ]
    assert repair([{"role": "user", "content": "a"}, {"role": "system", "content": "late"}])[0] == \
        {"role": "system", "content": "late"}


def test_a_template_without_a_system_role_gets_the_system_prompt_in_the_first_user_message():
    no_system = ("{% for m in messages %}{% if m['role'] == 'system' %}{{ raise_exception('System role not "
                 "supported') }}{% endif %}[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}")
    assert ChatTemplate(no_system, "model").render(MESSAGES) == "[user] Be kind.\n\nHi\n"


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ messages.append(1) }}",
    "{{ cycler.__init__.__globals__.os.system('true') }}",
])
def test_templates_run_sandboxed(attack):
    with pytest.raises(TemplateError):
        ChatTemplate(attack, "model").render(MESSAGES)


@pytest.mark.parametrize("attack", [
    "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
    "{% for i in range(100000) %}{% for j in range(100000) %}{% for k in range(100000) %}{{ '' }}{% endfor %}"
    "{% endfor %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='ab') %}{% for i in range(64) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set ns = namespace(s='a') %}{% for i in range(40) %}{% set ns.s = ns.s|replace('a', 'aaaa') %}{% endfor %}",
    "{{ 'a' * 10000000000 }}",
    "{{ 2 ** 100000000 }}",
    "{{ 'a'|center(2000000000) }}",
    "{{ '%2000000000s' % 'a' }}",
    "{{ '{:>2000000000}'.format('a') }}",
    "{% macro f(n) %}{{ f(n) }}{% endmacro %}{{ f(1) }}",
    "{% for i in range(100000) %}{{ 'x' * 100 }}{% endfor %}",
])
def test_hostile_templates_are_refused_within_seconds(attack):
    started = time.monotonic()
    with pytest.raises(TemplateError, match="template"):
        ChatTemplate(attack, "model").render(MESSAGES)
    assert time.monotonic() - started < 10


def test_a_users_text_that_looks_like_a_format_field_is_just_text():
    template = ChatTemplate(TEMPLATES["qwen2.5"], "model")
    assert "%9999999s {1234567}" in template.render([{"role": "user", "content": "%9999999s {1234567}"}])


def test_broken_templates_give_clear_errors():
    with pytest.raises(TemplateError, match="does not compile"):
        ChatTemplate("{% for %}", "model")
    with pytest.raises(TemplateError, match="refused the conversation: roles must alternate"):
        ChatTemplate("{{ raise_exception('roles must alternate') }}", "model").render(MESSAGES)
