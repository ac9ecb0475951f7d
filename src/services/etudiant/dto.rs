//! The payload DTOs of `EtudiantMetier` as the reference XSDs define them
//! (`wsdl/schemas/etudiant/*.xsd`; `InfoAdmEtuDTO2` from the 6.20.51 client):
//! names, order, types, nillable, occurrences, each type in its own namespace.
//! Types that share a name in different namespaces get distinct Rust names
//! (`TableauBlocages2/3/4`, `TableauIndBacDTOIn2/3`).

#![allow(clippy::upper_case_acronyms)]

use crate::soap::dto::{DecodeError, SchemaSet, XmlItem};
use crate::soap::writer::XmlOut;
use crate::soap::Node;

/// An `xsd:dateTime`, kept as the text written (`2003-04-12T00:00:00`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateTime(pub String);

impl XmlItem for DateTime {
    fn decode_item(node: &Node, _path: &str) -> Result<Option<Self>, DecodeError> {
        Ok(node.value().map(|v| DateTime(v.to_string())))
    }
    fn encode_item(&self, name: &str, out: &mut XmlOut) {
        out.leaf(name, &self.0);
    }
    fn xsd_type(_: &mut SchemaSet) -> String {
        "xsd:dateTime".into()
    }
}

crate::dto! {
    /// `IdentifiantsEtudiantDTO` (v1: INE and its key apart).
    pub struct IdentifiantsEtudiantDTO ("IdentifiantsEtudiantDTO", "IdentifiantsEtudiantDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cle_ine: Option<String> = "cleINE" [nillable],
        cod_etu: Option<i32> = "codEtu" [nillable],
        cod_ind: Option<i32> = "codInd" [nillable],
        email_annuaire: Option<String> = "emailAnnuaire" [nillable],
        login_annuaire: Option<String> = "loginAnnuaire" [nillable],
        num_boursier: Option<String> = "numBoursier" [nillable],
        numero_ine: Option<String> = "numeroINE" [nillable],
    }
}

crate::dto! {
    /// `IdentifiantsEtudiantDTO2` (`numeroINE` includes the key).
    pub struct IdentifiantsEtudiantDTO2 ("IdentifiantsEtudiantDTO2", "IdentifiantsEtudiantDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_etu: Option<i32> = "codEtu" [nillable],
        cod_ind: Option<i32> = "codInd" [nillable],
        email_annuaire: Option<String> = "emailAnnuaire" [nillable],
        login_annuaire: Option<String> = "loginAnnuaire" [nillable],
        num_boursier: Option<String> = "numBoursier" [nillable],
        numero_ine: Option<String> = "numeroINE" [nillable],
    }
}

crate::dto! {
    pub struct DepartementCourtDTO ("DepartementCourtDTO", "DepartementCourtDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_dept: Option<String> = "codeDept" [nillable],
        lib_dept: Option<String> = "libDept" [nillable],
    }
}

crate::dto! {
    pub struct DepartementDTO ("DepartementDTO", "DepartementDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_dept: Option<String> = "codeDept" [nillable],
        lib_dept: Option<String> = "libDept" [nillable],
        tem_en_sve_dept: Option<String> = "temEnSveDept" [nillable],
    }
}

crate::dto! {
    pub struct EtablissementDTO ("EtablissementDTO", "EtablissementDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_etb: Option<String> = "codeEtb" [nillable],
        lib_etb: Option<String> = "libEtb" [nillable],
    }
}

crate::dto! {
    pub struct MentionNivBacDTO ("MentionNivBacDTO", "MentionNivBacDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_mention: Option<String> = "codMention" [nillable],
        lib_mention: Option<String> = "libMention" [nillable],
    }
}

crate::dto! {
    pub struct TypeEtablissementDTO ("TypeEtablissementDTO", "TypeEtablissementDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_type_etb: Option<String> = "codTypeEtb" [nillable],
        lib_long_tpe: Option<String> = "libLongTpe" [nillable],
        lib_web_tpe: Option<String> = "libWebTpe" [nillable],
    }
}

