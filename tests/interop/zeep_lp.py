#!/usr/bin/env python3
"""Creates laissez-passer through zeep (LaissezPasserMetier).

    zeep_lp.py WSDL KEY ETU6 BATCH [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
`LaissezPasserMetier_Impl.wsdl`). KEY is the `codOpiIntEpo` of an OPI already
pushed; ETU6 six digits, the start of the student numbers used (ETU6 + 01…04).
BATCH is `yes` to call `mettreAJourLaissezPasserLot` too (our WSDL only: AMUE's
has no batch operation), `no` otherwise. ADDRESS, when given, replaces the
endpoint written in the WSDL.

Every parameter these operations declare is a mandatory xsd:string and zeep
refuses None for them: a parameter not given is sent as "" (what real zeep
scripts do). The calls, in this order:

* `v1`: mettreAJourLaissezPasserWS, IAPRIMO for KEY on L1INF/101 with the
  diploma LINF/101 and an accented comment; `_codEtu`, `_codRgi`, `_codStu`
  not given;
* `v2`: mettreAJourLaissezPasserWS_V2, REINS for ETU6+01 on L2INF/101 with
  `codCatOuiSi` A; `numOPI`, `codDip`, `codVrsVdi`, `codRgi`, `codStu`,
  `mtfCat`, `codCatExoExt` not given;
* `v2_update`: the same with another comment (an update, not a second row);
* `fault`: V2 IAPRIMO without `numOPI`: the SOAP fault;
* `lot` (BATCH=yes): three items, ETU6+02 and ETU6+03 valid, ETU6+04 with
  `codAnu` 24, each valid one committed; the per-item results.

Prints one JSON object on stdout (UTF-8):

    {"client": "zeep", "address": ..., "results": {...}, "requests": {call: xml}}

Any unexpected error goes to stderr with a non-zero exit status. Used by
tests/interop_lp.rs; run scripts/install-test-clients.sh first.
"""

import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin

V1 = "mettreAJourLaissezPasserWS"
V2 = "mettreAJourLaissezPasserWS_V2"
LOT = "mettreAJourLaissezPasserLot"

V1_NAMES = ["_typLpa", "_codAnu", "_numOPI", "_codEtu", "_codEtp", "_codVrsVet",
            "_codDip", "_codVrsVdi", "_codRgi", "_codStu", "_libCmtLpa"]
V2_NAMES = [n.lstrip("_") for n in V1_NAMES] + ["codCatOuiSi", "mtfCat", "codCatExoExt"]


def every(names, given):
    """All the parameters, "" for those not given (zeep refuses None)."""
    return {n: given.get(n, "") for n in names}


def main(argv):
    if len(argv) not in (5, 6):
        print(__doc__, file=sys.stderr)
        return 2
    wsdl, key, etu6, batch = argv[1], argv[2], argv[3], argv[4] == "yes"
    override = argv[5] if len(argv) == 6 else None

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

    results, requests = {}, {}

    def record(name):
        requests[name] = etree.tostring(history.last_sent["envelope"], encoding="unicode")

    def call(name, op, **kwargs):
        value = getattr(service, op)(**kwargs)
        record(name)
        results[name] = json.loads(json.dumps(serialize_object(value, dict)))

    call("v1", V1, **every(V1_NAMES, {
        "_typLpa": "IAPRIMO", "_codAnu": "2024", "_numOPI": key, "_codEtp": "L1INF",
        "_codVrsVet": "101", "_codDip": "LINF", "_codVrsVdi": "101",
        "_libCmtLpa": "commission du 3 juillet, dérogation",
    }))
    reins = {"typLpa": "REINS", "codAnu": "2024", "codEtu": etu6 + "01", "codEtp": "L2INF",
             "codVrsVet": "101", "codCatOuiSi": "A", "libCmtLpa": "redoublement"}
    call("v2", V2, **every(V2_NAMES, reins))
    call("v2_update", V2, **every(V2_NAMES, dict(reins, libCmtLpa="redoublement autorisé")))

    try:
        value = getattr(service, V2)(**every(V2_NAMES, {
            "typLpa": "IAPRIMO", "codAnu": "2024", "codEtp": "L1INF", "codVrsVet": "101",
        }))
        results["fault"] = None
        results["fault_unexpected_result"] = json.loads(json.dumps(serialize_object(value, dict)))
    except Fault as f:
        record("fault")
        results["fault"] = f.message
        results["fault_code"] = f.code

    if batch:
        items = [
            {"typLpa": "REINS", "codAnu": "2024", "codEtu": etu6 + "02", "codEtp": "L1INF",
             "codVrsVet": "101"},
            {"typLpa": "REINS", "codAnu": "2024", "codEtu": etu6 + "03", "codEtp": "L1INF",
             "codVrsVet": "101", "libCmtLpa": "lot"},
            {"typLpa": "REINS", "codAnu": "24", "codEtu": etu6 + "04", "codEtp": "L1INF",
             "codVrsVet": "101"},
        ]
        call("lot", LOT, toutOuRien="false", laissezPasser={"item": items})

    out = {
        "client": "zeep",
        "address": address,
        "results": results,
        "requests": requests,
    }
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
