<?php
// Reads a student from EtudiantMetier through PHP's SoapClient, as eCandidat
// looks up a returning applicant (the same calls as zeep_etudiant.py).
//
//     php php_etudiant.php WSDL [ADDRESS]
//
// Unset parameters are sent as null (SoapClient: an empty element).
// Prints one JSON object on stdout. Used by tests/interop_etudiant.rs.

declare(strict_types=1);

function fail(string $msg): void
{
    fwrite(STDERR, $msg . "\n");
    exit(1);
}

if ($argc < 2 || $argc > 3) {
    fail("usage: php php_etudiant.php WSDL [ADDRESS]");
}
$options = [
    'trace' => 1,
    'exceptions' => true,
    'cache_wsdl' => WSDL_CACHE_NONE,
    'soap_version' => SOAP_1_1,
];
if ($argc === 3) {
    $options['location'] = $argv[2];
}
try {
    $client = new SoapClient($argv[1], $options);
} catch (Throwable $e) {
    fail("SoapClient refused the WSDL {$argv[1]}: " . $e->getMessage());
}
$unset = ['_codEtu' => null, '_codInd' => null, '_numINE' => null, '_numBoursier' => null,
    '_codOPI' => null, '_nom' => null, '_prenom' => null, '_dateNaiss' => null, '_temoinRecupAnnu' => 'N'];

function call(SoapClient $client, string $op, array $params)
{
    try {
        return $client->__soapCall($op, [$params]);
    } catch (SoapFault $f) {
        fail("$op failed: {$f->faultstring}\nrequest: " . $client->__getLastRequest());
    }
}

$results = [];
$r = call($client, 'recupererIdentifiantsEtudiant_v2', array_merge($unset, ['_numINE' => '1234567890A']))
    ->recupererIdentifiantsEtudiant_v2Return;
$results['ident'] = ['codEtu' => $r->codEtu, 'codInd' => $r->codInd, 'numeroINE' => $r->numeroINE];
$codEtu = (string)$r->codEtu;

$i = call($client, 'recupererInfosAdmEtu_v4', ['_codEtu' => $codEtu])->recupererInfosAdmEtu_v4Return;
$bacs = [];
$items = $i->listeBacs->item ?? [];
foreach (is_array($items) ? $items : [$items] as $b) {
    $bacs[] = ['codBac' => $b->codBac, 'anneeObtentionBac' => $b->anneeObtentionBac, 'codSpe1Bac' => $b->codSpe1Bac];
}
$results['infos'] = [
    'nomPatronymique' => $i->nomPatronymique,
    'prenom1' => $i->prenom1,
    'dateNaissance' => substr($i->dateNaissance, 0, 10),
    'nationalite' => $i->nationaliteDTO->libNationalite,
    'bacs' => $bacs,
];

$a = call($client, 'recupererAdressesEtudiant_v2', ['_codEtu' => $codEtu, '_annee' => null, '_recupAnnuaire' => 'N'])
    ->recupererAdressesEtudiantReturn;
$results['adresses'] = [
    'annee' => $a->annee,
    'codePostal' => $a->adresseAnnuelle->commune->codePostal,
    'codeInsee' => $a->adresseAnnuelle->commune->codeInsee,
    'codPay' => $a->adresseFixe->pays->codPay,
];

// esup-mdw's address update (e-mail forced to ""), then read back.
$maj = [
    'typeHebergement' => '4',
    'adresseAnnuelle' => ['commune' => ['codeInsee' => '35238', 'codePostal' => '35000'],
        'libAd1' => '5 RUE DE BREST', 'codPays' => '100'],
    'adresseFixe' => null,
    'email' => '',
    'numTelPortable' => null,
    'annee' => '2025',
];
call($client, 'mettreAJourAdressesEtudiant', ['_coordonnees' => $maj, '_codEtu' => '21000005']);
$b = call($client, 'recupererAdressesEtudiant_v2', ['_codEtu' => '21000005', '_annee' => '2025', '_recupAnnuaire' => 'N'])
    ->recupererAdressesEtudiantReturn;
$results['maj'] = [
    'annee' => $b->annee,
    'libAd1' => $b->adresseAnnuelle->libAd1,
    'nomCommune' => $b->adresseAnnuelle->commune->nomCommune,
    'typeHebergement' => $b->typeHebergement->codTypeHebergement,
];

try {
    $client->__soapCall('recupererIdentifiantsEtudiant_v2', [array_merge($unset, ['_codEtu' => '29999999'])]);
    $results['fault'] = null;
} catch (SoapFault $f) {
    $results['fault'] = $f->getMessage();
}

$address = $options['location'] ?? null;
if ($address === null && preg_match('/location="([^"]+)"/', (string)@file_get_contents($argv[1]), $m)) {
    $address = $m[1];
}
echo json_encode(['client' => 'php', 'address' => $address, 'results' => $results],
    JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES), "\n";
