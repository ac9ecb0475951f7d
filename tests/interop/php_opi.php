<?php
// Pushes OPIs to OpiMetier through PHP's SoapClient, an independent SOAP client.
//
//     php php_opi.php WSDL KEY [ADDRESS]
//
// WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
// `OpiMetier_Impl.wsdl`, whose relative imports libxml resolves from disk).
// KEY is the `codOpiIntEpo` of the main OPI (10 characters at most). ADDRESS,
// when given, replaces the endpoint written in the WSDL (SoapClient's
// `location` option).
//
// The calls, in this order (the same as tests/interop/zeep_opi.py):
//
// * `v10`: mettreajourDonneesOpi_v10 under KEY: accented names (LEFÈVRE,
//   ÉLODIE, Œ), birth date, INE, a fixed address, two wishes;
// * `fault`: the same OPI again, its second wish without `codEtp`: must be
//   refused with the SOAP fault `technical.parameter.noncoherentinput.codEtp`;
// * `v9`: mettreajourDonneesOpi_v9 under KEY with its last two characters
//   replaced by `V9`, one wish (only when the WSDL offers v9);
// * `clear_push` then `clear`: v10 under KEY ending in `CL`, one wish, then
//   the same OPI with one empty `item`, eCandidat's way of deleting every wish.
//
// The wishes go as `'voeux' => ['item' => [ wish, wish ]]`: the array type
// `TableauVoeu3` has an `item` element. A plain list (`'voeux' => [ wish ]`)
// is silently dropped by SoapClient, which then sends `<voeux><modEnv/></voeux>`.
//
// Prints one JSON object on stdout (UTF-8):
//
//     {"client": "php", "address": ..., "keys": {...}, "sent": {...},
//      "results": {...}, "requests": {call: xml}, "responses": {call: xml}}
//
// Any unexpected error (WSDL refused, call failed) goes to stderr with a
// non-zero exit status. Used by tests/interop_opi.rs; run
// scripts/install-test-clients.sh first.

declare(strict_types=1);

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

/** A wish as eCandidat sends it; every other field is left unset (nil). */
function wish(string $cge, string $etp, int $vet, int $cls): array
{
    return [
        'codCge' => $cge,
        'codDecVeu' => 'F',
        'codDemDos' => 'C',
        'codEtp' => $etp,
        'codVrsVet' => $vet,
        'numCls' => $cls,
    ];
}

/** The individual; the blocks not given are sent as xsi:nil. */
function individu(string $key): array
{
    return [
        'codOpiIntEpo' => $key,
        'donneesNaissance' => [
            'dateNaiIndOpi' => '31012004', // ddMMyyyy
            'temDateNaiRelOpi' => 'N',
        ],
        'etatCivil' => [
            'codNneIndOpi' => '1234567890A', // INE and its key, 11 characters
            'codSexEtuOpi' => 'F',
            'libNomPatIndOpi' => 'LEFÈVRE',
            'libPr1IndOpi' => 'ÉLODIE',
            'libPr2IndOpi' => 'Œ',
        ],
    ];
}

const ADRESSE_FIXE = [
    'codBdi' => '57000',
    'codCom' => '57463',
    'codPay' => '100',
    'lib1' => 'Résidence Les Tilleuls, bâtiment B',
    'numTel' => '0387000000',
];

function derived(string $key, string $suffix): string
{
    return strlen($key) >= 4 ? substr($key, 0, -2) . $suffix : $key . $suffix;
}

if ($argc < 3 || $argc > 4) {
    fail("usage: php php_opi.php WSDL KEY [ADDRESS]");
}
$wsdl = $argv[1];
$key = $argv[2];
$override = $argc === 4 ? $argv[3] : null;
$keys = ['v10' => $key, 'v9' => null, 'clear' => derived($key, 'CL')];

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
$operations = [];
foreach ($client->__getFunctions() as $f) {
    if (preg_match('/^\S+\s+(\w+)\(/', $f, $m)) {
        $operations[$m[1]] = true;
    }
}

$sent = [];
$results = [];
$requests = [];
$responses = [];

function push(SoapClient $client, array &$sent, array &$results, array &$requests, array &$responses,
              string $name, string $op, array $data): void
{
    $sent[$name] = $data;
    try {
        $response = $client->__soapCall($op, [['_donneesOpi' => $data]]);
    } catch (SoapFault $f) {
        fail("$op ($name) failed: {$f->faultcode} {$f->faultstring}\nrequest: " . $client->__getLastRequest()
            . "\nresponse: " . $client->__getLastResponse());
    }
    $requests[$name] = $client->__getLastRequest();
    $responses[$name] = $client->__getLastResponse();
    // An empty response wrapper: SoapClient gives an empty stdClass (or null).
    $value = plain($response);
    $results[$name] = ($value === [] || $value === null) ? null : $value;
}

// 1. v10, the whole OPI with two wishes.
$opi10 = [
    'adresseFixe' => ADRESSE_FIXE,
    'individu' => individu($key),
    'voeux' => ['item' => [wish('CG1', 'L1INF', 101, 1), wish('CG1', 'L2INF', 201, 2)]],
];
push($client, $sent, $results, $requests, $responses, 'v10', 'mettreajourDonneesOpi_v10', $opi10);

// 2. A wish without codEtp: the fault, exactly the code, nothing written.
$bad = $opi10;
unset($bad['voeux']['item'][1]['codEtp']);
$sent['fault'] = $bad;
try {
    $value = $client->__soapCall('mettreajourDonneesOpi_v10', [['_donneesOpi' => $bad]]);
    $results['fault'] = null;
    $results['fault_unexpected_result'] = plain($value);
} catch (SoapFault $f) {
    $requests['fault'] = $client->__getLastRequest();
    $responses['fault'] = $client->__getLastResponse();
    if ($f->getMessage() !== $f->faultstring) {
        fail("SoapFault::getMessage() « {$f->getMessage()} » differs from faultstring « {$f->faultstring} »");
    }
    $results['fault'] = $f->getMessage();
    $results['fault_code'] = $f->faultcode;
    // SoapClient decodes the detail with the WSDL's fault part: {fault: WebBaseException}.
    $detail = plain($f->detail ?? null);
    $results['fault_detail_lastErrorMsg'] = $detail['fault']['lastErrorMsg'] ?? null;
}

// 3. v9, when the WSDL offers it.
if (isset($operations['mettreajourDonneesOpi_v9'])) {
    $keys['v9'] = derived($key, 'V9');
    $opi9 = [
        'adresseFixe' => ADRESSE_FIXE,
        'individu' => individu($keys['v9']),
        'voeux' => ['item' => [wish('CG1', 'L1INF', 101, 1)]],
    ];
    push($client, $sent, $results, $requests, $responses, 'v9', 'mettreajourDonneesOpi_v9', $opi9);
}

// 4. Clearing the wishes: one empty item (every field nil).
$opiClear = [
    'individu' => individu($keys['clear']),
    'voeux' => ['item' => [wish('CG1', 'L1INF', 101, 1)]],
];
push($client, $sent, $results, $requests, $responses, 'clear_push', 'mettreajourDonneesOpi_v10', $opiClear);
$opiClear['voeux'] = ['item' => [[]]];
push($client, $sent, $results, $requests, $responses, 'clear', 'mettreajourDonneesOpi_v10', $opiClear);

$out = [
    'client' => 'php',
    'address' => $override,
    'keys' => $keys,
    'sent' => $sent,
    'results' => $results,
    'requests' => $requests,
    'responses' => $responses,
];
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
