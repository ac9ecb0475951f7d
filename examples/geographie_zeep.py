"""GeographieMetier from Python with zeep, as an ENT or internship tool would call it.

    .venv/bin/python examples/geographie_zeep.py [http://127.0.0.1:8080/services/GeographieMetier]
"""
import sys

import zeep

url = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080/services/GeographieMetier"
client = zeep.Client(url + "?wsdl")

# zeep (strict) refuses None for these plain xsd:string parameters: "" means "not given".
for pays in client.service.recupererPays(_codePays="", _temoinEnService="O"):
    print(pays.codePay, pays.libPay)

for commune in client.service.recupererCommune_v2(
    _codePostal="57600", _temoinEnServiceCom="O", _temoinEnServiceBD="O", _temoinEnServiceComBD="O"
):
    print(commune.codePostal, commune.libCommune, commune.libBureauDis)

try:
    client.service.recupererPays(_codePays="999", _temoinEnService="O")
except zeep.exceptions.Fault as fault:
    # The fault string is the stable code clients compare with.
    print("fault:", fault.message)
