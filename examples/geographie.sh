#!/usr/bin/env bash
# recupererCommune_v2 for postal code 57600 with curl: a raw SOAP 1.1 call.
set -euo pipefail
url=${1:-http://127.0.0.1:8080/services/GeographieMetier}
curl -sS "$url" -H 'Content-Type: text/xml; charset=utf-8' -H 'SOAPAction: ""' --data-binary @- <<'XML'
<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"
                  xmlns:geo="gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016">
  <soapenv:Body>
    <geo:recupererCommune_v2>
      <_codePostal>57600</_codePostal>
      <_temoinEnServiceCom>O</_temoinEnServiceCom>
      <_temoinEnServiceBD>O</_temoinEnServiceBD>
      <_temoinEnServiceComBD>O</_temoinEnServiceComBD>
    </geo:recupererCommune_v2>
  </soapenv:Body>
</soapenv:Envelope>
XML
echo
