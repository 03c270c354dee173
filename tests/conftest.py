"""Shared fixtures: a real SQLite file per test, the branch clock, the sample files."""

from __future__ import annotations

from pathlib import Path

import arrow
import pytest

from kefu_tui.domain import clock

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "samples"  # a copy of shared/samples, so tests run anywhere


def pytest_collection_modifyitems(items) -> None:
    """The end-to-end tests share a tmux server and sshd set-up: one worker runs them all."""
    for item in items:
        if item.get_closest_marker("e2e") or "tests/e2e/" in item.nodeid:
            item.add_marker(pytest.mark.xdist_group("e2e"))


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "kefu.db"


@pytest.fixture
def store(db_path: Path):
    from kefu_tui.store import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def now() -> arrow.Arrow:
    """A fixed branch clock: Tuesday 24 Nov 2026, 09:30 Shanghai."""
    return clock.parse_iso("2026-11-24T09:30:00+08:00")


@pytest.fixture
def samples() -> Path:
    return SAMPLES


def _keep_snapshots_in_tests_folder() -> None:
    """Every screen's SVG lives in tests/__snapshots__/<test module>/ (one place to look),
    not beside each test module as syrupy would put it."""
    import pytest_textual_snapshot

    folder = Path(__file__).parent / "__snapshots__"

    def dirname(cls, *, test_location) -> str:
        return str(folder / test_location.basename)

    pytest_textual_snapshot.SVGImageExtension.dirname = classmethod(dirname)


_keep_snapshots_in_tests_folder()
