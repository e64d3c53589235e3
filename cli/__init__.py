"""Command-line interface: the same services as the desktop app.

Every module here that defines `add_commands(subparsers)` is picked up by main.py.
A handler takes the parsed args and returns an exit code (or None for 0)."""
