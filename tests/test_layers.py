"""Import hygiene (ARCHITECTURE): the domain is pure; the store never knows the UI."""

import subprocess
import sys

import pytest

PROBE = """
import sys
import {modules}
bad = sorted(m for m in sys.modules if m.split('.')[0] in {forbidden!r})
print(','.join(bad))
"""


def _loaded(modules: str, forbidden: set[str]) -> str:
    out = subprocess.run(
        [sys.executable, "-c", PROBE.format(modules=modules, forbidden=forbidden)],
        capture_output=True, text=True, check=True,
    )
    return out.stdout.strip()


def test_domain_imports_neither_textual_nor_sqlite():
    import pkgutil, kefu_tui.domain as d
    mods = ", ".join(f"kefu_tui.domain.{m.name}" for m in pkgutil.iter_modules(d.__path__))
    assert _loaded(mods, {"textual", "sqlite3", "sqlite_utils"}) == ""


@pytest.mark.parametrize("pkg", ["store", "services", "importers"])
def test_store_services_importers_do_not_import_textual(pkg):
    import importlib, pkgutil
    p = importlib.import_module(f"kefu_tui.{pkg}")
    mods = ", ".join([f"kefu_tui.{pkg}"] + [f"kefu_tui.{pkg}.{m.name}" for m in pkgutil.iter_modules(p.__path__)])
    assert _loaded(mods, {"textual"}) == ""


def test_the_probe_can_fail():
    # the hygiene check above must be able to see a forbidden import
    assert _loaded("textual", {"textual"}) != ""


def test_import_linter_contracts_hold():
    """The layering written as import-linter contracts in pyproject.toml (docs/architecture.md):
    domain imports nothing of ours; store only the domain; services only store, importers and
    domain; app, screens and widgets only services and domain; cli only services and domain;
    no import cycle inside store, domain or services."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    lint = Path(sys.executable).with_name("lint-imports")
    out = subprocess.run([str(lint), "--no-cache"], cwd=root, capture_output=True, text=True)
    assert out.returncode == 0, out.stdout[-4000:] + out.stderr[-2000:]
    assert "0 broken" in out.stdout
