"""The payload codec: every format round-trips, fits Telegram, and bad input decodes to None."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from bot import payloads
from bot.payloads import Ask, Feedback, Menu, More, Pick, Quiz, Sources, decode, encode

ids = st.integers(min_value=0, max_value=payloads.MAX_NUMBER - 1)
small = st.integers(min_value=0, max_value=10**6)
unit_ids = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,20}", fullmatch=True)
structured = st.one_of(
    st.builds(Menu, st.sampled_from(sorted(payloads.MENU_ENTRIES))),
    st.builds(More, small, ids),
    st.builds(Sources, ids),
    st.builds(Feedback, st.booleans(), ids),
    st.builds(Pick, small, ids),
    st.just(Quiz("go")),
    st.builds(lambda u: Quiz("unit", unit=u), unit_ids),
    st.builds(lambda u: Quiz("unit_only", unit=u), unit_ids),
    st.builds(lambda a, p, o: Quiz("answer", attempt_id=a, position=p, option=o), small, small, st.integers(0, 3)),
)


@settings(max_examples=300, deadline=None)
@given(structured)
def test_every_payload_round_trips_within_64_bytes(payload: payloads.Payload) -> None:
    wire = encode(payload)
    assert len(wire.encode()) <= payloads.MAX_BYTES
    assert decode(wire) == payload


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=120))
def test_decode_never_raises(text: str) -> None:
    decoded = decode(text)
    if decoded is not None:  # anything accepted encodes back to the same wire form
        assert decode(encode(decoded)) == decoded


@pytest.mark.parametrize(
    "wire",
    [
        "fb:up:" + "9" * 500,  # would overflow SQLite's integer
        f"more:1:{payloads.MAX_NUMBER}",
        "more:-1:3", "more:1", "more:a:b", "fb:sideways:3", "pick:1:2:3", "src:",
        "menu:admin", "qz:a:1:2", "qz:u:Bad Unit", "ask:   ", "unknown:1", "", "ask:" + "á" * 40,
    ],
)
def test_malformed_payloads_decode_to_none(wire: str) -> None:
    assert decode(wire) is None


def test_encode_refuses_what_would_not_fit() -> None:
    with pytest.raises(ValueError, match="64"):
        encode(Ask("câu hỏi rất dài " * 5))
    with pytest.raises(ValueError):
        encode(Menu("admin"))
    assert payloads.fits("Lệ phí hộ chiếu?") and not payloads.fits("x" * 61)
