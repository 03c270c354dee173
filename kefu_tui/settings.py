"""The clerk's own settings (pydantic-settings): the post (岗位) chosen at first start, a
keymap (Binding id → keys) and the photos folder. Stored as JSON in
``config_dir()/settings.json`` (``KEFU_CONFIG_DIR`` overrides the folder)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Literal

from pydantic import PrivateAttr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from kefu_tui.config import config_dir as default_config_dir

Post = Literal["进港", "出港", "质控"]
POSTS: tuple[str, ...] = ("进港", "出港", "质控")
FILE_NAME = "settings.json"


class KefuSettings(BaseSettings):
    """What a clerk chose; the file wins over ``KEFU_POST``/``KEFU_KEYMAP``/``KEFU_PHOTOS_DIR``.
    Read by :func:`load_settings`, field by field: a bad value is replaced by its default
    and named in :attr:`warnings`, never a reason not to start."""

    model_config = SettingsConfigDict(env_prefix="KEFU_", extra="ignore")

    post: Post | None = None
    keymap: dict[str, str] = {}
    photos_dir: str | None = None
    _warnings: list[str] = PrivateAttr(default_factory=list)

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        # only what load_settings hands over: it reads the environment itself, one field at
        # a time, so that one bad variable costs that field, not the workstation
        return (init_settings,)

    @property
    def warnings(self) -> list[str]:
        """One line per value that was not understood and left at its default."""
        return self._warnings


def settings_path(folder: Path | None = None) -> Path:
    return Path(folder or default_config_dir()) / FILE_NAME


def load_settings(folder: Path | None = None, environ=None) -> KefuSettings:
    """The saved settings over the ``KEFU_*`` variables over the defaults. A missing file
    is the defaults; a broken file, or a variable or field that is not understood
    (``KEFU_POST=garbage``, a keymap that is not a JSON object of strings), gives that
    field's default and a one-line warning the workstation shows (issue 15 item 8: it
    stopped with 内部错误 ValidationError; a clerk's morning is not lost over a typo)."""
    environ = os.environ if environ is None else environ
    path = settings_path(folder)
    warnings: list[str] = []
    offered: dict[str, list[tuple[str, object]]] = {}  # field -> (where, raw), the first wins
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not a JSON object")
        for k, v in data.items():
            if k in KefuSettings.model_fields:
                offered.setdefault(k, []).append((f"{path} {k}", v))
    except FileNotFoundError:
        pass
    except (OSError, ValueError) as e:
        warnings.append(_warning(str(path), f"无法读取 ({type(e).__name__})"))
    for name in KefuSettings.model_fields:
        var = f"KEFU_{name.upper()}"
        if var in environ:
            raw = environ[var]
            if name == "keymap":
                try:
                    raw = json.loads(raw)
                except ValueError:
                    warnings.append(_warning(var, "不是 JSON (not JSON)"))
                    continue
            offered.setdefault(name, []).append((var, raw))
    values = {}
    for name, choices in offered.items():
        for where, raw in choices:
            try:
                KefuSettings(**{name: raw})
            except ValidationError as e:
                errors = e.errors()
                warnings.append(_warning(where, errors[0].get("msg", "") if errors else ""))
                continue
            values.setdefault(name, raw)
    settings = KefuSettings(**values)
    settings._warnings = warnings
    return settings


def _warning(where: str, why: str) -> str:
    return f"设置 {where} 无法识别, 已用默认值 ({why})".replace("\n", " ")


def save_settings(settings: KefuSettings, folder: Path | None = None) -> Path:
    """Write atomically (temp file + rename) so a lost link never leaves half a file."""
    path = settings_path(folder)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.write_text(json.dumps(settings.model_dump(), ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        if tmp.is_file():  # half written on a full disk: the old settings.json stays whole
            tmp.unlink(missing_ok=True)
        raise
    return path
