"""The core's messages: English as they stand, and all the UI needs to write them in its own language."""

from __future__ import annotations

import pickle

from desktop_llm.core.common.errors import UserError
from desktop_llm.core.common.messages import Text, from_json, joined, translate


def test_a_message_is_english_text_that_keeps_its_source_and_arguments():
    message = translate("CoreTest", "{name}: {tokens:,} tokens").format(name="a.txt", tokens=12345)
    assert message == "a.txt: 12,345 tokens" and isinstance(message, str)
    assert (message.context, message.source, message.args) == ("CoreTest", "{name}: {tokens:,} tokens",
                                                               {"name": "a.txt", "tokens": 12345})
    assert str(UserError(message)) == "a.txt: 12,345 tokens"


def test_plurals_take_the_count_as_qt_does():
    message = translate("CoreTest", "%n part(s) of {name}", "", 3).format(name="b")
    assert message == "3 part(s) of b" and message.count == 3


def test_a_message_survives_pickling_and_storage_with_nested_messages():
    inner = translate("CoreTest", "page {page} is scanned").format(page=4)
    outer = translate("CoreTest", "Cannot read {name}: {reason}").format(name="c.pdf", reason=inner)
    for copy in (pickle.loads(pickle.dumps(outer)), from_json(outer.to_json())):
        assert copy == outer == "Cannot read c.pdf: page 4 is scanned"
        assert isinstance(copy, Text) and isinstance(copy.args["reason"], Text)
        assert copy.args["reason"].source == "page {page} is scanned"
    assert from_json("written before messages were kept") == "written before messages were kept"
    assert from_json('["json", "but not a message"]') == '["json", "but not a message"]'


def test_joined_messages_stay_messages():
    parts = [translate("CoreTest", "{name} is empty").format(name="a"), "b (plain)"]
    listing = joined(parts, ", ")
    assert listing == "a is empty, b (plain)"
    assert listing.args["part0"].source == "{name} is empty"
    assert from_json(listing.to_json()) == listing
