"""LaissezPasserMetier from Python with zeep: one laissez-passer, then a batch.

    .venv/bin/python examples/lp_zeep.py [http://127.0.0.1:8080/services/LaissezPasserMetier]

Needs the demo data (`serve --demo`): a REINS laissez-passer names a known
student (the demo ones are 21000001 to 21000005); an unknown one is refused
with technical.data.nullretrieve.etudiant. zeep refuses None for these xsd:string
parameters: "" is what it sends for "not given", and Passerelle reads it so.
"""
import sys

import zeep

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/LaissezPasserMetier"
client = zeep.Client(url + "?wsdl")

# One REINS laissez-passer (V2: parameters without `_`); success is "no fault".
client.service.mettreAJourLaissezPasserWS_V2(
    typLpa="REINS", codAnu="2024", numOPI="", codEtu="21000001", codEtp="L2INF",
    codVrsVet="101", codDip="LINF", codVrsVdi="101", codRgi="", codStu="",
    libCmtLpa="redoublement autorisé", codCatOuiSi="", mtfCat="", codCatExoExt="")
print("REINS 21000001 L2INF/101: stored")

# A refusal is a SOAP fault whose string is the error code.
try:
    client.service.mettreAJourLaissezPasserWS_V2(
        typLpa="IAPRIMO", codAnu="2024", numOPI="", codEtu="", codEtp="L1INF",
        codVrsVet="101", codDip="", codVrsVdi="", codRgi="", codStu="", libCmtLpa="",
        codCatOuiSi="", mtfCat="", codCatExoExt="")
except zeep.exceptions.Fault as f:
    print("refused:", f.message)  # technical.parameter.noncoherentinput.numOPI

# A batch (Passerelle's own operation): one result per item, valid items commit.
# The 5 demo students, 4 étapes, 10 years: 200 laissez-passer, then one for a
# student Apogée does not know.
items = [{"typLpa": "REINS", "codAnu": str(year), "codEtu": f"2100000{etu}",
          "codEtp": etp, "codVrsVet": "101"}
         for etu in range(1, 6) for etp in ("L1MAT", "L2MAT", "L3MAT", "L1DRT")
         for year in range(2021, 2031)]
items.append({"typLpa": "REINS", "codAnu": "2024", "codEtu": "29999999",
              "codEtp": "L1INF", "codVrsVet": "101"})
results = client.service.mettreAJourLaissezPasserLot(
    toutOuRien="false", laissezPasser={"item": items})
by_status = {}
for r in results:
    by_status[r.statut] = by_status.get(r.statut, 0) + 1
print("batch:", by_status)
for r in results:
    if r.statut == "REFUSE":
        print(f"  item {r.index} {r.cle}: {r.code} ({r.motif})")
