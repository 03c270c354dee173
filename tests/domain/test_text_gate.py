"""The one text gate and the one exit (issue 15 item 3, ARCHITECTURE "The second ring"):
``free_text``/``one_line`` clean what comes in, ``visible`` shows what an old database holds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from kefu_tui.domain.untrusted import free_text, one_line, printable_cells, visible

CONTROLS = [chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))] + list("\u202a\u202b\u202c\u202d\u202e"
                                                                        "\u2066\u2067\u2068\u2069\u2028\u2029")


def test_free_text_removes_controls_and_keeps_one_kind_of_line_break():
    assert free_text("a\x1b]0;T\x07b\x9b2J\u202ec\x7f") == "a]0;Tb2Jc"
    assert free_text("1\r\n2\r3\u20284\x855\n6\t7") == "1\n2\n3\n4\n5\n6\t7"
    assert free_text("call back [/b] later") == "call back [/b] later"  # markup is text
    assert free_text("x" * 3000) == "x" * 2000
    assert free_text(None) == ""


def test_one_line_folds_line_breaks_and_tabs_to_one_space():
    assert one_line(" 刘敏\n2026-11-24 10:00  签收\t伪造 ") == "刘敏 2026-11-24 10:00  签收 伪造"
    assert one_line("a \r\n\t b") == "a b"


def test_visible_shows_every_control_as_a_symbol_on_one_line():
    assert visible("a\x1b[1mb\nc\td\x7f") == "a␛[1mb␊c␉d␡"
    assert visible("\x9b\u202e") == "\ufffd\ufffd"
    assert visible(None) == "" and visible(12) == "12"
    assert visible("纯文本 [b]") == "纯文本 [b]"


def test_imported_cells_fold_line_breaks():
    assert printable_cells(["a\r\nb", "c\td", "\x1b[0m"]) == ["a b", "c d", "[0m"]


@settings(derandomize=True, database=None, max_examples=300)
@given(st.text())
def test_what_passes_the_gate_or_the_exit_holds_no_control_character(text):
    for out in (one_line(text), visible(text)):
        assert not any(c in out for c in CONTROLS)
    assert not any(c in free_text(text) for c in CONTROLS if c not in "\n\t")
    assert visible(free_text(text)).count("␊") == free_text(text).count("\n")
