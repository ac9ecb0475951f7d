#!/usr/bin/env python3
"""Pushes OPIs to OpiMetier through zeep, an independent SOAP client.

    zeep_opi.py WSDL KEY [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
`OpiMetier_Impl.wsdl`, whose relative imports zeep resolves from disk).
KEY is the `codOpiIntEpo` of the main OPI (10 characters at most). ADDRESS,
when given, replaces the endpoint written in the WSDL.

The calls, in this order:

* `v10`: mettreajourDonneesOpi_v10 under KEY: accented names (LEFÈVRE,
  ÉLODIE, Œ), birth date, INE, a fixed address, two wishes;
* `fault`: the same OPI again, its second wish without `codEtp`: must be
  refused with the SOAP fault `technical.parameter.noncoherentinput.codEtp`
  (and leave the stored OPI as it was);
* `v9`: mettreajourDonneesOpi_v9 under KEY with its last two characters
  replaced by `V9`, one wish (only when the WSDL offers v9: ours does, AMUE's
  6.70 WSDL has v10 only);
* `clear_push` then `clear`: v10 under KEY ending in `CL`, one wish, then
  the same OPI with one empty `item`, eCandidat's way of deleting every wish.

Prints one JSON object on stdout (UTF-8):

    {"client": "zeep", "address": ..., "keys": {...}, "sent": {...},
     "results": {...}, "requests": {call: xml}, "responses": {call: xml}}

`sent` holds the arguments given to zeep, `requests` / `responses` the
envelopes exchanged (HistoryPlugin). Any unexpected error (WSDL refused, call
failed) goes to stderr with a non-zero exit status.

Used by tests/interop_opi.rs; run scripts/install-test-clients.sh first.
"""

import copy
import json
import sys

from lxml import etree
from zeep import Client
from zeep.exceptions import Fault
from zeep.helpers import serialize_object
from zeep.plugins import HistoryPlugin

SERVICE_NS = "gouv.education.apogee.commun.servicesmetiers.OpiMetier"
DTO10 = "{DonneesOpiDTO10.opi.dto.transverse.commun.apogee.education.gouv}DonneesOpiDTO10"
DTO9 = "{DonneesOpiDTO9.opi.dto.transverse.commun.apogee.education.gouv}DonneesOpiDTO9"


def wish(cge, etp, vet, cls):
    """A wish as eCandidat sends it; every other field is left unset (nil)."""
    return {
        "codCge": cge,
        "codDecVeu": "F",
        "codDemDos": "C",
        "codEtp": etp,
        "codVrsVet": vet,
        "numCls": cls,
    }


def individu(key):
    """The individual; the blocks not given are sent as xsi:nil."""
    return {
        "codOpiIntEpo": key,
        "donneesNaissance": {
            "dateNaiIndOpi": "31012004",  # ddMMyyyy
            "temDateNaiRelOpi": "N",
        },
        "etatCivil": {
            "codNneIndOpi": "1234567890A",  # INE and its key, 11 characters
            "codSexEtuOpi": "F",
            "libNomPatIndOpi": "LEFÈVRE",
            "libPr1IndOpi": "ÉLODIE",
            "libPr2IndOpi": "Œ",
        },
    }


ADRESSE_FIXE = {
    "codBdi": "57000",
    "codCom": "57463",
    "codPay": "100",
    "lib1": "Résidence Les Tilleuls, bâtiment B",
    "numTel": "0387000000",
}


def derived(key, suffix):
    return key[:-2] + suffix if len(key) >= 4 else key + suffix


def main(argv):
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    wsdl, key = argv[1], argv[2]
    override = argv[3] if len(argv) == 4 else None
    keys = {"v10": key, "v9": None, "clear": derived(key, "CL")}

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
    operations = set(port.binding.all())

    sent, results, requests, responses = {}, {}, {}, {}

    def record(name):
        requests[name] = etree.tostring(history.last_sent["envelope"], encoding="unicode")
        received = history.last_received
        if received is not None:
            responses[name] = etree.tostring(received["envelope"], encoding="unicode")

    def push(name, op, type_name, data):
        """One call; the DTO built with the WSDL's own type, as generated code would."""
        sent[name] = copy.deepcopy(data)
        dto = client.get_type(type_name)(**data)
        value = getattr(service, op)(_donneesOpi=dto)
        record(name)
        results[name] = json.loads(json.dumps(serialize_object(value, dict)))

    # 1. v10, the whole OPI with two wishes.
    opi10 = {
        "adresseFixe": ADRESSE_FIXE,
        "individu": individu(key),
        "voeux": {
            "item": [wish("CG1", "L1INF", 101, 1), wish("CG1", "L2INF", 201, 2)],
        },
    }
    push("v10", "mettreajourDonneesOpi_v10", DTO10, opi10)

    # 2. A wish without codEtp: the fault, exactly the code, nothing written.
    bad = copy.deepcopy(opi10)
    del bad["voeux"]["item"][1]["codEtp"]
    sent["fault"] = copy.deepcopy(bad)
    try:
        value = service.mettreajourDonneesOpi_v10(_donneesOpi=client.get_type(DTO10)(**bad))
        results["fault"] = None
        results["fault_unexpected_result"] = json.loads(json.dumps(serialize_object(value, dict)))
    except Fault as f:
        record("fault")
        results["fault"] = f.message
        results["fault_code"] = f.code
        detail = {}
        if f.detail is not None and len(f.detail):
            element = client.get_element(f"{{{SERVICE_NS}}}fault")
            detail = json.loads(
                json.dumps(serialize_object(element.parse(f.detail[0], client.wsdl.types), dict))
            )
        results["fault_detail_lastErrorMsg"] = detail.get("lastErrorMsg")

    # 3. v9, any operation of the WSDL is one attribute away.
    if "mettreajourDonneesOpi_v9" in operations:
        keys["v9"] = derived(key, "V9")
        opi9 = {
            "adresseFixe": ADRESSE_FIXE,
            "individu": individu(keys["v9"]),
            "voeux": {"item": [wish("CG1", "L1INF", 101, 1)]},
        }
        push("v9", "mettreajourDonneesOpi_v9", DTO9, opi9)

    # 4. Clearing the wishes: one empty item (every field nil).
    opi_clear = {
        "individu": individu(keys["clear"]),
        "voeux": {"item": [wish("CG1", "L1INF", 101, 1)]},
    }
    push("clear_push", "mettreajourDonneesOpi_v10", DTO10, opi_clear)
    opi_clear = copy.deepcopy(opi_clear)
    opi_clear["voeux"] = {"item": [{}]}
    push("clear", "mettreajourDonneesOpi_v10", DTO10, opi_clear)

    out = {
        "client": "zeep",
        "address": address,
        "keys": keys,
        "sent": sent,
        "results": results,
        "requests": requests,
        "responses": responses,
    }
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
