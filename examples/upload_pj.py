"""Upload a supporting document (PDF, JPEG or PNG) for an OPI to PjOpiMetier with zeep,
through the served WSDL, as an applicant platform does after the OPI was pushed.

    .venv/bin/python examples/upload_pj.py FILE COD_OPI_INT_EPO NOM PRENOM COD_TPJ [URL]

    e.g. .venv/bin/python examples/upload_pj.py cni.pdf EC00001234 DUPONT MARIE CNI

zeep sends `_pj` inline as base64 (xsd:base64Binary takes bytes). Name and first name
must match the OPI (case and accents are ignored). List what was stored with
`passerelle pj list COD_OPI_INT_EPO`.
"""
import sys

import zeep

if len(sys.argv) < 6:
    sys.exit(__doc__)
path, key, nom, prenom, tpj = sys.argv[1:6]
url = sys.argv[6] if len(sys.argv) > 6 else "http://127.0.0.1:8080/services/PjOpiMetier"
client = zeep.Client(url + "?wsdl")

with open(path, "rb") as f:
    content = f.read()

try:
    retour = client.service.recupererPiecesJustificativesOPIWS(
        _codOpiIntEpo=key,
        _libNomPatIndOpi=nom,
        _libPr1IndOpi=prenom,
        _codTpj=tpj,
        _nomFic=path.rsplit("/", 1)[-1],
        _pj=content,
    )
    print(retour.msg)
except zeep.exceptions.Fault as fault:
    # The fault string is the stable code (technical.parameter.noncoherentinput.pj, …).
    print("fault:", fault.message, file=sys.stderr)
    sys.exit(1)
