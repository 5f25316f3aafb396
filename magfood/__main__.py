"""``python -m magfood`` runs the command line."""

from magfood.cli.main import main

raise SystemExit(main())
