"""LaissezPasserMetier from Python with zeep: one laissez-passer, then a batch.

    .venv/bin/python examples/lp_zeep.py [http://127.0.0.1:8080/services/LaissezPasserMetier]

Needs the demo data (`serve --demo`) and, for the IAPRIMO one, an OPI M240001234
(examples/push_opi.py pushes it). zeep refuses None for these xsd:string
parameters: "" is what it sends for "not given", and Passerelle reads it so.
"""
import sys

import zeep

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/LaissezPasserMetier"
client = zeep.Client(url + "?wsdl")

# One REINS laissez-passer (V2: parameters without `_`); success is "no fault".
client.service.mettreAJourLaissezPasserWS_V2(
    typLpa="REINS", codAnu="2024", numOPI="", codEtu="21001234", codEtp="L2INF",
    codVrsVet="101", codDip="LINF", codVrsVdi="101", codRgi="", codStu="",
    libCmtLpa="redoublement autorisé", codCatOuiSi="", mtfCat="", codCatExoExt="")
print("REINS 21001234 L2INF/101: stored")

# A refusal is a SOAP fault whose string is the error code.
try:
    client.service.mettreAJourLaissezPasserWS_V2(
        typLpa="IAPRIMO", codAnu="2024", numOPI="", codEtu="", codEtp="L1INF",
        codVrsVet="101", codDip="", codVrsVdi="", codRgi="", codStu="", libCmtLpa="",
        codCatOuiSi="", mtfCat="", codCatExoExt="")
except zeep.exceptions.Fault as f:
    print("refused:", f.message)  # technical.parameter.noncoherentinput.numOPI

# A batch (Passerelle's own operation): one result per item, valid items commit.
items = [{"typLpa": "REINS", "codAnu": "2024", "codEtu": f"2200{i:04d}",
          "codEtp": "L1INF", "codVrsVet": "101"} for i in range(1000)]
items.append({"typLpa": "REINS", "codAnu": "24", "codEtu": "22999999",
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
