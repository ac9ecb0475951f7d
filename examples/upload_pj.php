<?php
// PjOpiMetier from PHP SoapClient: upload a supporting document (PDF, JPEG or PNG)
// for an OPI already pushed, as an applicant platform does after the OPI.
//
//   php examples/upload_pj.php FILE COD_OPI_INT_EPO NOM PRENOM COD_TPJ [URL]
//   e.g. php examples/upload_pj.php cni.pdf M240001235 LEFÈVRE ÉLODIE CNI
//
// `_pj` is given as the file's raw bytes in a PHP string: SoapClient encodes an
// xsd:base64Binary itself. Name and first name must match the OPI (case and
// accents are ignored). Prints PjOpiRetourDTO.msg; a refusal is a SoapFault whose
// message is the error code (technical.parameter.noncoherentinput.pj, …).
// What was stored: `passerelle pj list COD_OPI_INT_EPO`.
if ($argc < 6) {
    fwrite(STDERR, "usage: php upload_pj.php FILE COD_OPI_INT_EPO NOM PRENOM COD_TPJ [URL]\n");
    exit(2);
}
[, $path, $key, $nom, $prenom, $tpj] = $argv;
$url = $argv[6] ?? 'http://127.0.0.1:8080/services/PjOpiMetier';
$content = file_get_contents($path);
if ($content === false) {
    fwrite(STDERR, "cannot read $path\n");
    exit(2);
}
$client = new SoapClient($url . '?wsdl', ['cache_wsdl' => WSDL_CACHE_NONE]);
try {
    $retour = $client->recupererPiecesJustificativesOPIWS([
        '_codOpiIntEpo' => $key,
        '_libNomPatIndOpi' => $nom,
        '_libPr1IndOpi' => $prenom,
        '_codTpj' => $tpj,
        '_nomFic' => basename($path),
        '_pj' => $content,
    ]);
    // The answer holds one PjOpiRetourDTO: msg, erreurDescription.
    echo $retour->PjOpiRetourDTO->msg, "\n";
} catch (SoapFault $f) {
    fwrite(STDERR, "fault: {$f->getMessage()}\n");
    if (isset($f->detail->fault->lastErrorMsg)) {
        fwrite(STDERR, "  {$f->detail->fault->lastErrorMsg}\n");
    }
    exit(1);
}
