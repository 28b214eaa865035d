"""Textual front end."""