crate::dto! {
    pub struct TypHandicapCourtDTO ("TypHandicapCourtDTO", "TypHandicapCourtDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_handicap: Option<String> = "codeHandicap" [nillable],
        lib_handicap: Option<String> = "libHandicap" [nillable],
        lib_thp: Option<String> = "libThp" [nillable],
    }
}

crate::dto! {
    pub struct NationaliteDTO ("NationaliteDTO", "NationaliteDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_nationalite: Option<String> = "codeNationalite" [nillable],
        lib_nationalite: Option<String> = "libNationalite" [nillable],
    }
}

crate::dto! {
    pub struct PaysDTO ("PaysDTO", "PaysDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_pay: Option<String> = "codPay" [nillable],
        lib_pay: Option<String> = "libPay" [nillable],
    }
}

crate::dto! {
    pub struct SitFamCourtDTO ("SitFamCourtDTO", "SitFamCourtDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_fam: Option<String> = "codeFam" [nillable],
        lib_fam: Option<String> = "libFam" [nillable],
        lib_long_fam: Option<String> = "libLongFam" [nillable],
    }
}

crate::dto! {
    pub struct SitMilCourtDTO ("SitMilCourtDTO", "SitMilCourtDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_mil: Option<String> = "codeMil" [nillable],
        lib_mil: Option<String> = "libMil" [nillable],
        lib_sim: Option<String> = "libSim" [nillable],
    }
}

crate::dto! {
    pub struct EtapeDTO ("EtapeDTO", "EtapeDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_etp: Option<String> = "codEtp" [nillable],
        lib_etp: Option<String> = "libEtp" [nillable],
    }
}

crate::dto! {
    pub struct TypeBlocageDTO ("TypeBlocageDTO", "TypeBlocageDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_typ_blocage: Option<String> = "codTypBlocage" [nillable],
        lib_typ_blocage: Option<String> = "libTypBlocage" [nillable],
    }
}

crate::dto! {
    pub struct BlocageDTO ("BlocageDTO", "BlocageDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_blocage: Option<String> = "codBlocage" [nillable],
        etape_blocage: Option<EtapeDTO> = "etapeBlocage" [nillable],
        lib_blocage: Option<String> = "libBlocage" [nillable],
        typ_blocage: Option<TypeBlocageDTO> = "typBlocage" [nillable],
    }
}

crate::dto! {
    /// `IndBacDTO` (InfoAdmEtuDTO2/3).
    pub struct IndBacDTO ("IndBacDTO", "IndBacDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        libelle_bac: Option<String> = "libelleBac" [nillable],
        annee_obtention_bac: Option<String> = "anneeObtentionBac" [nillable],
        cod_bac: Option<String> = "codBac" [nillable],
        departement_bac: Option<DepartementCourtDTO> = "departementBac" [nillable],
        etb_bac: Option<EtablissementDTO> = "etbBac" [nillable],
        mention_bac: Option<MentionNivBacDTO> = "mentionBac" [nillable],
        type_etb_bac: Option<TypeEtablissementDTO> = "typeEtbBac" [nillable],
    }
}

