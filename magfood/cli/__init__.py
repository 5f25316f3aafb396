"""The ``magfood`` command line (``magfood.cli.main:main``); it uses only ``magfood``'s API."""
