"""`python -m assistant` is the `chatbi` command."""

from assistant.cli import main

raise SystemExit(main())
