"""Property tests of the payload codec (``bot.payloads``): decoding never raises, encoding round-trips.

Payloads arrive from anyone (a web client, a forged Telegram callback); ``decode`` must
turn every string into a payload or None, and never let a number through that SQLite or
a list index cannot take.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot import payloads
from bot.payloads import MAX_BYTES, MAX_NUMBER, Payload

# Bounded: a few hundred examples per property keep the file well under a few seconds.
EXAMPLES = 300

_numbers = st.integers(min_value=0, max_value=MAX_NUMBER - 1)
_units = st.from_regex(r"\A[a-z0-9][a-z0-9_-]{0,31}\Z")
_payloads: st.SearchStrategy[Payload] = st.one_of(
    st.sampled_from(sorted(payloads.MENU_ENTRIES)).map(payloads.Menu),
    st.text(min_size=1, max_size=60).filter(str.strip).map(payloads.Ask),
    st.builds(payloads.More, _numbers, _numbers),
    st.builds(payloads.Sources, _numbers),
    st.builds(payloads.Feedback, st.booleans(), _numbers),
    st.builds(payloads.Pick, _numbers, _numbers),
    st.just(payloads.Quiz("go")),
    st.builds(payloads.Quiz, st.sampled_from(["unit", "unit_only"]), _units),
    st.builds(lambda a, p, o: payloads.Quiz("answer", attempt_id=a, position=p, option=o), _numbers, _numbers, _numbers),
)
# Strings that look like payloads: known kinds, separators, digits (also huge), anything else.
_wire = st.one_of(
    st.text(max_size=80),
    st.tuples(
        st.sampled_from(["menu", "ask", "more", "src", "fb", "pick", "qz", "qz:a", "qz:u", "fb:up", "fb:down", "x"]),
        st.lists(st.one_of(st.integers(min_value=-5, max_value=10**30).map(str), st.text(max_size=8)), max_size=4),
    ).map(lambda parts: ":".join([parts[0], *parts[1]])),
)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(payload=_payloads)
def test_encode_then_decode_is_the_identity(payload: Payload) -> None:
    try:
        wire = payloads.encode(payload)
    except ValueError:  # longer than Telegram's 64 bytes: refused at encoding, never sent
        return
    assert len(wire.encode("utf-8")) <= MAX_BYTES
    assert payloads.decode(wire) == payload


@settings(max_examples=EXAMPLES * 3, deadline=None, database=None)
@given(wire=_wire)
def test_decode_never_raises_and_bounds_every_number(wire: str) -> None:
    decoded = payloads.decode(wire)
    if decoded is None:
        return
    numbers = [value for value in vars(decoded).values() if isinstance(value, int) and not isinstance(value, bool)]
    assert all(0 <= value < MAX_NUMBER for value in numbers)
    assert payloads.decode(payloads.encode(decoded)) == decoded  # a decoded payload re-encodes to itself


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(text=st.text(alphabet=st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), min_size=1, max_size=5))
def test_lone_surrogates_decode_to_nothing_or_a_question(text: str) -> None:
    for wire in (text, f"more:{text}:1", f"fb:up:{text}", f"ask:{text}"):
        decoded = payloads.decode(wire)
        assert decoded is None or isinstance(decoded, payloads.Ask)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(payload=_payloads.filter(lambda p: not isinstance(p, payloads.Ask)), tail=st.sampled_from(["\n", " ", "\r\n"]))
def test_a_payload_with_trailing_junk_is_refused(payload: Payload, tail: str) -> None:
    """``re.match(r"…$")`` accepts a trailing newline; a forged ``qz:u:vp\\n`` must not decode."""
    assert payloads.decode(payloads.encode(payload) + tail) is None
