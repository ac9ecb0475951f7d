<?php
// Creates laissez-passer through PHP's SoapClient (LaissezPasserMetier).
//
//     php php_lp.php WSDL KEY ETU6 BATCH [ADDRESS]
//
// WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
// `LaissezPasserMetier_Impl.wsdl`). KEY is the `codOpiIntEpo` of an OPI
// already pushed; ETU6 six digits, the start of the student numbers used
// (ETU6 + 01…04). BATCH is `yes` to call `mettreAJourLaissezPasserLot` too (our
// WSDL only), `no` otherwise. ADDRESS, when given, replaces the endpoint
// written in the WSDL (SoapClient's `location` option).
//
// A parameter not given is passed as null: SoapClient then sends an empty
// element (`<_codEtu/>`) for these mandatory, non-nillable xsd:string
// parameters, as PHP scripts calling Apogée do. The calls are those of
// tests/interop/zeep_lp.py: `v1`, `v2`, `v2_update`, `fault`, `lot`.
//
// Prints one JSON object on stdout (UTF-8):
//
//     {"client": "php", "address": ..., "results": {...}, "requests": {call: xml}}
//
// Any unexpected error goes to stderr with a non-zero exit status. Used by
// tests/interop_lp.rs; run scripts/install-test-clients.sh first.

declare(strict_types=1);

const V1 = 'mettreAJourLaissezPasserWS';
const V2 = 'mettreAJourLaissezPasserWS_V2';
const LOT = 'mettreAJourLaissezPasserLot';
const V1_NAMES = ['_typLpa', '_codAnu', '_numOPI', '_codEtu', '_codEtp', '_codVrsVet',
    '_codDip', '_codVrsVdi', '_codRgi', '_codStu', '_libCmtLpa'];
const V2_NAMES = ['typLpa', 'codAnu', 'numOPI', 'codEtu', 'codEtp', 'codVrsVet', 'codDip',
    'codVrsVdi', 'codRgi', 'codStu', 'libCmtLpa', 'codCatOuiSi', 'mtfCat', 'codCatExoExt'];

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

/** All the parameters, null for those not given. */
function every(array $names, array $given): array
{
    $out = [];
    foreach ($names as $n) {
        $out[$n] = $given[$n] ?? null;
    }
    return $out;
}

if ($argc < 5 || $argc > 6) {
    fail("usage: php php_lp.php WSDL KEY ETU6 BATCH [ADDRESS]");
}
[$wsdl, $key, $etu6] = [$argv[1], $argv[2], $argv[3]];
$batch = $argv[4] === 'yes';
$override = $argc === 6 ? $argv[5] : null;

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

function call(SoapClient $client, string $name, string $op, array $params, array &$results, array &$requests): void
{
    try {
        $response = $client->__soapCall($op, [$params]);
    } catch (SoapFault $f) {
        fail("$op ($name) failed: {$f->faultcode} {$f->faultstring}\nrequest: " . $client->__getLastRequest()
            . "\nresponse: " . $client->__getLastResponse());
    }
    $requests[$name] = $client->__getLastRequest();
    $results[$name] = plain($response);
}

call($client, 'v1', V1, every(V1_NAMES, [
    '_typLpa' => 'IAPRIMO', '_codAnu' => '2024', '_numOPI' => $key, '_codEtp' => 'L1INF',
    '_codVrsVet' => '101', '_codDip' => 'LINF', '_codVrsVdi' => '101',
    '_libCmtLpa' => 'commission du 3 juillet, dérogation',
]), $results, $requests);
$reins = ['typLpa' => 'REINS', 'codAnu' => '2024', 'codEtu' => $etu6 . '01', 'codEtp' => 'L2INF',
    'codVrsVet' => '101', 'codCatOuiSi' => 'A', 'libCmtLpa' => 'redoublement'];
call($client, 'v2', V2, every(V2_NAMES, $reins), $results, $requests);
call($client, 'v2_update', V2, every(V2_NAMES, ['libCmtLpa' => 'redoublement autorisé'] + $reins),
    $results, $requests);

try {
    $value = $client->__soapCall(V2, [every(V2_NAMES, [
        'typLpa' => 'IAPRIMO', 'codAnu' => '2024', 'codEtp' => 'L1INF', 'codVrsVet' => '101',
    ])]);
    $results['fault'] = null;
    $results['fault_unexpected_result'] = plain($value);
} catch (SoapFault $f) {
    $requests['fault'] = $client->__getLastRequest();
    $results['fault'] = $f->faultstring;
    $results['fault_code'] = $f->faultcode;
}

if ($batch) {
    // Items of the batch are optional elements: left out when not given.
    $items = [
        ['typLpa' => 'REINS', 'codAnu' => '2024', 'codEtu' => $etu6 . '02', 'codEtp' => 'L1INF',
            'codVrsVet' => '101'],
        ['typLpa' => 'REINS', 'codAnu' => '2024', 'codEtu' => $etu6 . '03', 'codEtp' => 'L1INF',
            'codVrsVet' => '101', 'libCmtLpa' => 'lot'],
        ['typLpa' => 'REINS', 'codAnu' => '24', 'codEtu' => $etu6 . '04', 'codEtp' => 'L1INF',
            'codVrsVet' => '101'],
    ];
    call($client, 'lot', LOT, ['toutOuRien' => 'false', 'laissezPasser' => ['item' => $items]],
        $results, $requests);
}

$out = [
    'client' => 'php',
    'address' => $override,
    'results' => $results,
    'requests' => $requests,
];
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
