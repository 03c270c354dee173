"""Counter intake (收件): chargeable weight, limits, COD fee, prohibited items, label text
and the destination header (R-35 – R-40)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from pydantic import BaseModel, model_serializer

from kefu_tui.domain.address import read_address
from kefu_tui.domain.areas import AreaRule, classify_place
from kefu_tui.domain.header import destination_header
from kefu_tui.domain.money import yuan  # noqa: F401  (callers use intake.yuan)

CENT = Decimal("0.01")
VOLUMETRIC_DIVISOR = Decimal(7000)
MAX_KG = Decimal(100)
HEAVY_KG = Decimal(50)
HEAVY_FEE_PER_KG = Decimal("3.00")
MAX_SIDE_CM = Decimal(250)
MAX_SUM_CM = Decimal(300)
COD_RATE = Decimal("0.01")
COD_MIN_FEN = 1000
RESTRICTED_MAX_KG = Decimal(20)
UNSURE_LABEL = "请勿直接收费转单,联系寄件站处理"
SERVICES = ("normal", "multi", "cod", "collect", "warehouse")

# the seed's prohibited categories (禁寄), by the words a clerk or a sender writes.
PROHIBITED: dict[str, tuple[str, ...]] = {
    "dangerous": ("炸药", "爆炸", "烟花", "鞭炮", "雷管", "易燃", "汽油", "柴油", "酒精", "打火机", "火柴",
                  "油漆", "腐蚀", "硫酸", "盐酸", "农药", "有毒", "剧毒", "放射", "氧气瓶", "煤气罐"),
    "narcotics": ("毒品", "大麻", "鸦片", "冰毒", "海洛因", "吗啡"),
    "weapons_valuables": ("枪支", "仿真枪", "子弹", "弹药", "管制刀具", "弓弩", "现金", "人民币", "货币", "外币",
                          "古董", "文物", "黄金", "白银", "金条", "贵金属"),
    "perishables": ("生鲜", "鲜肉", "活鱼", "海鲜", "水果", "鲜花", "冰鲜", "易腐"),
    "illegal_publications": ("非法出版物", "反动", "淫秽", "盗版"),
    "animals_liquids_specimens": ("活体", "活物", "宠物", "动物", "液体", "标本", "血液", "尸体"),
    "listed_items": ("香烟", "烟草", "卷烟", "电池", "充电宝", "刀", "指甲油", "花露水", "睫毛膏",
                     "香水"),
    "fragile": ("玻璃", "陶瓷", "瓷器", "灯具", "灯管", "灯泡"),
    "alcohol": ("白酒", "啤酒", "红酒", "葡萄酒", "黄酒", "酒"),
}
# carried, but at most 20 kg a piece.
RESTRICTED: dict[str, tuple[str, ...]] = {
    "food": ("食品", "零食", "茶叶", "特产", "糕点", "干货"),
    "cosmetics": ("化妆品", "护肤品", "面霜", "口红"),
    "detergents": ("洗涤剂", "洗衣液", "洗衣粉", "洗洁精", "洗发水", "沐浴露"),
}


class IntakeQuote(BaseModel):
    """What R-35 – R-40 say for one parcel at the counter (SPEC §14 keys first)."""

    chargeable_kg: float
    volumetric_kg: float
    ok: bool
    violations: list[str]
    warnings: list[str]
    header: str | None
    cod_fee: str
    header_reason: str | None = None  # why there is no header (R-38, SPEC §14.2), in Chinese
    refusals: list[str] = []
    label_note: str | None = None
    heavy_fee_per_kg: str | None = None

    @model_serializer(mode="wrap")
    def _reason_only_when_no_header(self, handler):
        doc = handler(self)
        if doc.get("header_reason") is None:
            doc.pop("header_reason", None)
        return doc


MAX_INPUT = Decimal(10**9)  # issue 8: beyond any parcel's kg, cm or yuan


def to_decimal(text: str | float | int | Decimal, what: str = "number") -> Decimal:
    """A non-negative finite decimal, or ValueError naming ``what``."""
    try:
        d = Decimal(str(text).strip())
    except (InvalidOperation, ValueError):
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not d.is_finite() or d < 0:
        raise ValueError(f"{what} {text!r} must be a number ≥ 0")
    if d > MAX_INPUT:  # 1e999 is finite for Decimal, and then fails every quantize
        raise ValueError(f"{what} {text!r} is too large (at most {MAX_INPUT})")
    return d


def parse_dims(text: str) -> tuple[Decimal, Decimal, Decimal]:
    """``LxWxH`` in centimetres (x, X, ×, * or , between), e.g. ``40x30x20``."""
    parts = re.split(r"\s*[xX×*,]\s*", (text or "").strip())
    if len(parts) != 3:
        raise ValueError(f"dims {text!r} is not LxWxH in cm")
    dims = tuple(to_decimal(p, "dims") for p in parts)
    if any(d == 0 for d in dims):
        raise ValueError(f"dims {text!r}: every side must be > 0")
    return dims  # type: ignore[return-value]


def volumetric_kg(dims: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    """R-35: L×W×H (cm) / 7000, two decimals."""
    l, w, h = dims
    return (l * w * h / VOLUMETRIC_DIVISOR).quantize(CENT, ROUND_HALF_UP)


def chargeable_kg(weight_kg: Decimal, dims: tuple[Decimal, Decimal, Decimal]) -> Decimal:
    """R-35: the greater of the actual and the volumetric weight, two decimals."""
    return max(weight_kg.quantize(CENT, ROUND_HALF_UP), volumetric_kg(dims))


def limit_violations(weight_kg: Decimal, dims: tuple[Decimal, Decimal, Decimal]) -> list[str]:
    """R-36: one piece ≤ 100 kg, longest side ≤ 2.5 m, three sides ≤ 3 m (bounds allowed)."""
    out = []
    if weight_kg > MAX_KG:
        out.append("over_100kg")
    if max(dims) > MAX_SIDE_CM:
        out.append("side_over_2_5m")
    if sum(dims) > MAX_SUM_CM:
        out.append("sum_over_3m")
    return out


def heavy(weight_kg: Decimal) -> bool:
    """R-36: over 50 kg a piece → delivery fee 3.00 per kg (warn the clerk)."""
    return weight_kg > HEAVY_KG


def cod_fee_fen(amount: Decimal | None) -> int:
    """R-37: 1 % of the COD amount, at least 10.00 per waybill, in fen (half up)."""
    if amount is None or amount <= 0:
        return 0
    fen = int((amount * COD_RATE * 100).quantize(Decimal(1), ROUND_HALF_UP))
    return max(fen, COD_MIN_FEN)


def item_refusals(contents: str | None, weight_kg: Decimal) -> list[str]:
    """R-39: refusal reasons for what the sender declares: ``prohibited:<category>`` or
    ``restricted_over_20kg:<category>`` (food, cosmetics, detergents, at most 20 kg)."""
    text = contents or ""
    out = [f"prohibited:{cat}" for cat, words in PROHIBITED.items() if any(w in text for w in words)]
    if weight_kg > RESTRICTED_MAX_KG:
        out += [f"restricted_over_20kg:{cat}" for cat, words in RESTRICTED.items()
                if any(w in text for w in words)]
    return out


def label_note(reach_unsure: bool) -> str | None:
    """R-40: a parcel whose reachability is unsure carries 请勿直接收费转单,联系寄件站处理."""
    return UNSURE_LABEL if reach_unsure else None


def quote_intake(weight_kg: Decimal, dims: tuple[Decimal, Decimal, Decimal], to: str,
                 cod: Decimal | None = None, service: str = "normal", contents: str | None = None,
                 areas: list[AreaRule] | None = None) -> IntakeQuote:
    """R-35 – R-40 for one parcel. Reach is unsure (R-40) when the destination is in
    信阳市 and the area table sends it to 'ask' or to a transfer."""
    from kefu_tui.domain.areas import DEFAULT_AREAS

    areas = DEFAULT_AREAS if areas is None else areas
    vol = volumetric_kg(dims)
    charge = chargeable_kg(weight_kg, dims)
    violations = limit_violations(weight_kg, dims)
    place = read_address(to)  # one reading for the header and the zone
    hdr = destination_header(place, service, areas)
    warnings = (["heavy_over_50kg"] if heavy(weight_kg) else []) + hdr.warnings
    verdict = classify_place(place, areas)
    refusals = item_refusals(contents, weight_kg)
    return IntakeQuote(
        chargeable_kg=float(charge), volumetric_kg=float(vol),
        ok=not violations and not refusals, violations=violations, warnings=warnings,
        header=hdr.text, header_reason=hdr.reason, cod_fee=yuan(cod_fee_fen(cod)), refusals=refusals,
        label_note=label_note(verdict.kind == "ask" or verdict.overzone),
        heavy_fee_per_kg=str(HEAVY_FEE_PER_KG) if heavy(weight_kg) else None,
    )
