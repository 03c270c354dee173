"""`kefu imports` — placeholder until its owner fills it in."""

from kefu_tui.cli.context import Unusable


def register(sub, common):
    p = sub.add_parser("imports", parents=[common], help="(not yet built)")
    p.set_defaults(func=run)


def run(ctx, args) -> int:
    raise Unusable("'imports' is not built yet")
