#!/usr/bin/env python3
"""Writes a generated course catalogue in the import-offre JSON format.

    python3 scripts/gen-catalogue.py 500 > /tmp/catalogue.json   # 500 VETs, 20,000 ELPs

N étapes (one version each) in N/10 diplomas; each VET has a compulsory list of
20 ELPs whose first groups an optional sub-list of 20 more (40 ELPs per VET).
The same shape as `generated()` in tests/store_offre.rs.
"""
import json
import sys

n_vets = int(sys.argv[1]) if len(sys.argv) > 1 else 500
c = {
    "composantes": [{"code": "GEN", "lib": "Composante générée"}],
    "centres_gestion": [{"code": "GE1", "lib": "Centre généré"}],
    "natures_elp": [{"code": "UE", "lib": "Unité d'enseignement"}],
    "diplomes": [], "versions_diplome": [], "etapes": [], "versions_etape": [],
    "vdi_fractionner_vet": [], "etp_gerer_cge": [], "listes_elp": [],
    "elements_pedagogi": [], "vet_regroupe_lse": [], "lse_regroupe_elp": [],
    "elp_regroupe_lse": [],
}
for d in range((n_vets + 9) // 10):
    dip = f"D{d:04}"
    c["diplomes"].append({"cod_dip": dip, "lib_dip": f"Diplôme généré n° {d}"})
    c["versions_diplome"].append({"cod_dip": dip, "cod_vrs_vdi": 1,
                                  "lib_web_vdi": f"Diplôme généré n° {d}, version 1", "cod_cmp": "GEN"})
    for e in range(10):
        n = d * 10 + e
        if n >= n_vets:
            break
        etp = f"E{n:05}"
        c["etapes"].append({"cod_etp": etp, "lib_etp": f"Étape générée n° {n}"})
        c["versions_etape"].append({"cod_etp": etp, "cod_vrs_vet": 1, "lib_web_vet": f"Étape générée n° {n}",
                                    "cod_cmp": "GEN", "nbr_crd_vet": "60"})
        c["vdi_fractionner_vet"].append({"cod_dip": dip, "cod_vrs_vdi": 1, "cod_etp": etp, "cod_vrs_vet": 1,
                                         "daa_deb_rct_vet": "2024", "daa_fin_rct_vet": "2030"})
        c["etp_gerer_cge"].append({"cod_etp": etp, "cod_cge": "GE1", "cod_cmp": "GEN", "capacite_accueil": 100})
        for l, kind in (("A", "O"), ("B", "X")):
            lse = f"L{n:05}{l}"
            c["listes_elp"].append({"cod_lse": lse, "lib_lse": f"Liste {l} de l'étape {n}", "cod_typ_lse": kind})
            for k in range(20):
                elp = f"P{n * 40 + (0 if l == 'A' else 20) + k:07}"
                c["elements_pedagogi"].append({"cod_elp": elp, "lib_elp": f"Élément {elp}",
                                               "cod_nel": "UE", "nbr_crd_elp": "3"})
                c["lse_regroupe_elp"].append({"cod_lse": lse, "cod_elp": elp})
        c["vet_regroupe_lse"].append({"cod_etp": etp, "cod_vrs_vet": 1, "cod_lse": f"L{n:05}A"})
        c["elp_regroupe_lse"].append({"cod_elp": f"P{n * 40:07}", "cod_lse": f"L{n:05}B"})
json.dump(c, sys.stdout, ensure_ascii=False)
