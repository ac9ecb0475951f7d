#!/usr/bin/env python3
"""Uploads a supporting document to PjOpiMetier through zeep.

    zeep_pj.py WSDL KEY FILE [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
`PjOpiMetier_impl.wsdl`). KEY is the `codOpiIntEpo` of an OPI already pushed
(names LEFÈVRE / ÉLODIE); FILE the document to upload (a PDF). ADDRESS, when
given, replaces the endpoint written in the WSDL.

The calls, in this order:

* `upload`: recupererPiecesJustificativesOPIWS for KEY, type CNI, the file
  name « carte identité.pdf », `_pj` the bytes of FILE (zeep base64-encodes
  xsd:base64Binary itself), the names written « lefevre » / « Elodie »
  (other case, no accents: the service compares them folded);
* `again`: the very same call (nothing to write);
* `wrong_name`: the same with the name « DUPONT »: the SOAP fault.

Prints one JSON object on stdout (UTF-8):

    {"client": "zeep", "address": ..., "results": {...}, "requests": {call: xml}}

Any unexpected error goes to stderr with a non-zero exit status. Used by
tests/interop_pj.rs; run scripts/install-test-clients.sh first.
"""

import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin

OP = "recupererPiecesJustificativesOPIWS"


def main(argv):
    if len(argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    wsdl, key, path = argv[1], argv[2], argv[3]
    override = argv[4] if len(argv) == 5 else None
    with open(path, "rb") as f:
        content = f.read()

    history = HistoryPlugin(maxlen=64)
    client = Client(wsdl, plugins=[history])
    services = list(client.wsdl.services.values())
    if len(services) != 1 or len(services[0].ports) != 1:
        raise SystemExit(f"expected one service with one port, got {services!r}")
    port = next(iter(services[0].ports.values()))
    if override:
        service = client.create_service(port.binding.name, override)
        address = override
    else:
        service = client.service
        address = port.binding_options["address"]
    namespace = port.binding.get(OP).input.body.qname.namespace

    results, requests = {}, {}

    def record(name):
        requests[name] = etree.tostring(history.last_sent["envelope"], encoding="unicode")

    def args(nom):
        return dict(
            _codOpiIntEpo=key,
            _libNomPatIndOpi=nom,
            _libPr1IndOpi="Elodie",
            _codTpj="CNI",
            _nomFic="carte identité.pdf",
            _pj=content,
        )

    for name in ("upload", "again"):
        value = getattr(service, OP)(**args("lefevre"))
        record(name)
        results[name] = json.loads(json.dumps(serialize_object(value, dict)))

    try:
        value = getattr(service, OP)(**args("DUPONT"))
        results["wrong_name"] = None
        results["wrong_name_unexpected_result"] = json.loads(
            json.dumps(serialize_object(value, dict))
        )
    except Fault as f:
        record("wrong_name")
        results["wrong_name"] = f.message
        results["wrong_name_code"] = f.code
        detail = None
        if f.detail is not None and len(f.detail):
            # Deserialised with the WSDL's own element named by the detail's child.
            element = client.get_element(f.detail[0].tag)
            parsed = element.parse(f.detail[0], client.wsdl.types)
            detail = getattr(parsed, "lastErrorMsg", None)
        results["wrong_name_detail"] = detail

    out = {
        "client": "zeep",
        "address": address,
        "namespace": namespace,
        "sent_bytes": len(content),
        "results": results,
        "requests": requests,
    }
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
