#!/usr/bin/env python3
"""A student's dashboard from EtudiantMetier with zeep, the calls an ENT portal
(esup-mondossierweb) and an applicant platform (eCandidat) make.

    .venv/bin/python examples/etudiant_zeep.py [SERVICE_URL] [COD_ETU]

SERVICE_URL defaults to http://127.0.0.1:8080/services/EtudiantMetier (a
server started with `cargo run -- serve --demo`), COD_ETU to 21000001 (the
demo student Camille MARTIN).

zeep is strict: a parameter that is not given must be sent as "" (it refuses
None for the plain xsd:string parameters); Passerelle reads "", nil and an
absent element alike.
"""

import sys

from zeep import Client
from zeep.exceptions import Fault

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/EtudiantMetier"
cod_etu = sys.argv[2] if len(sys.argv) > 2 else "21000001"
svc = Client(url + "?wsdl").service
NONE = dict(_codEtu="", _codInd="", _numINE="", _numBoursier="", _codOPI="",
            _nom="", _prenom="", _dateNaiss="", _temoinRecupAnnu="N")

# 1. Identifiers (login check of esup-mdw), with the directory data.
ids = svc.recupererIdentifiantsEtudiant_v2(**dict(NONE, _codEtu=cod_etu, _temoinRecupAnnu="O"))
print(f"student {ids.codEtu} (cod_ind {ids.codInd}), INE {ids.numeroINE}, login {ids.loginAnnuaire}")

# 2. The same student found by name and birth date: accents and case do not matter.
info = svc.recupererInfosAdmEtu_v4(_codEtu=cod_etu)
born = info.dateNaissance.strftime("%d%m%Y")
again = svc.recupererIdentifiantsEtudiant_v2(
    **dict(NONE, _nom=info.nomPatronymique.lower(), _prenom=info.prenom1.capitalize(), _dateNaiss=born))
print(f"found again by name: {again.codEtu}")

# 3. Administrative record.
print(f"{info.prenom1} {info.nomPatronymique}, born {info.dateNaissance:%d/%m/%Y}"
      f" ({info.nationaliteDTO.libNationalite if info.nationaliteDTO else '?'})")
for bac in (info.listeBacs.item if info.listeBacs else []):
    spe = ", ".join(x for x in (bac.liWebSpe1Bac, bac.liWebSpe2Bac) if x)
    print(f"  bac {bac.codBac} {bac.anneeObtentionBac}: {bac.libelleBac}"
          f"{' — ' + spe if spe else ''}")
for blo in (info.listeBlocages.item if info.listeBlocages else []):
    print(f"  blocked: {blo.libBlocage}")

# 4. Addresses of the latest year ("" = the latest), then of another year.
try:
    c = svc.recupererAdressesEtudiant_v2(_codEtu=cod_etu, _annee="", _recupAnnuaire="N")
    a = c.adresseAnnuelle
    where = a.commune.nomCommune if a.commune else a.libAde
    print(f"{c.annee}: {a.libAd1}, {where} ({c.typeHebergement.libTypeHebergement if c.typeHebergement else '-'})")
except Fault as f:
    print(f"no annual address: {f.message}")

# 5. Not found is a fault whose string is the code clients compare.
try:
    svc.recupererIdentifiantsEtudiant_v2(**dict(NONE, _codEtu="29999999"))
except Fault as f:
    print(f"unknown student -> {f.message}")
