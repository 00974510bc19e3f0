import pytest

from desktop_llm.core.engines.templates import GENERIC_TEMPLATE, ChatTemplate, TemplateError, choose_template

MESSAGES = [{"role": "system", "content": "Be kind."}, {"role": "user", "content": "Hi"}]


def test_starter_template_puts_the_system_prompt_in_the_first_turn(gemma_template):
    prompt = ChatTemplate(gemma_template, "catalog", "<bos>").render(MESSAGES)
    assert prompt == "<bos><start_of_turn>user\nBe kind.\n\nHi<end_of_turn>\n<start_of_turn>model\n"


def test_model_template_wins_over_catalog_then_generic():
    assert choose_template("{{ 'm' }}", "{{ 'c' }}", "", "").origin == "model"
    assert choose_template(None, "{{ 'c' }}", "", "").origin == "catalog"
    generic = choose_template(None, None, "<s>", "</s>")
    assert generic.source == GENERIC_TEMPLATE and generic.stop_strings
    assert generic.render(MESSAGES).endswith("### Assistant:\n")


@pytest.mark.parametrize("attack", [
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ messages.append(1) }}",
    "{{ cycler.__init__.__globals__.os.system('true') }}",
])
def test_templates_run_sandboxed(attack):
    with pytest.raises(TemplateError):
        ChatTemplate(attack, "model").render(MESSAGES)


def test_broken_templates_give_clear_errors():
    with pytest.raises(TemplateError, match="does not compile"):
        ChatTemplate("{% for %}", "model")
    with pytest.raises(TemplateError, match="refused the conversation: roles must alternate"):
        ChatTemplate("{{ raise_exception('roles must alternate') }}", "model").render(MESSAGES)
