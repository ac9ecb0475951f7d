"""Load test of PjOpiMetier: N concurrent uploads of a SIZE-MiB PDF (inline base64),
then the server's peak resident memory (VmHWM) and the throughput.

    .venv/bin/python scripts/pj-load.py SERVER_PID [N=20] [SIZE_MIB=20] [URL]

The OPI M240001234 must exist (examples/push_opi.py). Each upload uses its own
document type (T01…T20), so all of them are stored.
"""
import base64
import concurrent.futures
import sys
import time

import requests

pid = int(sys.argv[1])
n = int(sys.argv[2]) if len(sys.argv) > 2 else 20
size = int(sys.argv[3]) if len(sys.argv) > 3 else 20
url = sys.argv[4] if len(sys.argv) > 4 else "http://127.0.0.1:8080/services/PjOpiMetier"


def status(field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])


doc = b"%PDF-1.4\n" + b"A" * (size * 1024 * 1024 - 1024)
b64 = base64.encodebytes(doc)  # 76-column lines, as MIME clients send


def body(i):
    return (
        '<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
        '<soapenv:Body><ns1:recupererPiecesJustificativesOPIWS xmlns:ns1="gouv.education.apogee.commun.servicesmetiers.PjOpiMetier">'
        f"<_codOpiIntEpo>M240001234</_codOpiIntEpo><_libNomPatIndOpi>LEFEVRE</_libNomPatIndOpi><_libPr1IndOpi>ELODIE</_libPr1IndOpi>"
        f"<_codTpj>T{i:02}</_codTpj><_nomFic>doc{i}.pdf</_nomFic><_pj>"
    ).encode() + b64 + b"</_pj></ns1:recupererPiecesJustificativesOPIWS></soapenv:Body></soapenv:Envelope>"


bodies = [body(i) for i in range(n)]
rss0 = status("VmRSS")
t0 = time.time()


def send(b):
    r = requests.post(url, data=b, headers={"Content-Type": "text/xml; charset=utf-8"})
    return r.status_code


with concurrent.futures.ThreadPoolExecutor(n) as ex:
    codes = list(ex.map(send, bodies))
dt = time.time() - t0
print(f"{n} × {size} MiB: statuses {sorted(set(codes))}, {dt:.2f} s, "
      f"{n * size / dt:.0f} MiB/s of documents; server RSS before {rss0 // 1024} MiB, "
      f"peak (VmHWM) {status('VmHWM') // 1024} MiB, after {status('VmRSS') // 1024} MiB")
