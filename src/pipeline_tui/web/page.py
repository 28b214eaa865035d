"""The page a browser opens: textual-serve's terminal client, with nothing fetched elsewhere.

Every URL in it is relative, and the script builds the websocket's URL from the address in
the browser's location bar, so the page works whatever name or address the browser used (an
IP on the network, a host name, an SSH tunnel's port, a proxy's https and path).
"""

from __future__ import annotations

import base64
import hashlib

# Runs before textual.js's window.onload, which reads the websocket URL from the element.
_SCRIPT = """
(function () {
  var url = new URL("ws", window.location.href);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.search = "";
  url.hash = "";
  document.getElementById("terminal").dataset.sessionWebsocketUrl = url.href;
  document.querySelectorAll("[data-restart]").forEach(function (button) {
    button.addEventListener("click", function () { window.location.reload(); });
  });
})();
"""

_STYLE = """
@font-face { font-family: "Roboto Mono"; font-style: normal; font-weight: 100 700;
  src: url("static/fonts/RobotoMono-VariableFont_wght.ttf") format("truetype"); }
@font-face { font-family: "Roboto Mono"; font-style: italic; font-weight: 100 700;
  src: url("static/fonts/RobotoMono-Italic-VariableFont_wght.ttf") format("truetype"); }
body { background: #0c181f; margin: 0; }
.dialog-container { position: absolute; width: 100vw; height: 100vh; display: flex;
  align-items: center; justify-content: center; z-index: 10; }
.intro { font: 16px "Roboto Mono", Menlo, monospace; color: rgba(255, 255, 255, 0.95);
  background: #12232d; padding: 32px 48px; text-align: center; z-index: 20; }
body.-first-byte .intro-dialog { display: none; }
body .textual-terminal { opacity: 0; transition: opacity 0.3s ease-out; }
body.-first-byte .textual-terminal { opacity: 1; }
.closed-dialog { display: none; }
body.-closed .closed-dialog { display: flex; }
button { padding: 12px 28px; margin: 16px auto 0; display: block; border: none;
  background: #5e0ba7; color: rgba(255, 255, 255, 0.95); font: inherit; cursor: pointer; }
button:hover { background: #ac5af4; }
"""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode()

# textual.js inserts its own <style> elements, hence 'unsafe-inline' for styles only.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"script-src 'self' 'sha256-{_SCRIPT_HASH}'; "
    "style-src 'self' 'unsafe-inline'; "
    "font-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)

DEFAULT_FONT_SIZE = 16


def font_size(text: str | None) -> int:
    """Read the page's ?fontsize= (as textual-serve does), kept between 6 and 48 pixels."""
    try:
        size = int(text) if text else DEFAULT_FONT_SIZE
    except ValueError:
        size = DEFAULT_FONT_SIZE
    return min(max(size, 6), 48)


def page(size: int = DEFAULT_FONT_SIZE) -> str:
    """Return the HTML of the page that opens one UI session."""
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        "<meta name='referrer' content='no-referrer'>\n"
        "<title>pipeline</title>\n"
        "<link rel='icon' href='data:,'>\n"
        "<link rel='stylesheet' href='static/css/xterm.css'>\n"
        "<script src='static/js/textual.js'></script>\n"
        f"<style>{_STYLE}</style>\n</head>\n<body>\n"
        "<div class='dialog-container intro-dialog'><div class='intro'>pipeline</div></div>\n"
        "<div class='dialog-container closed-dialog'><div class='intro'>"
        "<div class='message'>Session ended.</div>"
        "<button type='button' data-restart>Restart</button></div></div>\n"
        f"<div id='terminal' class='textual-terminal' data-font-size='{int(size)}'></div>\n"
        f"<script>{_SCRIPT}</script>\n</body>\n</html>\n"
    )