crate::dto! {
    /// `IndBacDTO2` (InfoAdmEtuDTO4): `IndBacDTO` plus specialities and options.
    pub struct IndBacDTO2 ("IndBacDTO2", "IndBacDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        libelle_bac: Option<String> = "libelleBac" [nillable],
        annee_obtention_bac: Option<String> = "anneeObtentionBac" [nillable],
        cod_bac: Option<String> = "codBac" [nillable],
        departement_bac: Option<DepartementCourtDTO> = "departementBac" [nillable],
        etb_bac: Option<EtablissementDTO> = "etbBac" [nillable],
        mention_bac: Option<MentionNivBacDTO> = "mentionBac" [nillable],
        type_etb_bac: Option<TypeEtablissementDTO> = "typeEtbBac" [nillable],
        cod_spe1_bac: Option<String> = "codSpe1Bac" [nillable],
        lic_spe1_bac: Option<String> = "licSpe1Bac" [nillable],
        li_web_spe1_bac: Option<String> = "liWebSpe1Bac" [nillable],
        cod_spe2_bac: Option<String> = "codSpe2Bac" [nillable],
        lic_spe2_bac: Option<String> = "licSpe2Bac" [nillable],
        li_web_spe2_bac: Option<String> = "liWebSpe2Bac" [nillable],
        cod_spe_bac_pre: Option<String> = "codSpeBacPre" [nillable],
        lic_spe_bac_pre: Option<String> = "licSpeBacPre" [nillable],
        li_web_spe_bac_pre: Option<String> = "liWebSpeBacPre" [nillable],
        cod_opt1_bac: Option<String> = "codOpt1Bac" [nillable],
        lic_opt1_bac: Option<String> = "licOpt1Bac" [nillable],
        li_web_opt1_bac: Option<String> = "liWebOpt1Bac" [nillable],
        cod_opt2_bac: Option<String> = "codOpt2Bac" [nillable],
        lic_opt2_bac: Option<String> = "licOpt2Bac" [nillable],
        li_web_opt2_bac: Option<String> = "liWebOpt2Bac" [nillable],
        cod_opt3_bac: Option<String> = "codOpt3Bac" [nillable],
        lic_opt3_bac: Option<String> = "licOpt3Bac" [nillable],
        li_web_opt3_bac: Option<String> = "liWebOpt3Bac" [nillable],
        cod_opt4_bac: Option<String> = "codOpt4Bac" [nillable],
        lic_opt4_bac: Option<String> = "licOpt4Bac" [nillable],
        li_web_opt4_bac: Option<String> = "liWebOpt4Bac" [nillable],
    }
}

crate::dto! { pub struct TableauIndBacDTOIn2 ("TableauIndBacDTO", "InfoAdmEtuDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<IndBacDTO> = "item" [optional],
} }
crate::dto! { pub struct TableauIndBacDTOIn3 ("TableauIndBacDTO", "InfoAdmEtuDTO3.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<IndBacDTO> = "item" [optional],
} }
crate::dto! { pub struct TableauIndBacDTO2 ("TableauIndBacDTO2", "InfoAdmEtuDTO4.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<IndBacDTO2> = "item" [optional],
} }
crate::dto! { pub struct TableauBlocages2 ("TableauBlocages", "InfoAdmEtuDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<BlocageDTO> = "item" [optional],
} }
crate::dto! { pub struct TableauBlocages3 ("TableauBlocages", "InfoAdmEtuDTO3.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<BlocageDTO> = "item" [optional],
} }
crate::dto! { pub struct TableauBlocages4 ("TableauBlocages", "InfoAdmEtuDTO4.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<BlocageDTO> = "item" [optional],
} }

crate::dto! {
    /// `InfoAdmEtuDTO2` (6.20.51 client; no third first name, no civil-status fields).
    pub struct InfoAdmEtuDTO2 ("InfoAdmEtuDTO2", "InfoAdmEtuDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        annee_premiere_insc_ens_sup: Option<String> = "anneePremiereInscEnsSup" [nillable],
        annee_premiere_insc_etb: Option<String> = "anneePremiereInscEtb" [nillable],
        annee_premiere_insc_etr: Option<String> = "anneePremiereInscEtr" [nillable],
        annee_premiere_insc_univ: Option<String> = "anneePremiereInscUniv" [nillable],
        liste_bacs: Option<TableauIndBacDTOIn2> = "listeBacs" [nillable],
        liste_blocages: Option<TableauBlocages2> = "listeBlocages" [nillable],
        date_naissance: Option<DateTime> = "dateNaissance" [nillable],
        departement_naissance: Option<DepartementDTO> = "departementNaissance" [nillable],
        etb_premiere_insc_univ: Option<EtablissementDTO> = "etbPremiereInscUniv" [nillable],
        handicap: Option<TypHandicapCourtDTO> = "handicap" [nillable],
        lib_ville_naissance: Option<String> = "libVilleNaissance" [nillable],
        nationalite_dto: Option<NationaliteDTO> = "nationaliteDTO" [nillable],
        nom_patronymique: Option<String> = "nomPatronymique" [nillable],
        nom_usuel: Option<String> = "nomUsuel" [nillable],
        num_boursier: Option<String> = "numBoursier" [nillable],
        num_etu: Option<i32> = "numEtu" [nillable],
        numero_ine: Option<String> = "numeroINE" [nillable],
        pays_naissance: Option<PaysDTO> = "paysNaissance" [nillable],
        prenom1: Option<String> = "prenom1" [nillable],
        prenom2: Option<String> = "prenom2" [nillable],
        sexe: Option<String> = "sexe" [nillable],
        situation_familiale: Option<SitFamCourtDTO> = "situationFamiliale" [nillable],
        situation_militaire: Option<SitMilCourtDTO> = "situationMilitaire" [nillable],
        temoin_date_naiss_estimee: Option<String> = "temoinDateNaissEstimee" [nillable],
        temoin_sit_mil_en_regle: Option<String> = "temoinSitMilEnRegle" [nillable],
    }
}

