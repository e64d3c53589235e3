"""Numbered schema migrations; see db/migrate.py."""
