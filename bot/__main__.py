"""`python -m bot ...` is `angrycall ...`."""

from bot.cli import main

raise SystemExit(main())