/// Declares `InfoAdmEtuDTO3` and `InfoAdmEtuDTO4`: the same fields, their own
/// bac list and blocking list types.
macro_rules! info_adm {
    ($name:ident, $tname:literal, $tns:literal, $bacs:ty, $blocages:ty) => {
        crate::dto! {
            pub struct $name ($tname, $tns) {
                annee_premiere_insc_ens_sup: Option<String> = "anneePremiereInscEnsSup" [nillable],
                annee_premiere_insc_etb: Option<String> = "anneePremiereInscEtb" [nillable],
                annee_premiere_insc_etr: Option<String> = "anneePremiereInscEtr" [nillable],
                annee_premiere_insc_univ: Option<String> = "anneePremiereInscUniv" [nillable],
                liste_bacs: Option<$bacs> = "listeBacs" [nillable],
                liste_blocages: Option<$blocages> = "listeBlocages" [nillable],
                date_naissance: Option<DateTime> = "dateNaissance" [nillable],
                departement_naissance: Option<DepartementDTO> = "departementNaissance" [nillable],
                etb_premiere_insc_univ: Option<EtablissementDTO> = "etbPremiereInscUniv" [nillable],
                handicap: Option<TypHandicapCourtDTO> = "handicap" [nillable],
                lib_ville_naissance: Option<String> = "libVilleNaissance" [nillable],
                nationalite_dto: Option<NationaliteDTO> = "nationaliteDTO" [nillable],
                nom_patronymique: Option<String> = "nomPatronymique" [nillable],
                nom_usuel: Option<String> = "nomUsuel" [nillable],
                num_boursier: Option<String> = "numBoursier" [nillable],
                num_etu: Option<i32> = "numEtu" [nillable],
                numero_ine: Option<String> = "numeroINE" [nillable],
                pays_naissance: Option<PaysDTO> = "paysNaissance" [nillable],
                prenom1: Option<String> = "prenom1" [nillable],
                prenom2: Option<String> = "prenom2" [nillable],
                prenom3: Option<String> = "prenom3" [nillable],
                prenom_etat_civil: Option<String> = "prenomEtatCivil" [nillable],
                sexe: Option<String> = "sexe" [nillable],
                sex_etat_civil: Option<String> = "sexEtatCivil" [nillable],
                situation_familiale: Option<SitFamCourtDTO> = "situationFamiliale" [nillable],
                situation_militaire: Option<SitMilCourtDTO> = "situationMilitaire" [nillable],
                temoin_date_naiss_estimee: Option<String> = "temoinDateNaissEstimee" [nillable],
                temoin_sit_mil_en_regle: Option<String> = "temoinSitMilEnRegle" [nillable],
            }
        }
    };
}
info_adm!(
    InfoAdmEtuDTO3,
    "InfoAdmEtuDTO3",
    "InfoAdmEtuDTO3.etudiant.dto.transverse.commun.apogee.education.gouv",
    TableauIndBacDTOIn3,
    TableauBlocages3
);
info_adm!(
    InfoAdmEtuDTO4,
    "InfoAdmEtuDTO4",
    "InfoAdmEtuDTO4.etudiant.dto.transverse.commun.apogee.education.gouv",
    TableauIndBacDTO2,
    TableauBlocages4
);

