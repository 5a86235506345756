#!/usr/bin/env python3
"""Screenshots of Hawtio connected to the box's Jolokia, through headless Chromium's DevTools protocol.

Hawtio keeps its remote connections in the browser's localStorage; a fresh headless profile has none, so this stores
one (as Hawtio's Connect page would), then opens Hawtio pages with ?con=NAME and saves each as a PNG.

usage: cdp_screenshot.py DEVTOOLS_PORT HAWTIO_URL JOLOKIA_PORT OUT_DIR
Only the standard library: a minimal WebSocket client (RFC 6455, text frames) is enough for the protocol.
"""
import base64
import json
import os
import socket
import struct
import sys
import time
import urllib.request
from urllib.parse import urlparse

CONNECTION = "dual-modem-telemetry"


class DevTools:
    def __init__(self, ws_url):
        u = urlparse(ws_url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            answer += self.sock.recv(1)
        if b" 101 " not in answer.split(b"\r\n")[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + answer.decode(errors="replace"))
        self.next_id = 0

    def _send(self, text):
        data = text.encode()
        mask = os.urandom(4)
        header = bytes([0x81])
        if len(data) < 126:
            header += bytes([0x80 | len(data)])
        elif len(data) < 65536:
            header += bytes([0x80 | 126]) + struct.pack(">H", len(data))
        else:
            header += bytes([0x80 | 127]) + struct.pack(">Q", len(data))
        self.sock.sendall(header + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def _read(self, n):
        buf = b""
        while len(buf) < n:
            chunk = self.sock.recv(n - len(buf))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            buf += chunk
        return buf

    def _receive(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            length = b1 & 0x7F
            if length == 126:
                length = struct.unpack(">H", self._read(2))[0]
            elif length == 127:
                length = struct.unpack(">Q", self._read(8))[0]
            message += self._read(length)
            if b0 & 0x80:  # FIN
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = self._receive()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def evaluate(self, expression):
        return self.call("Runtime.evaluate", expression=expression, returnByValue=True).get("result", {}).get("value")

    def wait_for(self, expression, seconds):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.evaluate(expression):
                return True
            time.sleep(0.5)
        return False

    def screenshot(self, path):
        png = base64.b64decode(self.call("Page.captureScreenshot", format="png")["data"])
        with open(path, "wb") as f:
            f.write(png)
        print(f"wrote {path} ({len(png)} bytes)")


def main():
    devtools_port, hawtio, jolokia_port, out = sys.argv[1], sys.argv[2].rstrip("/"), int(sys.argv[3]), sys.argv[4]
    targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{devtools_port}/json/list", timeout=30))
    page = next(t for t in targets if t["type"] == "page")
    cdp = DevTools(page["webSocketDebuggerUrl"])
    cdp.call("Page.enable")
    cdp.call("Emulation.setDeviceMetricsOverride", width=1400, height=860, deviceScaleFactor=1, mobile=False)

    cdp.call("Page.navigate", url=hawtio + "/")
    cdp.wait_for("document.readyState === 'complete'", 30)
    connection = {"id": CONNECTION, "name": CONNECTION, "scheme": "http", "host": "localhost", "port": jolokia_port,
                  "path": "/jolokia"}
    cdp.evaluate(f"localStorage.setItem('connect.connections', JSON.stringify({json.dumps({CONNECTION: connection})}))")

    click = ("(() => { const n = [...document.querySelectorAll('button, span, td, a')]"
             ".find(e => e.innerText && e.innerText.trim() === %s); if (n) { n.click(); return true } return false })()")

    # the Camel routes of the product, with their statistics
    cdp.call("Page.navigate", url=f"{hawtio}/camel/routes?con={CONNECTION}")
    if not (cdp.wait_for("document.body.innerText.includes('upload-readings')", 60)
            and cdp.wait_for(click % "'routes'", 20)
            and cdp.wait_for("document.body.innerText.includes('Completed')", 30)):
        fail(cdp, out, "Hawtio shows no table of the product's routes")
    time.sleep(3)
    cdp.screenshot(os.path.join(out, "hawtio.png"))

    # the product's own MBeans in the JMX tree: io.dualmodem, Modems
    cdp.call("Page.navigate", url=f"{hawtio}/jmx/attributes?con={CONNECTION}")
    if not (cdp.wait_for(click % "'io.dualmodem'", 60) and cdp.wait_for(click % "'Modems'", 20)
            and cdp.wait_for("document.body.innerText.includes('SwitchHistory')", 30)):
        fail(cdp, out, "Hawtio shows no attributes of io.dualmodem:type=Modems")
    time.sleep(2)
    cdp.screenshot(os.path.join(out, "hawtio-mbeans.png"))


def fail(cdp, out, what):
    print(what + "; the page says: " + str(cdp.evaluate("document.body.innerText"))[:1500], file=sys.stderr)
    cdp.screenshot(os.path.join(out, "hawtio-failed.png"))
    sys.exit(1)


if __name__ == "__main__":
    main()
