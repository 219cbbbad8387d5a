"""The survey (``sv:``) and contest (``ht:``) payloads of ``bot.payloads``: round trips, limits, forgeries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from bot import payloads
from bot.payloads import MAX_BYTES, MAX_NUMBER, Contest, Survey, decode, encode

BIG = MAX_NUMBER - 1  # the largest id a payload may carry


@pytest.mark.parametrize("payload, wire", [
    (Survey("join", 12), "sv:j:12"),
    (Survey("skip", 12), "sv:x:12"),
    (Survey("answer", 12, question=3, option=1), "sv:a:12:3:1"),
    (Survey("place", 12, option=0), "sv:p:12:0"),
    (Contest("go", round_id=4), "ht:g:4"),
    (Contest("unit", round_id=4, unit="hcc"), "ht:u:4:hcc"),
    (Contest("answer", entry_id=9, position=2, option=3), "ht:a:9:2:3"),
])
def test_round_trip(payload: payloads.Payload, wire: str) -> None:
    assert encode(payload) == wire
    assert decode(wire) == payload


def test_largest_numbers_fit_telegram() -> None:
    for payload in (Survey("answer", BIG, question=5, option=4), Contest("answer", entry_id=BIG, position=49, option=3),
                    Contest("unit", round_id=BIG, unit="a" * 32)):
        wire = encode(payload)
        assert len(wire.encode()) <= MAX_BYTES and decode(wire) == payload


@pytest.mark.parametrize("wire", [
    "sv:", "sv:j", "sv:j:", "sv:j:x", "sv:j:1:2", "sv:a:1:2", "sv:a:1:2:3:4", "sv:p:1", "sv:q:1",
    f"sv:j:{MAX_NUMBER}", "sv:j:" + "9" * 40, "sv:a:-1:0:0",
    "ht:", "ht:g", "ht:g:", "ht:g:1:2", "ht:u:1", "ht:u:1:", "ht:u:1:Bad Unit", "ht:u:x:vp", "ht:a:1:2",
    f"ht:a:{MAX_NUMBER}:0:0", "ht:z:1",
])
def test_forged_or_truncated_payloads_decode_to_none(wire: str) -> None:
    assert decode(wire) is None


def test_invalid_fields_are_refused_when_encoding() -> None:
    with pytest.raises(ValueError):
        encode(Contest("unit", round_id=1, unit="Đơn vị"))
    with pytest.raises(ValueError):
        encode(Survey("answer", 10**70, question=1, option=1))  # would exceed 64 bytes


ids = st.integers(min_value=0, max_value=MAX_NUMBER - 1)
small = st.integers(min_value=0, max_value=10**6)
units = st.from_regex(r"[a-z0-9][a-z0-9_-]{0,31}", fullmatch=True)
ours = st.one_of(
    st.builds(lambda r: Survey("join", r), ids),
    st.builds(lambda r: Survey("skip", r), ids),
    st.builds(lambda r, q, o: Survey("answer", r, question=q, option=o), ids, st.integers(0, 5), st.integers(0, 4)),
    st.builds(lambda r, o: Survey("place", r, option=o), ids, st.integers(0, 30)),
    st.builds(lambda r: Contest("go", round_id=r), ids),
    st.builds(lambda r, u: Contest("unit", round_id=r, unit=u), ids, units),
    st.builds(lambda e, p, o: Contest("answer", entry_id=e, position=p, option=o), ids, small, st.integers(0, 3)),
)


@settings(max_examples=300, deadline=None)
@given(ours)
def test_every_survey_and_contest_payload_round_trips_within_64_bytes(payload: payloads.Payload) -> None:
    wire = encode(payload)
    assert len(wire.encode()) <= MAX_BYTES and decode(wire) == payload


def test_survey_and_contest_literals_live_in_the_codec_only() -> None:
    bot = Path(__file__).resolve().parents[2] / "bot"
    literal = re.compile(r"""["'](sv|ht):""")
    offenders = [
        f"{path.relative_to(bot.parent)}:{number}"
        for path in sorted(bot.rglob("*.py")) if path.name != "payloads.py"
        for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1) if literal.search(line)
    ]
    assert offenders == []
