"""``python -m magfood`` runs the command line."""

from magfood.cli import main

raise SystemExit(main())
