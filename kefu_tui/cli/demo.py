"""`kefu demo` — placeholder until its owner fills it in."""

from kefu_tui.cli.context import Unusable


def register(sub, common):
    p = sub.add_parser("demo", parents=[common], help="(not yet built)")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    raise Unusable("'demo' is not built yet")
