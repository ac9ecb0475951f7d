#!/usr/bin/env python3
"""Drives GeographieMetier through zeep, an independent SOAP client.

    zeep_client.py WSDL [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original WSDL, whose
relative imports zeep resolves from disk). ADDRESS, when given, replaces the
endpoint written in the WSDL. Prints one JSON object on stdout (UTF-8):

    {"client": "zeep", "address": ..., "results": {...}, "requests": {op: xml}}

`results` holds what the calls returned, as zeep deserialised it with the
WSDL's types; `requests` the envelope zeep sent for each call. Any unexpected
error (WSDL refused, call failed) goes to stderr with a non-zero exit status.

Used by tests/interop.rs; run scripts/install-test-clients.sh first.
"""

import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin

SERVICE_NS = "gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016"


def plain(value):
    """zeep objects → JSON-ready dicts and lists (schema order kept)."""
    return json.loads(json.dumps(serialize_object(value, dict)))


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    wsdl = argv[1]
    override = argv[2] if len(argv) == 3 else None

    history = HistoryPlugin(maxlen=64)
    client = Client(wsdl, plugins=[history])

    # The one port the WSDL describes; its binding serves the override.
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

    results = {}
    requests = {}

    def call(key, op, *args):
        value = getattr(service, op)(*args)
        requests[key] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
        results[key] = plain(value)
        return value

    # zeep's strict mode refuses None for a non-nillable parameter: "" is
    # "not given", which the service reads as "all".
    call("pays_all", "recupererPays", "", "O")
    pays_100 = call("pays_100_list", "recupererPays", "100", "O")
    results["pays_100"] = plain(pays_100[0]) if len(pays_100) == 1 else None
    call("departement", "recupererDepartement", "057", "O")
    call("commune", "recupererCommune_v2", "57600", "O", "O", "O")
    call("commune_v1", "recupererCommune", "94240", "O", "O")

    try:
        value = service.recupererPays("999", "O")
        results["fault"] = None
        results["fault_unexpected_result"] = plain(value)
    except Fault as f:
        requests["fault"] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
        results["fault"] = f.message
        results["fault_code"] = f.code
        detail = {}
        if f.detail is not None and len(f.detail):
            # Deserialise the detail with the WSDL's own `fault` element, as a
            # generated client would.
            element = client.get_element(f"{{{SERVICE_NS}}}fault")
            detail = plain(element.parse(f.detail[0], client.wsdl.types))
        results["fault_detail"] = detail
        results["fault_detail_lastErrorMsg"] = detail.get("lastErrorMsg")

    out = {"client": "zeep", "address": address, "results": results, "requests": requests}
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
