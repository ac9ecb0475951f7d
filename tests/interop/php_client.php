<?php
// Drives GeographieMetier through PHP's SoapClient, an independent SOAP client.
//
//     php php_client.php WSDL [ADDRESS]
//
// WSDL is a URL (our served `?wsdl`) or a file (AMUE's original WSDL, whose
// relative imports libxml resolves from disk). ADDRESS, when given, replaces the
// endpoint written in the WSDL (SoapClient's `location` option). Prints one
// JSON object on stdout (UTF-8):
//
//     {"client": "php", "address": ..., "results": {...}, "requests": {op: xml}}
//
// `results` holds what the calls returned, as SoapClient decoded them with the
// WSDL's types; `requests` the envelope it sent for each call
// (`__getLastRequest()`). Any unexpected error (WSDL refused, call failed) goes
// to stderr with a non-zero exit status.
//
// Used by tests/interop.rs; run scripts/install-test-clients.sh first.

declare(strict_types=1);

const SERVICE_NS = 'gouv.education.apogee.commun.servicesmetiers.GeographieMetier_01082016';

/** SoapClient's stdClass trees → JSON-ready arrays (element order kept). */
function plain($value)
{
    return json_decode(json_encode($value, JSON_THROW_ON_ERROR), true, 512, JSON_THROW_ON_ERROR);
}

function fail(string $msg): void
{
    fwrite(STDERR, $msg . "\n");
    exit(1);
}

if ($argc < 2 || $argc > 3) {
    fail("usage: php php_client.php WSDL [ADDRESS]");
}
$wsdl = $argv[1];
$override = $argc === 3 ? $argv[2] : null;

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

$results = [];
$requests = [];

/** One call with the WSDL's wrapper: returns the list of `<op>Return` items. */
function call(SoapClient $client, array &$results, array &$requests, string $key, string $op, array $params, string $ret)
{
    try {
        $response = $client->__soapCall($op, [$params]);
    } catch (SoapFault $f) {
        fail("$op failed: {$f->faultcode} {$f->faultstring}\nrequest: " . $client->__getLastRequest()
            . "\nresponse: " . $client->__getLastResponse());
    }
    $requests[$key] = $client->__getLastRequest();
    $items = plain($response->$ret ?? null);
    $results[$key] = $items;
    return $items;
}

// "" is "not given" (the parameters are non-nillable), which the service reads
// as "all"; the same as the zeep client sends.
call($client, $results, $requests, 'pays_all', 'recupererPays',
    ['_codePays' => '', '_temoinEnService' => 'O'], 'recupererPaysReturn');
$pays100 = call($client, $results, $requests, 'pays_100_list', 'recupererPays',
    ['_codePays' => '100', '_temoinEnService' => 'O'], 'recupererPaysReturn');
$results['pays_100'] = (is_array($pays100) && count($pays100) === 1) ? $pays100[0] : null;
call($client, $results, $requests, 'departement', 'recupererDepartement',
    ['_codeDept' => '057', '_temoinEnService' => 'O'], 'recupererDepartementReturn');
call($client, $results, $requests, 'commune', 'recupererCommune_v2',
    ['_codePostal' => '57600', '_temoinEnServiceCom' => 'O', '_temoinEnServiceBD' => 'O', '_temoinEnServiceComBD' => 'O'],
    'recupererCommuneReturn_v2');
call($client, $results, $requests, 'commune_v1', 'recupererCommune',
    ['_codePostal' => '94240', '_temoinEnServiceCom' => 'O', '_temoinEnServiceBD' => 'O'], 'recupererCommuneReturn');

try {
    $value = $client->__soapCall('recupererPays', [['_codePays' => '999', '_temoinEnService' => 'O']]);
    $results['fault'] = null;
    $results['fault_unexpected_result'] = plain($value);
} catch (SoapFault $f) {
    $requests['fault'] = $client->__getLastRequest();
    if ($f->getMessage() !== $f->faultstring) {
        fail("SoapFault::getMessage() « {$f->getMessage()} » differs from faultstring « {$f->faultstring} »");
    }
    $results['fault'] = $f->faultstring;
    $results['fault_code'] = $f->faultcode;
    // SoapClient decodes the detail with the WSDL's fault part: {fault: WebBaseException}.
    $detail = plain($f->detail ?? null);
    $results['fault_detail'] = $detail['fault'] ?? $detail;
    $results['fault_detail_lastErrorMsg'] = $detail['fault']['lastErrorMsg'] ?? null;
}

$out = [
    'client' => 'php',
    'address' => $override,
    'results' => $results,
    'requests' => $requests,
];
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
