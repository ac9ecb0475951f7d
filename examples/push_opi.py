"""OpiMetier from Python with zeep: push a pre-enrolment (OPI) as an applicant platform does.

    .venv/bin/python examples/push_opi.py [http://127.0.0.1:8080/services/OpiMetier]

Pushes one OPI with two wishes (mettreajourDonneesOpi_v10), shows how a refused
OPI comes back (a SOAP fault whose string is the error code), then withdraws
every wish the way eCandidat does: one empty `item`.
"""
import sys

import zeep

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/OpiMetier"
client = zeep.Client(url + "?wsdl")

# The payload type, from the WSDL. Nested blocks are plain dicts; whatever is
# left out is sent as xsi:nil, which the server reads as "not given" (a block
# not sent keeps what is stored).
DonneesOpi = client.get_type(
    "{DonneesOpiDTO10.opi.dto.transverse.commun.apogee.education.gouv}DonneesOpiDTO10"
)


def wish(cge, etp, vet, cls):
    # Mandatory per wish: codCge, codDemDos, codEtp, codVrsVet, numCls.
    return {"codCge": cge, "codEtp": etp, "codVrsVet": vet, "numCls": cls,
            "codDemDos": "C", "codDecVeu": "F"}


opi = {
    "individu": {
        "codOpiIntEpo": "M240001234",  # the OPI key, 10 characters at most
        "etatCivil": {
            "codNneIndOpi": "1234567890A",  # INE and its key, 11 characters
            "codSexEtuOpi": "F",
            "libNomPatIndOpi": "LEFÈVRE",  # UTF-8 throughout: accents are kept as sent
            "libPr1IndOpi": "ÉLODIE",
            "libPr2IndOpi": "Œ",
        },
        "donneesNaissance": {"dateNaiIndOpi": "31012004", "temDateNaiRelOpi": "N"},  # ddMMyyyy
    },
    "adresseFixe": {"codBdi": "57000", "codCom": "57463", "codPay": "100",
                    "lib1": "Résidence Les Tilleuls, bâtiment B"},
    # An array type: the wishes go in its `item` element.
    "voeux": {"item": [wish("CG1", "L1INF", 101, 1), wish("CG1", "L2INF", 201, 2)]},
}

# Success is "no fault": the response is an empty wrapper (zeep returns None).
client.service.mettreajourDonneesOpi_v10(_donneesOpi=DonneesOpi(**opi))
print("pushed", opi["individu"]["codOpiIntEpo"], "with", len(opi["voeux"]["item"]), "wishes")

# A refused OPI: the fault string is the stable code to compare with; the
# detail names the element at fault and says why.
no_etp = wish("CG1", "L1INF", 101, 1)
del no_etp["codEtp"]
bad = dict(opi, voeux={"item": [no_etp]})
try:
    client.service.mettreajourDonneesOpi_v10(_donneesOpi=DonneesOpi(**bad))
except zeep.exceptions.Fault as fault:
    print("fault:", fault.message)  # technical.parameter.noncoherentinput.codEtp
    if fault.detail is not None:
        print("  element:", fault.detail.findtext(".//element"))  # _donneesOpi/voeux/item[1]/codEtp
        print("  message:", fault.detail.findtext(".//lastErrorMsg"))

# Withdrawing every wish: one empty item (all its fields nil). No item at all,
# or voeux left out, keeps the stored wishes.
client.service.mettreajourDonneesOpi_v10(_donneesOpi=DonneesOpi(**dict(opi, voeux={"item": [{}]})))
print("wishes of", opi["individu"]["codOpiIntEpo"], "cleared")
