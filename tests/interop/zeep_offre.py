#!/usr/bin/env python3
"""Reads the course structure from OffreFormationMetier through zeep.

    zeep_offre.py WSDL [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
`OffreFormationMetier_Impl.wsdl`, whose relative imports zeep resolves from
disk). ADDRESS, when given, replaces the endpoint written in the WSDL.

The calls, the client patterns of the reference (apogee-ws-contract.md §7.2):

* `vet`: recupererSE_v4, one VET (codDip=aucun, codVrsVdi=aucun,
  codEtp=L1INF, codVrsVet=101, codElp=tous), read the way esup-pstage and
  esup-siscol do: `res[0].listVersionDiplome.item[0].offreFormation
  .listEtape.item[0].listVersionEtape.item[0]`;
* `catalogue`: recupererSE_v4, tous/tous/tous/tous/aucun with
  temOuvertRecrutement=O (esup-siscol's diploma catalogue);
* `fault`: recupererSE_v4 without codDip (nil): the SOAP fault;
* `v3`: recupererSE_v3 with the one-VET criteria (only when the WSDL offers it).

Prints one JSON object on stdout (UTF-8):

    {"client": "zeep", "address": ..., "operations": [...], "results": {...},
     "requests": {call: xml}}

Any unexpected error goes to stderr with a non-zero exit status. Used by
tests/interop_offre.rs; run scripts/install-test-clients.sh first.
"""

import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.plugins import HistoryPlugin

SERVICE_NS = "gouv.education.apogee.commun.servicesmetiers.OffreFormationMetier"
ONE_VET = {
    "codDip": "aucun",
    "codVrsVdi": "aucun",
    "codEtp": "L1INF",
    "codVrsVet": "101",
    "codElp": "tous",
}
CATALOGUE = {
    "codDip": "tous",
    "codVrsVdi": "tous",
    "codEtp": "tous",
    "codVrsVet": "tous",
    "codElp": "aucun",
    "temOuvertRecrutement": "O",
}


def items(wrapper):
    """The `item`s of an array wrapper (`TableauXxx`), [] when absent or nil."""
    if wrapper is None or wrapper.item is None:
        return []
    return list(wrapper.item)


def one_vet(res):
    """What a client reads of the one-VET answer, walked as generated code does."""
    dip = res[0]
    vdi = dip.listVersionDiplome.item[0]
    etape = vdi.offreFormation.listEtape.item[0]
    vet = etape.listVersionEtape.item[0]
    lists = []
    for lse in items(vet.listListeElementPedagogi):
        lists.append(
            {
                "codListElp": lse.codListElp,
                "elps": [e.codElp for e in items(lse.listElementPedagogi)],
            }
        )
    return {
        "count": len(res),
        "codDip": dip.codDip,
        "codVrsVdi": vdi.codVrsVdi,
        "codEtp": etape.codEtp,
        "codVrsVet": vet.codVrsVet,
        "libWebVet": vet.libWebVet,
        "lists": lists,
        "all_vets": sorted(
            {
                f"{e.codEtp}/{v.codVrsVet}"
                for d in res
                for vd in items(d.listVersionDiplome)
                for e in items(vd.offreFormation.listEtape if vd.offreFormation else None)
                for v in items(e.listVersionEtape)
            }
        ),
    }


def catalogue(res):
    dips, vets = [], []
    for d in res:
        dips.append({"codDip": d.codDip, "temOuvertRecrutement": d.temOuvertRecrutement})
        for vdi in items(d.listVersionDiplome):
            offre = vdi.offreFormation
            for e in items(offre.listEtape if offre is not None else None):
                for v in items(e.listVersionEtape):
                    vets.append(f"{e.codEtp}/{v.codVrsVet}")
    return {"diplomas": dips, "vets": vets}


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    wsdl = argv[1]
    override = argv[2] if len(argv) == 3 else None

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
    operations = sorted(port.binding.all())

    results, requests = {}, {}

    def record(name):
        requests[name] = etree.tostring(history.last_sent["envelope"], encoding="unicode")

    res = service.recupererSE_v4(_seCritere=ONE_VET)
    record("vet")
    results["vet"] = one_vet(res)

    res = service.recupererSE_v4(_seCritere=CATALOGUE)
    record("catalogue")
    results["catalogue"] = catalogue(res)

    # codDip missing: zeep sends the nillable element as xsi:nil.
    missing = dict(ONE_VET, codDip=None)
    try:
        value = service.recupererSE_v4(_seCritere=missing)
        results["fault"] = None
        results["fault_unexpected_result"] = repr(value)
    except Fault as f:
        record("fault")
        results["fault"] = f.message
        results["fault_code"] = f.code
        detail = None
        if f.detail is not None and len(f.detail):
            element = client.get_element(f"{{{SERVICE_NS}}}fault")
            parsed = element.parse(f.detail[0], client.wsdl.types)
            detail = getattr(parsed, "lastErrorMsg", None)
        results["fault_detail_lastErrorMsg"] = detail

    if "recupererSE_v3" in operations:
        res = service.recupererSE_v3(_seCritere=ONE_VET)
        record("v3")
        results["v3"] = one_vet(res)

    out = {
        "client": "zeep",
        "address": address,
        "operations": operations,
        "results": results,
        "requests": requests,
    }
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
