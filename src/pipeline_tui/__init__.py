"""pipeline-tui: a local, keyboard-driven job-search tracker."""

__version__ = "0.1.0"
