"""User folders (XDG through platformdirs) and the settings file (pydantic-settings)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "kefu"


def data_dir() -> Path:
    return Path(os.environ.get("KEFU_DATA_DIR") or platformdirs.user_data_dir(APP))


def config_dir() -> Path:
    return Path(os.environ.get("KEFU_CONFIG_DIR") or platformdirs.user_config_dir(APP))
