"""One definition of the characters user text never keeps, checked character by character."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.sanitize import is_control, one_line, strip_controls

# Written out here, not taken from the module: the bidirectional embeddings and overrides
# (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Every control and format-like character near the ranges, and a sample of plain text.
CODE_POINTS = [
    *range(0x00, 0x2FFF),
    *range(0xD7F0, 0xE010),  # around the surrogates
    *range(0xFEF0, 0x10000),
]


def expected_control(char: str) -> bool:
    # Cc: C0, DEL and C1 controls; Cs: surrogates (never valid on their own in text).
    return unicodedata.category(char) in ("Cc", "Cs") or char in BIDI


def test_the_control_set_is_exactly_cc_cs_and_the_bidi_marks() -> None:
    for code in CODE_POINTS:
        char = chr(code)
        assert is_control(char) is expected_control(char), hex(code)
        assert strip_controls(char) == ("" if expected_control(char) else char), hex(code)


@pytest.mark.parametrize("keep", ["\t", "\t\n", "\t\n\r", "\x00", "\x1f\x7f", "\u202e"])
def test_kept_characters_pass_and_no_other_control_does(keep: str) -> None:
    for code in CODE_POINTS:
        char = chr(code)
        stripped = expected_control(char) and char not in keep
        assert strip_controls(char, keep=keep) == ("" if stripped else char), hex(code)


def test_strip_controls_leaves_text_and_its_spaces() -> None:
    assert strip_controls("\x1b]52;c;aGk=\x07Ann Lee") == "]52;c;aGk=Ann Lee"
    assert strip_controls("\u202eevil\u202c  name ") == "evil  name "
    assert strip_controls("line one\r\nline two\ttab", keep="\t\n") == "line one\nline two\ttab"
    assert strip_controls("Zoë – café 日本 🙂") == "Zoë – café 日本 🙂"


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("one\ntwo", "one two"),
        ("one\r\ntwo", "one two"),
        ("one\r\n\r\n\ttwo", "one two"),
        ("one\x0btwo\x0cthree", "one two three"),
        ("one\x85two\u2028three\u2029four", "one two three four"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        ("  padded  ", "  padded  "),
        ("\u2066isolated\u2069", "isolated"),
        ("lone \ud800 surrogate", "lone  surrogate"),
        ("", ""),
    ],
)
def test_one_line_folds_breaks_to_one_space_and_drops_other_controls(text: str, line: str) -> None:
    assert one_line(text) == line


@given(st.text())
def test_one_line_output_is_one_line_without_controls(text: str) -> None:
    line = one_line(text)
    assert not any(expected_control(char) for char in line)
    assert len(line.splitlines()) <= 1
    assert one_line(line) == line
