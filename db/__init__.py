"""Storage: peewee models, connection (SQLite default / PostgreSQL by URL), migrations."""
