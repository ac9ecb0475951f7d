<?php
// Reads a student's registrations and results through PHP's SoapClient.
//
//     php php_ins.php ADM_WSDL PED_WSDL [ADM_ADDRESS PED_ADDRESS]
//
// The WSDLs are URLs (our served `?wsdl`) or files (AMUE's original
// `*_Impl.wsdl`); the addresses, when given, replace the endpoints (the
// `location` option). The calls are those of tests/interop/zeep_ins.py, in
// the positional style PHP portals use (`__soapCall($op, [[params]])`),
// SOAP_SINGLE_ELEMENT_ARRAYS set.
//
// Prints one JSON object on stdout. Used by tests/interop_ins.rs.

declare(strict_types=1);

function fail(string $msg): void
{
    fwrite(STDERR, $msg . "\n");
    exit(1);
}

/** The `item`s of an array wrapper, [] when absent or nil. */
function items($wrapper): array
{
    if ($wrapper === null || !isset($wrapper->item) || $wrapper->item === null) {
        return [];
    }
    return is_array($wrapper->item) ? $wrapper->item : [$wrapper->item];
}

/** The repeated return elements of an answer. */
function returns($response, string $field): array
{
    if (!is_object($response) || !isset($response->$field)) {
        fail("no $field in the answer: " . json_encode($response));
    }
    return is_array($response->$field) ? $response->$field : [$response->$field];
}

function client(string $wsdl, ?string $location): SoapClient
{
    $options = [
        'trace' => true,
        'exceptions' => true,
        'cache_wsdl' => WSDL_CACHE_NONE,
        'features' => SOAP_SINGLE_ELEMENT_ARRAYS,
        'connection_timeout' => 30,
    ];
    if ($location !== null) {
        $options['location'] = $location;
    }
    return new SoapClient($wsdl, $options);
}

if ($argc !== 3 && $argc !== 5) {
    fail('usage: php php_ins.php ADM_WSDL PED_WSDL [ADM_ADDRESS PED_ADDRESS]');
}
try {
    $adm = client($argv[1], $argc === 5 ? $argv[3] : null);
    $ped = client($argv[2], $argc === 5 ? $argv[4] : null);
    $results = [];

    $r = $adm->__soapCall('recupererIAEtapes_v3', [[
        '_codEtu' => '21000001', '_annee' => 'toutes', '_etatIAA' => 'ARE', '_etatIAE' => 'ARE',
    ]]);
    $address = $argc === 5 ? $argv[3] : null;
    $results['etapes'] = [];
    foreach (returns($r, 'recupererIAEtapes_v3Return') as $e) {
        $results['etapes'][] = [
            'annee' => $e->anneeIAE,
            'codeEtp' => $e->etape->codeEtp,
            'versionEtp' => $e->etape->versionEtp,
            'codeDiplome' => $e->diplome->codeDiplome,
            'etatIae' => $e->etatIae->codeEtatIAE,
            'payee' => $e->codeInscriptionPayee,
            'dateIAE' => $e->dateIAE,
        ];
    }
    $r = $adm->__soapCall('recupererIAAnnuelles_v2', [[
        '_codEtu' => '21000001', '_annee' => 'toutes', '_etatIAA' => 'ARE',
    ]]);
    $results['annuelles'] = [];
    foreach (returns($r, 'recupererIAAnnuellesReturn_v2') as $a) {
        $results['annuelles'][] = [
            'annee' => $a->anneeIAA, 'etat' => $a->etatIaa->codeEtatIAA, 'codRgi' => $a->regimeIns->codRgi,
        ];
    }
    try {
        $adm->__soapCall('recupererIAEtapes_v3', [[
            '_codEtu' => '21000005', '_annee' => 'toutes', '_etatIAA' => 'ARE', '_etatIAE' => 'ARE',
        ]]);
        $results['etapes_fault'] = null;
    } catch (SoapFault $f) {
        $results['etapes_fault'] = $f->getMessage();
    }

    $r = $ped->__soapCall('recupererContratPedagogiqueResultatVdiVet_v2', [[
        '_codEtu' => '21000001', '_codAnu' => 'toutes', '_sourceRes' => 'Apogee',
        '_etatDelib' => 'T', '_codSes' => 'toutes', '_typeRes' => 'tous', '_codEtaIae' => 'E',
    ]]);
    $results['vdivet'] = [];
    foreach (returns($r, 'recupererContratPedagogiqueResultatVdiVet_v2Return') as $c) {
        $etapes = [];
        foreach (items($c->etapes ?? null) as $e) {
            $notes = [];
            foreach (items($e->resultatVet ?? null) as $res) {
                $notes[] = $res->notVet;
            }
            $etapes[] = ['codEtp' => $e->etape->codEtp, 'notes' => $notes];
        }
        $results['vdivet'][] = [
            'annee' => $c->annee,
            'codDip' => $c->diplome->codDip,
            'codVrsVdi' => $c->diplome->codVrsVdi,
            'etapes' => $etapes,
        ];
    }

    $r = $ped->__soapCall('recupererContratPedagogiqueResultatElpEpr_v6', [[
        '_codEtu' => '21000004', '_codAnu' => '2024', '_codEtp' => 'M1INF', '_codVrsVet' => '101',
        '_sourceRes' => 'Apogee', '_etatDelib' => 'T', '_codSes' => 'toutes', '_typeRes' => 'tous',
        '_codEtaIae' => 'E',
    ]]);
    $results['elpepr'] = [];
    foreach (returns($r, 'recupererContratPedagogiqueResultatElpEpr_v6Return') as $c) {
        $notes = [];
        foreach (items($c->resultatsElp ?? null) as $res) {
            $notes[] = $res->notElp;
        }
        $results['elpepr'][] = ['codElp' => $c->elp->codElp, 'rngElp' => $c->rngElp, 'notes' => $notes];
    }
} catch (Throwable $e) {
    fail(get_class($e) . ': ' . $e->getMessage());
}
echo json_encode([
    'client' => 'php',
    'address' => $address,
    'results' => $results,
], JSON_UNESCAPED_UNICODE | JSON_PRETTY_PRINT), "\n";
