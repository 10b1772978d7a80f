"""Hallmark: run a professional certification program end to end."""

__version__ = "0.1.0"
