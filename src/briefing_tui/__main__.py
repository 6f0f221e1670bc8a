"""`python -m briefing_tui` runs the same command line as `briefing-tui`."""

from briefing_tui.cli import main

raise SystemExit(main())
