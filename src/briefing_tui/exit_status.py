"""The exit statuses of the command line and the app, in one place."""

#: Done as asked.
EXIT_OK = 0
#: `validate` found problems in a briefing.
EXIT_INVALID = 1
#: The user chose to quit with changes that could not be saved.
EXIT_UNSAVED = 1
#: The command could not be done: wrong arguments, no terminal, or a briefing with problems
#: (also when the app finds them, in a large file checked while its first part is shown).
EXIT_USAGE = 2
