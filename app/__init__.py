"""Domain and services: no Tk, no peewee types in the public API."""

__version__ = "0.1.0"    # the one place; installer/build.py --version defaults to the same
