"""The input boundary (domain.untrusted): look-alike digits, times, numbers, text (issue 8)."""

import pytest

from kefu_tui.domain import untrusted as u
from kefu_tui.domain.waybills import numbers_in, waybill_or_none

ASCII = "518023259997"


@pytest.mark.parametrize("raw", [
    "５１８０２３２５９９９７",            # full-width, as Chinese input methods type them
    "٥١٨٠٢٣٢٥٩٩٩٧",                # Arabic-Indic
    "۵۱۸۰۲۳۲۵۹۹۹۷",                # extended Arabic-Indic (Persian)
    "५१८०२३२५९९९७",                # Devanagari
    "\x02518023259997\x03\r",      # scanner STX/ETX and CR
    "5180 2325 9997",              # spaces of a copied table
    "\ufeff518023259997\u200b",    # BOM and zero-width space from a paste
])
def test_look_alike_digits_are_one_waybill(raw):
    assert waybill_or_none(raw) == ASCII
    assert u.waybill(raw) == ASCII


@pytest.mark.parametrize("raw", ["51802325999", "5180232599970", "51802325999X", "①②③④⑤⑥⑦⑧⑨⑩⑪⑫",
                                 "518O23259997", "", "   ", "五一八〇二三二五九九九七"])
def test_not_a_waybill_is_refused_with_a_reason(raw):
    assert waybill_or_none(raw) is None
    with pytest.raises(u.Refusal) as e:
        u.waybill(raw)
    assert str(e.value) and "\n" not in str(e.value)


def test_is_waybill_no_takes_ascii_only():
    assert u.is_waybill_no(ASCII)
    assert not u.is_waybill_no("５１８０２３２５９９９７")
    assert not u.is_waybill_no("٥١٨٠٢٣٢٥٩٩٩٧")


def test_a_paste_of_mixed_digits_folds_to_one_number():
    numbers, ignored, repeats = numbers_in(f"{ASCII}\n５１８０２３２５９９９７\n٥١٨٠٢٣٢٥٩٩٩٧\nabc")
    assert (numbers, ignored, repeats) == ([ASCII], 1, 2)


@pytest.mark.parametrize("text, stored", [
    ("2026-11-23 08:00:00", "2026-11-23 08:00:00"),
    ("2026-11-23 08:00", "2026-11-23 08:00:00"),
    ("2026/11/21 08:03", "2026-11-21 08:03:00"),
    ("2026-11-23 8:00", "2026-11-23 08:00:00"),
    ("2026-11-23T08:00:00", "2026-11-23 08:00:00"),
    (" 2026-11-23 08:00:00 ", "2026-11-23 08:00:00"),
    ("２０２６-１１-２３ ０８:００", "2026-11-23 08:00:00"),
])
def test_times_in_the_legacy_forms_are_read(text, stored):
    assert u.stamp(text) == stored


@pytest.mark.parametrize("text", [
    "2026-W48-2 08:00:00",  # ISO week date: R-03 reject, not stored
    "2026-334 08:00:00",    # ordinal date
    "2026-11/23 08:00",     # mixed separators
    "2026-02-30 08:00:00",  # no such day
    "2026-11-23 24:00:00",
    "26-11-23 08:00",
    "20261123 0800",
    "2026-11-23",           # a scan time needs its time of day
    "yesterday",
    "9" * 40,
])
def test_other_times_are_refused(text):
    assert u.stamp(text) is None


def test_a_date_alone_is_a_time_where_allowed():
    assert u.stamp("2026-11-23", time_required=False) == "2026-11-23 00:00:00"


@pytest.mark.parametrize("text, n", [("3", 3), ("３", 3), (" 12 ", 12)])
def test_whole_numbers(text, n):
    assert u.whole_number(text, 1, 9999) == n


@pytest.mark.parametrize("text", ["99999999999999999999999999", "-1", "0", "1.5", "1e9", "", "٣٣٣٣٣٣٣٣٣٣٣"])
def test_whole_numbers_out_of_range_are_refused(text):
    assert u.whole_number(text, 1, 9999) is None


def test_clock_range():
    assert u.clock_year_ok(2026)
    assert not u.clock_year_ok(1999) and not u.clock_year_ok(2100) and not u.clock_year_ok(9999)


def test_free_text_loses_control_characters_but_keeps_formula_text():
    assert u.free_text("电话\x1b[2J错\u202e误\x00") == "电话[2J错误"
    assert u.free_text('=HYPERLINK("x")') == '=HYPERLINK("x")'
    assert u.free_text("换行\n保留\t制表") == "换行\n保留\t制表"
    assert len(u.free_text("长" * 10_000)) == u.MAX_TEXT


def test_path_text_of_a_name_that_is_not_utf8():
    import os

    name = os.fsdecode(b"\xff\xfe\xce\xd2.csv")
    shown = u.path_text(name)
    shown.encode("utf-8")  # printable and storable
    assert shown.endswith(".csv")


def test_another_carriers_number_in_full_width_is_the_same_number():
    from kefu_tui.domain.transfers import TransferRegistration, carrier_number_ok

    reg = TransferRegistration(waybill=ASCII, mode="rewaybill", carrier="sto", new_waybill=" ７７３０１２３４５６７８９\r")
    assert reg.new_waybill == "7730123456789" and carrier_number_ok("sto", reg.new_waybill)


LOOK_ALIKES = {
    "circled": "⑤①⑧⓪②③②⑤⑨⑨⑨⑦",
    "superscript": "⁵¹⁸⁰²³²⁵⁹⁹⁹⁷",
    "subscript": "₅₁₈₀₂₃₂₅₉₉₉₇",
    "math bold": "𝟓𝟏𝟖𝟎𝟐𝟑𝟐𝟓𝟗𝟗𝟗𝟕",
    "math monospace": "𝟻𝟷𝟾𝟶𝟸𝟹𝟸𝟻𝟿𝟿𝟿𝟽",
    "dingbat": "❺❶❽⓿❷❸❷❺❾❾❾❼",
    "one circled among ascii": "51802325999⑦",
    "digit full stop": "⒌18023259997",
}


@pytest.mark.parametrize("raw", LOOK_ALIKES.values(), ids=LOOK_ALIKES.keys())
def test_look_alikes_of_digits_are_refused_issue_15_item_8(raw):
    """Issue 15 item 8: circled, superscript and math-bold digits (⑤①⑧…) were read as a
    waybill (NFKC), though docs/hostile-input.md says they are refused. Only ASCII and a
    script's own digits (full-width, Arabic-Indic, Devanagari…) are digits."""
    assert waybill_or_none(raw) is None
    with pytest.raises(u.Refusal, match="非数字"):
        u.waybill(raw)
    assert numbers_in(raw)[0] == []


def test_look_alikes_are_no_whole_number_or_time_issue_15_item_8():
    assert u.whole_number("⑤") is None and u.whole_number("５") == 5
    assert u.stamp("２０２６－１１－２４　０８：００") == "2026-11-24 08:00:00"
    assert u.stamp("②⓪②⑥-11-24 08:00") is None