// Addresses (recupererAdressesEtudiant_v2).

crate::dto! {
    /// `TypeHebergementDTO` (recupererTypeHebergement).
    pub struct TypeHebergementDTO ("TypeHebergementDTO", "TypeHebergementDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_type_hebergement: Option<String> = "codTypeHebergement" [nillable],
        lib_type_hebergement: Option<String> = "libTypeHebergement" [nillable],
        lib_web_type_hebergement: Option<String> = "libWebTypeHebergement" [nillable],
        tem_en_sve_type_hebergement: Option<String> = "temEnSveTypeHebergement" [nillable],
        tem_min_type_hebergement: Option<String> = "temMinTypeHebergement" [nillable],
    }
}

crate::dto! {
    pub struct TypeHebergementCourtDTO ("TypeHebergementCourtDTO", "TypeHebergementCourtDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_type_hebergement: Option<String> = "codTypeHebergement" [nillable],
        lib_type_hebergement: Option<String> = "libTypeHebergement" [nillable],
        lib_web_type_hebergement: Option<String> = "libWebTypeHebergement" [nillable],
    }
}

crate::dto! {
    pub struct CommuneDTO2 ("CommuneDTO2", "CommuneDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_insee: Option<String> = "codeInsee" [nillable],
        code_postal: Option<String> = "codePostal" [nillable],
        nom_commune: Option<String> = "nomCommune" [nillable],
        lib_ach: Option<String> = "libAch" [nillable],
    }
}

crate::dto! {
    pub struct AdresseDTO2 ("AdresseDTO2", "AdresseDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        commune: Option<CommuneDTO2> = "commune" [nillable],
        lib_ad1: Option<String> = "libAd1" [nillable],
        lib_ad2: Option<String> = "libAd2" [nillable],
        lib_ad3: Option<String> = "libAd3" [nillable],
        lib_ade: Option<String> = "libAde" [nillable],
        num_tel: Option<String> = "numTel" [nillable],
        pays: Option<PaysDTO> = "pays" [nillable],
    }
}

crate::dto! {
    pub struct CoordonneesDTO2 ("CoordonneesDTO2", "CoordonneesDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        type_hebergement: Option<TypeHebergementCourtDTO> = "typeHebergement" [nillable],
        adresse_annuelle: Option<AdresseDTO2> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<AdresseDTO2> = "adresseFixe" [nillable],
        email: Option<String> = "email" [nillable],
        email_annuaire: Option<String> = "emailAnnuaire" [nillable],
        login_annuaire: Option<String> = "loginAnnuaire" [nillable],
        num_tel_portable: Option<String> = "numTelPortable" [nillable],
        annee: Option<String> = "annee" [nillable],
    }
}

// Address update (mettreAJourAdressesEtudiant).

crate::dto! {
    pub struct CommuneMajDTO ("CommuneMajDTO", "CommuneMajDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code_insee: Option<String> = "codeInsee" [nillable],
        code_postal: Option<String> = "codePostal" [nillable],
    }
}

crate::dto! {
    pub struct AdresseMajDTO ("AdresseMajDTO", "AdresseMajDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        commune: Option<CommuneMajDTO> = "commune" [nillable],
        lib_ad1: Option<String> = "libAd1" [nillable],
        lib_ad2: Option<String> = "libAd2" [nillable],
        lib_ad3: Option<String> = "libAd3" [nillable],
        lib_ade: Option<String> = "libAde" [nillable],
        num_tel: Option<String> = "numTel" [nillable],
        cod_pays: Option<String> = "codPays" [nillable],
    }
}

