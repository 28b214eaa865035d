"""UI tests share the root conftest's fixtures (make_app); helpers live in tui_helpers.py."""
