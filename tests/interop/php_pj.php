<?php
// Uploads a supporting document to PjOpiMetier through PHP's SoapClient.
//
//     php php_pj.php WSDL KEY FILE [ADDRESS]
//
// WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
// `PjOpiMetier_impl.wsdl`). KEY is the `codOpiIntEpo` of an OPI already
// pushed (names LEFÈVRE / ÉLODIE); FILE the document to upload (a PDF).
// ADDRESS, when given, replaces the endpoint written in the WSDL (SoapClient's
// `location` option).
//
// The calls (the same as tests/interop/zeep_pj.py):
//
// * `upload`: recupererPiecesJustificativesOPIWS for KEY, type CNI, the file
//   name « carte identité.pdf », `_pj` the raw bytes of FILE as a PHP string
//   (SoapClient base64-encodes xsd:base64Binary itself), the names written
//   « lefevre » / « Elodie » (other case, no accents);
// * `again`: the very same call (nothing to write);
// * `wrong_name`: the same with the name « DUPONT »: the SOAP fault.
//
// Prints one JSON object on stdout (UTF-8):
//
//     {"client": "php", "address": ..., "results": {...}, "requests": {call: xml}}
//
// Any unexpected error goes to stderr with a non-zero exit status. Used by
// tests/interop_pj.rs; run scripts/install-test-clients.sh first.

declare(strict_types=1);

const OP = 'recupererPiecesJustificativesOPIWS';

function fail(string $msg): void
{
    fwrite(STDERR, $msg . "\n");
    exit(1);
}

/** SoapClient's stdClass trees → JSON-ready arrays. */
function plain($value)
{
    return json_decode(json_encode($value, JSON_THROW_ON_ERROR), true, 512, JSON_THROW_ON_ERROR);
}

if ($argc < 4 || $argc > 5) {
    fail("usage: php php_pj.php WSDL KEY FILE [ADDRESS]");
}
$wsdl = $argv[1];
$key = $argv[2];
$content = file_get_contents($argv[3]);
if ($content === false) {
    fail("cannot read {$argv[3]}");
}
$override = $argc === 5 ? $argv[4] : null;

$options = [
    'trace' => 1,
    'exceptions' => true,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
    'soap_version' => SOAP_1_1,
];
if ($override !== null) {
    $options['location'] = $override;
}
try {
    $client = new SoapClient($wsdl, $options);
} catch (Throwable $e) {
    fail("SoapClient refused the WSDL $wsdl: " . get_class($e) . ': ' . $e->getMessage());
}

function args(string $key, string $nom, string $content): array
{
    return [
        '_codOpiIntEpo' => $key,
        '_libNomPatIndOpi' => $nom,
        '_libPr1IndOpi' => 'Elodie',
        '_codTpj' => 'CNI',
        '_nomFic' => 'carte identité.pdf',
        '_pj' => $content,
    ];
}

$results = [];
$requests = [];
foreach (['upload', 'again'] as $name) {
    try {
        $response = $client->__soapCall(OP, [args($key, 'lefevre', $content)]);
    } catch (SoapFault $f) {
        fail(OP . " ($name) failed: {$f->faultcode} {$f->faultstring}\nrequest: " . $client->__getLastRequest()
            . "\nresponse: " . $client->__getLastResponse());
    }
    $requests[$name] = $client->__getLastRequest();
    $results[$name] = plain($response);
}

try {
    $value = $client->__soapCall(OP, [args($key, 'DUPONT', $content)]);
    $results['wrong_name'] = null;
    $results['wrong_name_unexpected_result'] = plain($value);
} catch (SoapFault $f) {
    $requests['wrong_name'] = $client->__getLastRequest();
    if ($f->getMessage() !== $f->faultstring) {
        fail("SoapFault::getMessage() « {$f->getMessage()} » differs from faultstring « {$f->faultstring} »");
    }
    $results['wrong_name'] = $f->getMessage();
    $results['wrong_name_code'] = $f->faultcode;
    $detail = plain($f->detail ?? null);
    $results['wrong_name_detail'] = $detail['fault']['lastErrorMsg'] ?? null;
}

$out = [
    'client' => 'php',
    'address' => $override,
    'sent_bytes' => strlen($content),
    'results' => $results,
    'requests' => $requests,
];
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
