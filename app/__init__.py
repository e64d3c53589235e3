"""Domain and services: no Tk, no peewee types in the public API."""
