"""Money as the branch writes it: integer fen (分) in the store and the rules, yuan (元) with
two decimals on screen, in the CLI and in exports (SPEC: never float)."""

from __future__ import annotations


def yuan(fen: int | None, blank: str | None = "") -> str | None:
    """Fen as yuan text with two decimals: ``1250`` → ``"12.50"``, ``-5`` → ``"-0.05"``;
    ``None`` (no amount) → ``blank``. The one formatter every desk, report and command uses."""
    if fen is None:
        return blank
    sign = "-" if fen < 0 else ""
    return f"{sign}{abs(fen) // 100}.{abs(fen) % 100:02d}"
