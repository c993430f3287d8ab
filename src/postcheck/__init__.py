"""postcheck: a pre-publication compliance linter for Markdown posts."""

__version__ = "0.1.0"