crate::dto! {
    pub struct CoordonneesMajDTO ("CoordonneesMajDTO", "CoordonneesMajDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        type_hebergement: Option<String> = "typeHebergement" [nillable],
        adresse_annuelle: Option<AdresseMajDTO> = "adresseAnnuelle" [nillable],
        adresse_fixe: Option<AdresseMajDTO> = "adresseFixe" [nillable],
        email: Option<String> = "email" [nillable],
        num_tel_portable: Option<String> = "numTelPortable" [nillable],
        annee: Option<String> = "annee" [nillable],
    }
}

// Student lists (recupererListeEtudiants).

crate::dto! {
    pub struct EtudiantCritereListeDTO ("EtudiantCritereListeDTO", "EtudiantCritereListeDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        code: Option<String> = "code" [nillable],
        list_version: Vec<String> = "listVersion" [nillable, optional],
    }
}
crate::dto! { pub struct TableauDiplomes ("TableauDiplomes", "EtudiantCritereDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<EtudiantCritereListeDTO> = "item" [optional],
} }
crate::dto! { pub struct TableauEtapes ("TableauEtapes", "EtudiantCritereDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
    item: Vec<EtudiantCritereListeDTO> = "item" [optional],
} }

crate::dto! {
    pub struct EtudiantCritereDTO ("EtudiantCritereDTO", "EtudiantCritereDTO.etudiant.dto.transverse.commun.apogee.education.gouv") {
        annee: Option<String> = "annee" [nillable],
        list_diplomes: Option<TableauDiplomes> = "listDiplomes" [nillable],
        list_etapes: Option<TableauEtapes> = "listEtapes" [nillable],
        code_collection_vet: Option<String> = "codeCollectionVET" [nillable],
        code_groupe_vet: Option<String> = "codeGroupeVET" [nillable],
        list_elp: Vec<String> = "listELP" [nillable, optional],
        code_collection_elp: Option<String> = "codeCollectionELP" [nillable],
        code_groupe_elp: Option<String> = "codeGroupeELP" [nillable],
        list_epr: Vec<String> = "listEPR" [nillable, optional],
        list_type_handicap: Vec<String> = "listTypeHandicap" [nillable, optional],
        list_sportif_haut_niv: Vec<String> = "listSportifHautNiv" [nillable, optional],
        code_regime_inscr_etp: Option<String> = "codeRegimeInscrETP" [nillable],
        list_sit_sociale: Vec<String> = "listSitSociale" [nillable, optional],
        sens_ech_inter: Option<String> = "sensEchInter" [nillable],
        code_ech_inter: Option<String> = "codeEchInter" [nillable],
        list_pays_ech_inter: Vec<String> = "listPaysEchInter" [nillable, optional],
        list_type_etab_freq: Vec<String> = "listTypeEtabFreq" [nillable, optional],
        maintien_inscr_autre_etab: Option<String> = "maintienInscrAutreEtab" [nillable],
        list_centre_gestion: Vec<String> = "listCentreGestion" [nillable, optional],
        list_composante: Vec<String> = "listComposante" [nillable, optional],
        list_cip: Vec<String> = "listCIP" [nillable, optional],
        tem_val_acquis_xp: Option<String> = "temValAcquisXP" [nillable],
        tem_ves_cii: Option<String> = "temVesCii" [nillable],
        tem_vapp: Option<String> = "temVapp" [nillable],
        tem_part_international: Option<String> = "temPartInternational" [nillable],
        etat_these: Option<String> = "etatThese" [nillable],
        type_resultat: Option<String> = "typeResultat" [nillable],
        objet_resultat: Option<String> = "objetResultat" [nillable],
    }
}

crate::dto! {
    pub struct EtudiantDTO2 ("EtudiantDTO2", "EtudiantDTO2.etudiant.dto.transverse.commun.apogee.education.gouv") {
        cod_etu: Option<String> = "codEtu" [nillable],
        nom: Option<String> = "nom" [nillable],
        prenom: Option<String> = "prenom" [nillable],
        date_naissance: Option<String> = "dateNaissance" [nillable],
        numero_ine: Option<String> = "numeroIne" [nillable],
    }
}
