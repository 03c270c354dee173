"""Personal data (个人信息): receivers' phones are shown masked everywhere (SPEC §14.1, issue 9).

One function decides what a masked phone looks like, for lists, tracking, exports and JSON
alike; revealing one is a deliberate act elsewhere (a key, ``--reveal``) with its audit entry."""

from __future__ import annotations


def mask_phone(phone: str | None) -> str | None:
    """``13812345678`` → ``138****5678``: the first 3 and last 4 digits kept, every other
    digit a ``*`` (a landline ``0376-6221234`` → ``037*-***1234``). Seven digits or fewer
    keep only the last 4. Empty stays empty."""
    if not phone:
        return phone
    if len(phone) == 11 and phone.isascii() and phone.isdigit():  # a mobile: most phones, F12 speed
        return f"{phone[:3]}****{phone[7:]}"
    digits = [i for i, ch in enumerate(phone) if ch.isdigit()]
    n = len(digits)
    keep = set(digits[-4:]) | (set(digits[:3]) if n > 7 else set())
    return "".join("*" if (ch.isdigit() and i not in keep) else ch for i, ch in enumerate(phone))

