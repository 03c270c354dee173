from kefu_tui.cli import main

raise SystemExit(main())
