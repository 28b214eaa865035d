"""The UI in a browser: `pipeline serve` runs one `pipeline tui` process per browser tab.

`access.py` holds the rules (token, cookie, Host and Origin checks) as plain functions;
`server.py` is the aiohttp server that applies them and relays each tab to its UI process. No
module here imports Textual: the UI runs in the child processes.
"""
