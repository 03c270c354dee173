"""The clerk's own settings (pydantic-settings): the post (岗位) chosen at first start, a
keymap (Binding id → keys) and the photos folder. Stored as JSON in
``config_dir()/settings.json`` (``KEFU_CONFIG_DIR`` overrides the folder)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kefu_tui.config import config_dir as default_config_dir

Post = Literal["进港", "出港", "质控"]
POSTS: tuple[str, ...] = ("进港", "出港", "质控")
FILE_NAME = "settings.json"


class KefuSettings(BaseSettings):
    """What a clerk chose; the file wins over ``KEFU_POST``/``KEFU_PHOTOS_DIR`` env vars."""

    model_config = SettingsConfigDict(env_prefix="KEFU_", extra="ignore")

    post: Post | None = None
    keymap: dict[str, str] = {}
    photos_dir: str | None = None


def settings_path(folder: Path | None = None) -> Path:
    return Path(folder or default_config_dir()) / FILE_NAME


def load_settings(folder: Path | None = None) -> KefuSettings:
    """The saved settings; a missing or unreadable file gives the defaults (the app must
    still open: a broken settings file is not a reason to lose the clerk's morning)."""
    path = settings_path(folder)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return KefuSettings(**data)
    except FileNotFoundError:
        return KefuSettings()
    except (OSError, ValueError, TypeError, ValidationError):
        return KefuSettings()


def save_settings(settings: KefuSettings, folder: Path | None = None) -> Path:
    """Write atomically (temp file + rename) so a lost link never leaves half a file."""
    path = settings_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(settings.model_dump(), ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)
    return path
