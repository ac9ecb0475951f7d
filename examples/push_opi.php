<?php
// OpiMetier from PHP SoapClient: push a pre-enrolment (OPI) as a MoveOn-style bridge does.
//   php examples/push_opi.php [http://127.0.0.1:8080/services/OpiMetier]
//
// Pushes one OPI with two wishes (mettreajourDonneesOpi_v10), shows how a refused
// OPI comes back (a SoapFault whose message is the error code), then withdraws
// every wish the way eCandidat does: one empty `item`.
$url = $argv[1] ?? 'http://127.0.0.1:8080/services/OpiMetier';
$client = new SoapClient($url . '?wsdl', ['cache_wsdl' => WSDL_CACHE_NONE]);

// Mandatory per wish: codCge, codDemDos, codEtp, codVrsVet, numCls.
function wish(string $cge, string $etp, int $vet, int $cls): array
{
    return ['codCge' => $cge, 'codEtp' => $etp, 'codVrsVet' => $vet, 'numCls' => $cls,
            'codDemDos' => 'C', 'codDecVeu' => 'F'];
}

// Nested arrays follow the WSDL's types; whatever is left out is sent as
// xsi:nil, which the server reads as "not given" (a block not sent keeps what
// is stored). Strings are UTF-8: accents are kept as sent.
$opi = [
    'individu' => [
        'codOpiIntEpo' => 'M240001235', // the OPI key, 10 characters at most
        'etatCivil' => [
            'codNneIndOpi' => '1234567890A', // INE and its key, 11 characters
            'codSexEtuOpi' => 'F',
            'libNomPatIndOpi' => 'LEFÈVRE',
            'libPr1IndOpi' => 'ÉLODIE',
            'libPr2IndOpi' => 'Œ',
        ],
        'donneesNaissance' => ['dateNaiIndOpi' => '31012004', 'temDateNaiRelOpi' => 'N'], // ddMMyyyy
    ],
    'adresseFixe' => ['codBdi' => '57000', 'codCom' => '57463', 'codPay' => '100',
                      'lib1' => 'Résidence Les Tilleuls, bâtiment B'],
    // The wishes go under 'item'. A plain list ('voeux' => [wish, wish]) is
    // silently dropped by SoapClient: the OPI would arrive without wishes.
    'voeux' => ['item' => [wish('CG1', 'L1INF', 101, 1), wish('CG1', 'L2INF', 201, 2)]],
];

// Success is "no fault": the response is an empty wrapper.
$client->mettreajourDonneesOpi_v10(['_donneesOpi' => $opi]);
echo 'pushed ', $opi['individu']['codOpiIntEpo'], ' with ', count($opi['voeux']['item']), " wishes\n";

// A refused OPI: getMessage() is the stable code to compare with; the detail
// names the element at fault and says why.
$noEtp = wish('CG1', 'L1INF', 101, 1);
unset($noEtp['codEtp']);
try {
    $client->mettreajourDonneesOpi_v10(['_donneesOpi' => ['voeux' => ['item' => [$noEtp]]] + $opi]);
} catch (SoapFault $f) {
    echo 'fault: ', $f->getMessage(), "\n"; // technical.parameter.noncoherentinput.codEtp
    echo '  element: ', $f->detail->fault->element ?? '', "\n"; // _donneesOpi/voeux/item[1]/codEtp
    echo '  message: ', $f->detail->fault->lastErrorMsg ?? '', "\n";
}

// Withdrawing every wish: one empty item (all its fields nil). No item at all,
// or voeux left out, keeps the stored wishes.
$client->mettreajourDonneesOpi_v10(['_donneesOpi' => ['voeux' => ['item' => [[]]]] + $opi]);
echo 'wishes of ', $opi['individu']['codOpiIntEpo'], " cleared\n";
