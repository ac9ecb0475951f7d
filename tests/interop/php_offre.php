<?php
// Reads the course structure from OffreFormationMetier through PHP's
// SoapClient, an independent SOAP client.
//
//     php php_offre.php WSDL [ADDRESS]
//
// WSDL is a URL (our served `?wsdl`) or a file (AMUE's original
// `OffreFormationMetier_Impl.wsdl`, whose relative imports libxml resolves
// from disk). ADDRESS, when given, replaces the endpoint written in the WSDL
// (SoapClient's `location` option).
//
// The calls (the same as tests/interop/zeep_offre.py):
//
// * `vet`: recupererSE_v4, one VET (aucun/aucun/L1INF/101/tous), read as
//   `$res->recupererSE_v4Return[0]->listVersionDiplome->item[0]
//   ->offreFormation->listEtape->item[0]->listVersionEtape->item[0]`
//   (SOAP_SINGLE_ELEMENT_ARRAYS: every repeated element is an array, even
//   with one occurrence, as PHP portals configure it);
// * `catalogue`: recupererSE_v4, tous/tous/tous/tous/aucun with
//   temOuvertRecrutement=O;
// * `fault`: recupererSE_v4 without codDip: the SOAP fault;
// * `v3`: recupererSE_v3 with the one-VET criteria (when the WSDL offers it).
//
// Prints one JSON object on stdout (UTF-8):
//
//     {"client": "php", "address": ..., "operations": [...], "results": {...},
//      "requests": {call: xml}}
//
// Any unexpected error goes to stderr with a non-zero exit status. Used by
// tests/interop_offre.rs; run scripts/install-test-clients.sh first.

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

const ONE_VET = [
    'codDip' => 'aucun',
    'codVrsVdi' => 'aucun',
    'codEtp' => 'L1INF',
    'codVrsVet' => '101',
    'codElp' => 'tous',
];
const CATALOGUE = [
    'codDip' => 'tous',
    'codVrsVdi' => 'tous',
    'codEtp' => 'tous',
    'codVrsVet' => 'tous',
    'codElp' => 'aucun',
    'temOuvertRecrutement' => 'O',
];

/** The `item`s of an array wrapper (`TableauXxx`), [] when absent or nil. */
function items($wrapper): array
{
    if ($wrapper === null || !isset($wrapper->item) || $wrapper->item === null) {
        return [];
    }
    return is_array($wrapper->item) ? $wrapper->item : [$wrapper->item];
}

/** The list of DiplomeDTO the answer wrapper holds. */
function diplomes($response, string $op): array
{
    $field = $op . 'Return';
    if (!is_object($response) || !isset($response->$field)) {
        fail("$op: no $field in the answer: " . json_encode($response));
    }
    return is_array($response->$field) ? $response->$field : [$response->$field];
}

function oneVet($response, string $op): array
{
    $res = diplomes($response, $op);
    $dip = $res[0];
    $vdi = $dip->listVersionDiplome->item[0];
    $etape = $vdi->offreFormation->listEtape->item[0];
    $vet = $etape->listVersionEtape->item[0];
    $lists = [];
    foreach (items($vet->listListeElementPedagogi ?? null) as $lse) {
        $elps = [];
        foreach (items($lse->listElementPedagogi ?? null) as $e) {
            $elps[] = $e->codElp;
        }
        $lists[] = ['codListElp' => $lse->codListElp, 'elps' => $elps];
    }
    $all = [];
    foreach ($res as $d) {
        foreach (items($d->listVersionDiplome ?? null) as $vd) {
            foreach (items($vd->offreFormation->listEtape ?? null) as $e) {
                foreach (items($e->listVersionEtape ?? null) as $v) {
                    $all["{$e->codEtp}/{$v->codVrsVet}"] = true;
                }
            }
        }
    }
    $all = array_keys($all);
    sort($all);
    return [
        'count' => count($res),
        'codDip' => $dip->codDip,
        'codVrsVdi' => $vdi->codVrsVdi,
        'codEtp' => $etape->codEtp,
        'codVrsVet' => $vet->codVrsVet,
        'libWebVet' => $vet->libWebVet,
        'lists' => $lists,
        'all_vets' => $all,
    ];
}

function catalogue($response): array
{
    $dips = [];
    $vets = [];
    foreach (diplomes($response, 'recupererSE_v4') as $d) {
        $dips[] = ['codDip' => $d->codDip, 'temOuvertRecrutement' => $d->temOuvertRecrutement ?? null];
        foreach (items($d->listVersionDiplome ?? null) as $vdi) {
            foreach (items($vdi->offreFormation->listEtape ?? null) as $e) {
                foreach (items($e->listVersionEtape ?? null) as $v) {
                    $vets[] = "{$e->codEtp}/{$v->codVrsVet}";
                }
            }
        }
    }
    return ['diplomas' => $dips, 'vets' => $vets];
}

if ($argc < 2 || $argc > 3) {
    fail("usage: php php_offre.php WSDL [ADDRESS]");
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
$operations = [];
foreach ($client->__getFunctions() as $f) {
    if (preg_match('/^\S+\s+(\w+)\(/', $f, $m)) {
        $operations[$m[1]] = true;
    }
}
$operations = array_keys($operations);
sort($operations);

$results = [];
$requests = [];

function call(SoapClient $client, array &$requests, string $name, string $op, array $critere)
{
    try {
        $response = $client->__soapCall($op, [['_seCritere' => $critere]]);
    } catch (SoapFault $f) {
        fail("$op ($name) failed: {$f->faultcode} {$f->faultstring}\nrequest: " . $client->__getLastRequest()
            . "\nresponse: " . $client->__getLastResponse());
    }
    $requests[$name] = $client->__getLastRequest();
    return $response;
}

$results['vet'] = oneVet(call($client, $requests, 'vet', 'recupererSE_v4', ONE_VET), 'recupererSE_v4');
$results['catalogue'] = catalogue(call($client, $requests, 'catalogue', 'recupererSE_v4', CATALOGUE));

// codDip left out of the array: SoapClient sends the nillable element as xsi:nil.
$missing = ONE_VET;
unset($missing['codDip']);
try {
    $value = $client->__soapCall('recupererSE_v4', [['_seCritere' => $missing]]);
    $results['fault'] = null;
    $results['fault_unexpected_result'] = plain($value);
} catch (SoapFault $f) {
    $requests['fault'] = $client->__getLastRequest();
    if ($f->getMessage() !== $f->faultstring) {
        fail("SoapFault::getMessage() « {$f->getMessage()} » differs from faultstring « {$f->faultstring} »");
    }
    $results['fault'] = $f->getMessage();
    $results['fault_code'] = $f->faultcode;
    $detail = plain($f->detail ?? null);
    $results['fault_detail_lastErrorMsg'] = $detail['fault']['lastErrorMsg'] ?? null;
}

if (in_array('recupererSE_v3', $operations, true)) {
    $results['v3'] = oneVet(call($client, $requests, 'v3', 'recupererSE_v3', ONE_VET), 'recupererSE_v3');
}

$out = [
    'client' => 'php',
    'address' => $override,
    'operations' => $operations,
    'results' => $results,
    'requests' => $requests,
];
echo json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR), "\n";
