<?php
// GeographieMetier from PHP SoapClient, as home-made PHP scripts call Apogée.
//   php examples/geographie.php [http://127.0.0.1:8080/services/GeographieMetier]
$url = $argv[1] ?? 'http://127.0.0.1:8080/services/GeographieMetier';
$client = new SoapClient($url . '?wsdl', [
    'cache_wsdl' => WSDL_CACHE_NONE,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS, // a one-item answer stays a list
]);

$r = $client->recupererPays(['_codePays' => '100', '_temoinEnService' => 'O']);
foreach ($r->recupererPaysReturn as $pays) {
    echo $pays->codePay, ' ', $pays->libPay, ' ', $pays->libNat, "\n";
}

$r = $client->recupererCommune_v2([
    '_codePostal' => '94240', '_temoinEnServiceCom' => 'O',
    '_temoinEnServiceBD' => 'O', '_temoinEnServiceComBD' => 'O',
]);
foreach ($r->recupererCommuneReturn_v2 as $c) {
    echo $c->codePostal, ' ', $c->libCommune, "\n";
}

try {
    $client->recupererPays(['_codePays' => '999', '_temoinEnService' => 'O']);
} catch (SoapFault $f) {
    echo 'fault: ', $f->getMessage(), ' — ', $f->detail->fault->lastErrorMsg ?? '', "\n";
}
