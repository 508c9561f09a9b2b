"""`python -m bot ...` is `angrycall ...`."""

from bot.start import main

raise SystemExit(main())
