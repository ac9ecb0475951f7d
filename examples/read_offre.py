"""Reading the course structure (OffreFormationMetier) with zeep, as an ENT or a
catalogue does.

    .venv/bin/python examples/read_offre.py [http://127.0.0.1:8080/services/OffreFormationMetier]

Against `cargo run --release -- serve --demo` it lists the diplomas open to
recruitment with their versions d'étape, then details one VET down to its ELPs.
"""
import sys

import zeep

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/OffreFormationMetier"
client = zeep.Client(url + "?wsdl")


def criteria(dip, vdi, etp, vet, elp, **extra):
    # The five level criteria are mandatory: a code, "tous" (all) or "aucun"
    # (do not detail that level). The others may be left empty.
    c = dict(codDip=dip, codVrsVdi=vdi, codEtp=etp, codVrsVet=vet, codElp=elp,
             codAnu=None, codComposanteVdi=None, codNatureDip=None, codNatureElp=None,
             codTypDip=None, temOuvertRecrutement=None)
    c.update(extra)
    return c


# 1. The catalogue: every diploma open to recruitment with its VETs, no ELP.
for dip in client.service.recupererSE_v4(_seCritere=criteria("tous", "tous", "tous", "tous", "aucun",
                                                              temOuvertRecrutement="O")):
    print(dip.codDip, dip.libDip)
    for vdi in dip.listVersionDiplome.item:
        for etp in vdi.offreFormation.listEtape.item:
            for vet in etp.listVersionEtape.item:
                print(f"   {etp.codEtp}/{vet.codVrsVet}  {vet.libWebVet}")

# 2. One VET with its lists and ELPs (the pattern esup-siscol uses).
res = client.service.recupererSE_v4(_seCritere=criteria("aucun", "aucun", "L1INF", "101", "tous"))
vet = res[0].listVersionDiplome.item[0].offreFormation.listEtape.item[0].listVersionEtape.item[0]
print(f"\n{vet.codVrsVet} {vet.libWebVet}, {vet.credits} ECTS")
for liste in vet.listListeElementPedagogi.item:
    print(f"  liste {liste.codListElp} ({liste.typListElp}) {liste.libListElp}")
    for elp in liste.listElementPedagogi.item:
        print(f"    {elp.codElp}  {elp.libElp}")

# 3. A fault: a level criterion missing.
try:
    client.service.recupererSE_v4(_seCritere=criteria("", "tous", "tous", "tous", "aucun"))
except zeep.exceptions.Fault as fault:
    print("\nfault:", fault.message)
