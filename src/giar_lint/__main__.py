from giar_lint.cli import main

raise SystemExit(main())
