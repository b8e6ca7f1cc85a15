"""``python -m bot`` is the ``runback`` command."""

from bot.cli import main

raise SystemExit(main())
