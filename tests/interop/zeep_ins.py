#!/usr/bin/env python3
"""Reads a student's registrations and results through zeep.

    zeep_ins.py ADM_WSDL PED_WSDL [ADM_ADDRESS PED_ADDRESS]

ADM_WSDL / PED_WSDL are URLs (our served `AdministratifMetier?wsdl`,
`PedagogiqueMetier?wsdl`) or files (AMUE's original `*_Impl.wsdl`, whose
relative imports zeep resolves from disk). The addresses, when given, replace
the endpoints written in the WSDLs.

The calls, as esup-mdw makes them (apogee-clients.md §2):

* `etapes`: recupererIAEtapes_v3(21000001, "toutes", "ARE", "ARE");
* `annuelles`: recupererIAAnnuelles_v2(21000001, "toutes", "ARE") (its
  response element is `recupererIAAnnuellesResponse_v2`, AMUE's exception);
* `etapes_fault`: recupererIAEtapes_v3 for 21000005 (no registration);
* `vdivet`: recupererContratPedagogiqueResultatVdiVet_v2(21000001, "toutes",
  "Apogee", "T", "toutes", "tous", "E");
* `elpepr`: recupererContratPedagogiqueResultatElpEpr_v6(21000004, "2024",
  "M1INF", "101", "Apogee", "T", "toutes", "tous", "E").

Prints one JSON object on stdout (UTF-8). Used by tests/interop_ins.rs.
"""

import json
import sys

from zeep import Client
from zeep.exceptions import Fault


def items(wrapper):
    """The `item`s of an array wrapper, [] when absent or nil."""
    if wrapper is None or wrapper.item is None:
        return []
    return list(wrapper.item)


def service(wsdl, override):
    client = Client(wsdl)
    services = list(client.wsdl.services.values())
    port = next(iter(services[0].ports.values()))
    if override:
        return client.create_service(port.binding.name, override), override
    return client.service, port.binding_options["address"]


def main(argv):
    if len(argv) not in (3, 5):
        print(__doc__, file=sys.stderr)
        return 2
    adm, adm_address = service(argv[1], argv[3] if len(argv) == 5 else None)
    ped, ped_address = service(argv[2], argv[4] if len(argv) == 5 else None)
    results = {}

    res = adm.recupererIAEtapes_v3(
        _codEtu="21000001", _annee="toutes", _etatIAA="ARE", _etatIAE="ARE"
    )
    results["etapes"] = [
        {
            "annee": r.anneeIAE,
            "codeEtp": r.etape.codeEtp,
            "versionEtp": r.etape.versionEtp,
            "codeDiplome": r.diplome.codeDiplome,
            "etatIae": r.etatIae.codeEtatIAE,
            "payee": r.codeInscriptionPayee,
            "dateIAE": r.dateIAE.isoformat() if r.dateIAE is not None else None,
        }
        for r in res
    ]
    res = adm.recupererIAAnnuelles_v2(_codEtu="21000001", _annee="toutes", _etatIAA="ARE")
    results["annuelles"] = [
        {"annee": a.anneeIAA, "etat": a.etatIaa.codeEtatIAA, "codRgi": a.regimeIns.codRgi}
        for a in res
    ]
    try:
        adm.recupererIAEtapes_v3(
            _codEtu="21000005", _annee="toutes", _etatIAA="ARE", _etatIAE="ARE"
        )
        results["etapes_fault"] = None
    except Fault as f:
        results["etapes_fault"] = f.message

    res = ped.recupererContratPedagogiqueResultatVdiVet_v2(
        _codEtu="21000001",
        _codAnu="toutes",
        _sourceRes="Apogee",
        _etatDelib="T",
        _codSes="toutes",
        _typeRes="tous",
        _codEtaIae="E",
    )
    results["vdivet"] = [
        {
            "annee": c.annee,
            "codDip": c.diplome.codDip,
            "codVrsVdi": c.diplome.codVrsVdi,
            "etapes": [
                {
                    "codEtp": e.etape.codEtp,
                    "notes": [r.notVet for r in items(e.resultatVet)],
                }
                for e in items(c.etapes)
            ],
        }
        for c in res
    ]

    res = ped.recupererContratPedagogiqueResultatElpEpr_v6(
        _codEtu="21000004",
        _codAnu="2024",
        _codEtp="M1INF",
        _codVrsVet="101",
        _sourceRes="Apogee",
        _etatDelib="T",
        _codSes="toutes",
        _typeRes="tous",
        _codEtaIae="E",
    )
    results["elpepr"] = [
        {
            "codElp": c.elp.codElp,
            "rngElp": c.rngElp,
            "notes": [r.notElp for r in items(c.resultatsElp)],
        }
        for c in res
    ]
    out = {
        "client": "zeep",
        "address": adm_address,
        "ped_address": ped_address,
        "results": results,
    }
    sys.stdout.buffer.write(json.dumps(out, ensure_ascii=False, indent=1).encode("utf-8"))
    sys.stdout.buffer.write(b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
