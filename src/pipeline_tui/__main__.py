"""Entry point for ``python -m pipeline_tui``."""

from pipeline_tui.cli import main

if __name__ == "__main__":
    main()
