"""A student's registrations and results from Python with zeep, the way an ENT
portal (esup-mdw) builds its "inscriptions" and "notes" screens.

    .venv/bin/python examples/releve_zeep.py [CODETU] [http://127.0.0.1:8080/services]

Needs the demo data (`serve --demo`, with the demo students) or your own
dossier (docs/INSCRIPTIONS.md). zeep refuses None for these plain xsd:string
parameters: "" is what it sends for "not given", and Passerelle reads it so.
"""
import sys

import zeep

cod_etu = sys.argv[1] if len(sys.argv) > 1 else "21000001"
base = sys.argv[2] if len(sys.argv) > 2 else "http://127.0.0.1:8080/services"
adm = zeep.Client(base + "/AdministratifMetier?wsdl").service
ped = zeep.Client(base + "/PedagogiqueMetier?wsdl").service


def items(wrapper):
    return [] if wrapper is None or wrapper.item is None else list(wrapper.item)


try:
    years = adm.recupererAnneesIa(_codEtu=cod_etu, _etatInscriptionIA="")
except zeep.exceptions.Fault as fault:
    # The fault string is the stable code (…noncoherentinput.codEtu, …nullretrieve.findIAA).
    sys.exit(f"{cod_etu}: {fault.message}")
print(f"{cod_etu}: registered in {', '.join(years)}")

for iae in adm.recupererIAEtapes_v3(_codEtu=cod_etu, _annee="toutes", _etatIAA="ARE", _etatIAE="ARE"):
    print(f"  {iae.anneeIAE} {iae.etape.codeEtp}/{iae.etape.versionEtp} {iae.etape.libWebVet}"
          f" ({iae.etatIae.libEtatIAE}, {'payée' if iae.codeInscriptionPayee == 'P' else 'non payée'})")

# The student's view: only finished deliberations (T).
for c in ped.recupererContratPedagogiqueResultatVdiVet_v2(
        _codEtu=cod_etu, _codAnu="toutes", _sourceRes="Apogee", _etatDelib="T",
        _codSes="toutes", _typeRes="tous", _codEtaIae="E"):
    print(f"{c.annee} {c.diplome.libWebVdi}")
    for e in items(c.etapes):
        print(f"  {e.etape.libWebVet}")
        for r in items(e.resultatVet):
            mark = f"{r.notVet}/{r.barNotVet}" if r.notVet else "—"
            print(f"    {r.session.libSes}: {mark} {r.typResultat.libTre if r.typResultat else ''}")
        try:
            elps = ped.recupererContratPedagogiqueResultatElpEpr_v6(
                _codEtu=cod_etu, _codAnu=c.annee, _codEtp=e.etape.codEtp,
                _codVrsVet=str(e.etape.codVrsVet), _sourceRes="Apogee", _etatDelib="T",
                _codSes="toutes", _typeRes="tous", _codEtaIae="E")
        except zeep.exceptions.Fault as fault:
            print(f"    ({fault.message})")
            continue
        for elp in elps:
            marks = ", ".join(f"{r.notElp} (s{r.session.codSes})" for r in items(elp.resultatsElp))
            print(f"    {'  ' * (elp.rngElp - 1)}{elp.elp.codElp} {elp.elp.libElp}: {marks or '—'}")
