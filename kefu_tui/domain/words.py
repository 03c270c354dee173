"""The words clerks read, in one place (客服用语): status words, problem-type labels,
carrier and transfer-mode names, monitoring items and finding reasons, count results, yes/no. Screens, the CLI and every exported report take
their words from here, so a ticket reads 未结 / 代派时效不保 wherever a clerk sees it
(never ``open`` / ``agent_delay``). Codes stay English in the store and in ``--json``."""

from __future__ import annotations

# SPEC §5: a ticket is open (未结) until closed (已结) with a reason.
TICKET_STATUS: dict[str, str] = {"open": "未结", "closed": "已结"}

# SPEC §5: the problem types, by their ``--type`` code.
TICKET_TYPE_LABELS: dict[str, str] = {
    "phone": "电话错误/停机/暂停服务",
    "address": "地址不详",
    "damaged": "破损",
    "incomplete": "未到齐",
    "overzone": "超区",
    "missort_header": "错分-大头笔写错",
    "missort_address": "错分-地址错",
    "not_home": "客户不在",
    "refused": "拒收",
    "agent_delay": "代派时效不保",
    "receipt_empty": "回单空封",
    "other": "其他",
}

# SPEC §6: the carriers a transfer goes by, and the two ways of transferring.
CARRIER_NAMES: dict[str, str] = {"postal": "邮政", "sto": "申通", "zto": "中通", "yto": "圆通",
                                 "ems": "EMS"}
TRANSFER_MODES: dict[str, str] = {"original": "原单", "rewaybill": "换单"}

# what a transfer quote tells the clerk to do.
QUOTE_ACTIONS: dict[str, str] = {"deliver": "派送 (不是超区)", "transfer": "转件",
                                 "problem": "登记问题件"}

# R-01/§13: where an address falls in the area table (a transfer quote's ``area``).
AREA_KINDS: dict[str, str] = {"inside": "区内 (区域表有规则)", "ask": "信阳市内, 区域表无规则: 请确认",
                              "outside": "信阳市以外", "unknown": "地址无法识别"}

# SPEC §8: the monitoring items (R-24..R-33) and what a finding's reason code says.
MONITOR_ITEMS: dict[str, str] = {
    "R-24": "录单监控",
    "R-25": "到件a 本站已发-下站未到",
    "R-26": "到件b 已到未发",
    "R-27": "派件监控",
    "R-28": "签收a 淮滨代派",
    "R-29": "签收b 自派签收",
    "R-30": "签收c 未签收查询",
    "R-31": "网络订单",
    "R-32": "仲裁-被投诉",
    "R-33": "罚款查询",
}

FINDING_REASONS: dict[str, str] = {
    "not_entered": "已收未录单",
    "not_entered_fine": "超5天未录单(罚500元)",
    "not_arrived": "本站已发-下站未到",
    "not_dispatched": "已到未发,滞留中心",
    "listed_not_scanned": "在派件清单上,未做派件扫描",
    "scanned_not_listed": "有派件扫描,不在派件清单上",
    "not_rescanned": "昨日未派出,今日未再次扫描派件",
    "agent_unsigned": "代派超时未签收",
    "cash_to_collect": "到付/代收,核对派件员收款",
    "courier_unsigned": "派件员3天内未签收",
    "unsigned": "未签收",
    "asked_back": "网点要求退回,隔天仍未退件",
}

# a warehouse count's result per waybill.
COUNT_RESULTS: dict[str, str] = {"matched": "单货相符", "goods_only": "有货无单", "slips_only": "有单无货"}

# The counter (营业, §9): payment, the three 100 % (R-39), what a quote's codes mean
# and the R-39 item list's categories and verdicts.
PAYMENT_LABELS: dict[str, str] = {"prepaid": "寄付", "collect": "到付", "cod": "代收货款"}
INTAKE_CHECKS: dict[str, str] = {"real_name": "实名收寄", "inspected": "开箱验视", "security_scan": "过机安检"}
QUOTE_WORDS: dict[str, str] = {
    "over_100kg": "单件超100kg",
    "side_over_2_5m": "最长边超2.5m",
    "sum_over_3m": "三边之和超3m",
    "heavy_over_50kg": "超50kg:派费3.00元/kg,提醒客户",
    "outlet_lookup_needed": "查派送区域表:大头笔写 区-网点",
    "address_unrecognised": "地址认不出省市",
}
ITEM_CATEGORIES: dict[str, str] = {
    "dangerous": "易燃易爆腐蚀有毒放射",
    "narcotics": "毒品",
    "weapons_valuables": "武器、货币、古董、贵金属",
    "perishables": "易腐物品",
    "illegal_publications": "非法出版物",
    "animals_liquids_specimens": "活体、液体、标本",
    "listed_items": "香烟电池刀具指甲油花露水睫毛膏香水",
    "fragile": "易碎玻璃陶瓷灯具",
    "alcohol": "酒类 (不收寄)",
    "food": "食品 (每件≤20kg)",
    "cosmetics": "化妆品 (每件≤20kg)",
    "detergents": "洗涤用品 (每件≤20kg)",
    "everyday": "日常物品",
}
ITEM_VERDICTS: dict[str, str] = {"refuse": "禁寄 拒收", "limit_20kg": "限寄 每件≤20kg", "accept": "可收"}

YES, NO = "是", "否"


def _word(table: dict[str, str], code: str | None) -> str:
    # an unknown code is shown as it is rather than hidden: it is data a clerk must see
    return "" if code is None else table.get(code, code)


def status_word(code: str | None) -> str:
    """``open`` → 未结, ``closed`` → 已结."""
    return _word(TICKET_STATUS, code)


def closed_words(ticket) -> str:
    """A closed ticket's when, who and why in one line (SPEC §14.2): ``关闭 2026-12-02 10:15
    bob 原因: 退件``; any ticket with ``closed_at``, ``closed_by``, ``close_reason``."""
    at = (ticket.closed_at or "")[:16]
    return f"关闭 {at} {ticket.closed_by or ''} 原因: {ticket.close_reason or '—'}"


def type_label(code: str | None) -> str:
    """A problem type's Chinese label: ``agent_delay`` → 代派时效不保."""
    return _word(TICKET_TYPE_LABELS, code)


def carrier_name(code: str | None) -> str:
    """``sto`` → 申通."""
    return _word(CARRIER_NAMES, code)


def mode_name(code: str | None) -> str:
    """``original`` → 原单, ``rewaybill`` → 换单 (R-18)."""
    return _word(TRANSFER_MODES, code)


def area_kind(code: str | None) -> str:
    """A quote's area kind: ``inside`` → 区内 (区域表有规则)."""
    return _word(AREA_KINDS, code)


def yes_no(flag: object) -> str:
    return YES if flag else NO


def quote_word(code: str) -> str:
    """An intake quote's violation, warning or refusal code in the clerk's words
    (``side_over_2_5m`` → 最长边超2.5m, ``prohibited:listed_items`` → 禁寄:香烟电池刀具…)."""
    kind, _, cat = code.partition(":")
    if kind == "prohibited":
        return f"禁寄:{_word(ITEM_CATEGORIES, cat)}"
    if kind == "restricted_over_20kg":
        return f"限寄超20kg:{_word(ITEM_CATEGORIES, cat)}"
    return _word(QUOTE_WORDS, code)
