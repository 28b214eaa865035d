"""Contact kinds and channels read from what a user types."""

import pytest

from pipeline_tui.domain.contacts import parse_channel, parse_kind


@pytest.mark.parametrize(
    ("text", "channel"),
    [("E-mail", "email"), ("e_mail", "email"), ("WeChat", "message"), ("In-Person", "meeting")],
)
def test_a_channel_alias_is_found_however_it_is_spelt(text: str, channel: str) -> None:
    assert parse_channel(text).value == channel


def test_a_kind_is_found_by_its_words() -> None:
    assert parse_kind("Hiring-Manager").value == "hiring manager"
