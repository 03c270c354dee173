"""THE benchmark command: ``python bench/run.py [--quick]``.

Imports every ``bench/bench_*.py``, calls its ``run()`` (with ``quick=True`` when it takes
that argument), prints one table (figure, value, unit, floor, ratio, target, result) and
writes the same as markdown to ``bench/out/latest.md``. A module that fails prints its
error; the others still run. Exit status 1 when a figure failed or a module broke."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from common import markdown, passed, print_table  # noqa: E402


_CHILD = """
import inspect, json, sys
sys.path[:0] = [{here!r}, {root!r}]
import importlib.util
spec = importlib.util.spec_from_file_location({stem!r}, {path!r})
mod = importlib.util.module_from_spec(spec); spec.loader.exec_module(mod)
fn = mod.run
got = fn(quick={quick!r}) if "quick" in inspect.signature(fn).parameters else fn()
sys.stdout.write("\\n@@FIGURES@@" + json.dumps(got, default=str))
"""


def run_module(path: Path, quick: bool) -> list[dict]:
    """One module in a process of its own: a module's leftovers (big heaps, open files,
    caches) must not slow the next one's figures."""
    code = _CHILD.format(here=str(HERE), root=str(HERE.parent), stem=path.stem, path=str(path), quick=quick)
    proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    out = proc.stdout
    if proc.returncode != 0 or "@@FIGURES@@" not in out:
        raise RuntimeError(f"exit {proc.returncode}")
    sys.stderr.write(out.split("@@FIGURES@@")[0])
    return json.loads(out.split("@@FIGURES@@", 1)[1])


def run_all(quick: bool = False, only: list[str] | None = None) -> tuple[list[dict], list[str]]:
    figures, errors = [], []
    for path in sorted(HERE.glob("bench_*.py")):
        if only and not any(o in path.stem for o in only):
            continue
        t0 = time.perf_counter()
        print(f"… {path.stem}", file=sys.stderr, flush=True)
        try:
            got = run_module(path, quick)
            for f in got:
                f.setdefault("module", path.stem)
            figures.extend(got)
        except Exception as e:  # one broken module must not hide the others' figures
            traceback.print_exc()
            errors.append(f"{path.stem}: {type(e).__name__}: {e}")
            figures.append({"name": f"{path.stem} (failed)", "value": 0, "unit": "", "error": str(e)})
        print(f"  {path.stem} took {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    return figures, errors


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes where a module supports it")
    p.add_argument("only", nargs="*", help="run only modules whose name contains one of these")
    args = p.parse_args(argv)
    figures, errors = run_all(args.quick, args.only)
    print_table(figures)
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d %H:%M:%S")
    text = f"# Benchmarks ({stamp}{', --quick' if args.quick else ''})\n\n" + markdown(figures)
    if errors:
        text += "\n## Errors\n\n" + "\n".join(f"- {e}" for e in errors) + "\n"
    (out / "latest.md").write_text(text, encoding="utf-8")
    for e in errors:
        print(f"error: {e}", file=sys.stderr)
    failed = errors or [f for f in figures if passed(f) is False]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
