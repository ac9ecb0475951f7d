#!/usr/bin/env python3
"""Reads a student from EtudiantMetier through zeep, as eCandidat looks up a
returning applicant (apogee-clients.md §1.3).

    zeep_etudiant.py WSDL [ADDRESS]

WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
`EtudiantMetier_Impl.wsdl`). ADDRESS, when given, replaces the endpoint.

Calls (zeep is strict: a non-nillable parameter left unset is sent as ''):

* `ident`: recupererIdentifiantsEtudiant_v2 by INE + key (upper-case), "N";
* `infos`: recupererInfosAdmEtu_v4(codEtu found);
* `adresses`: recupererAdressesEtudiant_v2(codEtu, '', 'N') (latest year);
* `maj`: mettreAJourAdressesEtudiant (annual address of 2025, e-mail ""), read back;
* `fault`: recupererIdentifiantsEtudiant_v2 with an unknown _codEtu.

Prints one JSON object on stdout. Used by tests/interop_etudiant.rs.
"""

import json
import sys

from zeep import Client
from zeep.exceptions import Fault

UNSET = dict(_codEtu="", _codInd="", _numINE="", _numBoursier="", _codOPI="",
             _nom="", _prenom="", _dateNaiss="", _temoinRecupAnnu="N")


def main(argv):
    if len(argv) not in (2, 3):
        print(__doc__, file=sys.stderr)
        return 2
    client = Client(argv[1])
    port = next(iter(next(iter(client.wsdl.services.values())).ports.values()))
    if len(argv) == 3:
        service = client.create_service(port.binding.name, argv[2])
        address = argv[2]
    else:
        service = client.service
        address = port.binding_options["address"]
    results = {}

    ident = service.recupererIdentifiantsEtudiant_v2(**dict(UNSET, _numINE="1234567890A"))
    results["ident"] = {"codEtu": ident.codEtu, "codInd": ident.codInd, "numeroINE": ident.numeroINE}

    info = service.recupererInfosAdmEtu_v4(_codEtu=str(ident.codEtu))
    bacs = info.listeBacs.item if info.listeBacs is not None else []
    results["infos"] = {
        "nomPatronymique": info.nomPatronymique,
        "prenom1": info.prenom1,
        "dateNaissance": info.dateNaissance.date().isoformat(),
        "nationalite": info.nationaliteDTO.libNationalite,
        "bacs": [{"codBac": b.codBac, "anneeObtentionBac": b.anneeObtentionBac,
                  "codSpe1Bac": b.codSpe1Bac} for b in bacs],
    }

    adr = service.recupererAdressesEtudiant_v2(_codEtu=str(ident.codEtu), _annee="", _recupAnnuaire="N")
    results["adresses"] = {
        "annee": adr.annee,
        "codePostal": adr.adresseAnnuelle.commune.codePostal,
        "codeInsee": adr.adresseAnnuelle.commune.codeInsee,
        "codPay": adr.adresseFixe.pays.codPay,
    }

    # esup-mdw's address update (e-mail forced to ""), then read back.
    maj = {
        "typeHebergement": "4",
        "adresseAnnuelle": {"commune": {"codeInsee": "35238", "codePostal": "35000"},
                            "libAd1": "5 RUE DE BREST", "codPays": "100"},
        "adresseFixe": None,
        "email": "",
        "numTelPortable": None,
        "annee": "2025",
    }
    service.mettreAJourAdressesEtudiant(_coordonnees=maj, _codEtu="21000005")
    back = service.recupererAdressesEtudiant_v2(_codEtu="21000005", _annee="2025", _recupAnnuaire="N")
    results["maj"] = {"annee": back.annee, "libAd1": back.adresseAnnuelle.libAd1,
                      "nomCommune": back.adresseAnnuelle.commune.nomCommune,
                      "typeHebergement": back.typeHebergement.codTypeHebergement}

    try:
        service.recupererIdentifiantsEtudiant_v2(**dict(UNSET, _codEtu="29999999"))
        results["fault"] = None
    except Fault as f:
        results["fault"] = f.message

    print(json.dumps({"client": "zeep", "address": address, "results": results}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
