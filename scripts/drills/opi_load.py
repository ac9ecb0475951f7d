#!/usr/bin/env python3
"""Load + reconciliation client for the durability drills (docs/RELIABILITY.md).

Sends N OPI v10 requests (the reference request of ../shared/bench with a unique
codOpiIntEpo each) from C concurrent clients. Every request is retried until it
is acknowledged (HTTP 200) or faulted by a Client fault (4xx/500 Client: recorded
as refused, not retried); connection errors, 503 and Server faults are retried
after a short pause (the server may be down: kill -9, database stopped).
Writes one line per key to OUT: key, outcome (ok|refused), tries.

    opi_load.py URL N C PREFIX OUT [REQ]
"""
import concurrent.futures as cf
import sys
import time
import urllib.error
import urllib.request

url, n, c, prefix, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
req_path = sys.argv[6] if len(sys.argv) > 6 else "../shared/bench/opi-v10-request.xml"
template = open(req_path, encoding="utf-8").read()
assert "EC00123456" in template


def key(i):
    return f"{prefix}{i:0{10 - len(prefix)}d}"


def send(i):
    body = template.replace("EC00123456", key(i)).encode("utf-8")
    tries = 0
    deadline = time.time() + 300
    while time.time() < deadline:
        tries += 1
        r = urllib.request.Request(url, data=body, method="POST",
                                   headers={"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})
        try:
            with urllib.request.urlopen(r, timeout=30) as resp:
                resp.read()
                if resp.status == 200:
                    return key(i), "ok", tries
        except urllib.error.HTTPError as e:
            text = e.read().decode("utf-8", "replace")
            if e.code == 500 and "Client</faultcode>" in text or 400 <= e.code < 500 and e.code not in (408, 429):
                return key(i), "refused", tries
        except Exception:
            pass
        time.sleep(0.05)
    return key(i), "gave-up", tries


start = time.time()
with cf.ThreadPoolExecutor(max_workers=c) as pool, open(out, "w") as f:
    done = 0
    for k, outcome, tries in pool.map(send, range(n)):
        f.write(f"{k} {outcome} {tries}\n")
        done += 1
elapsed = time.time() - start
print(f"{n} requests, {c} clients, {elapsed:.1f} s", file=sys.stderr)
