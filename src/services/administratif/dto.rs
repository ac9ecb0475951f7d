//! The DTOs of `AdministratifMetier` (namespaces and element order of AMUE's
//! `schemas/administratif/*.xsd`, 6.70.00; `InsAdmEtpDTO2` from 6.40.01).
//! Every field is nillable; what Passerelle does not hold is sent as
//! `xsi:nil="true"`.

use crate::soap::dto::{DecodeError, SchemaSet, XmlItem};
use crate::soap::writer::XmlOut;
use crate::soap::Node;

/// An `xsd:dateTime` (`2024-09-05T00:00:00`), kept as text.
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
    pub struct AideFinanciereDTO ("AideFinanciereDTO", "AideFinanciereDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_aide: Option<String> = "codeAide" [nillable],
        lib_aide: Option<String> = "libAide" [nillable],
        lib_web_aide: Option<String> = "libWebAide" [nillable],
    }
}
crate::dto! {
    pub struct EtablissementDTO ("EtablissementDTO", "EtablissementDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_etb: Option<String> = "codeEtb" [nillable],
        lib_etb: Option<String> = "libEtb" [nillable],
    }
}
crate::dto! {
    pub struct CatSocProfDTO ("CatSocProfDTO", "CatSocProfDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_categorie: Option<String> = "codeCategorie" [nillable],
        lib_pcs: Option<String> = "libPcs" [nillable],
        lib_web_pcs: Option<String> = "libWebPcs" [nillable],
    }
}
crate::dto! {
    pub struct DepartementDTO ("DepartementDTO", "DepartementDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_dept: Option<String> = "codeDept" [nillable],
        lib_dept: Option<String> = "libDept" [nillable],
    }
}
crate::dto! {
    pub struct DomaineActiviteProfDTO ("DomaineActiviteProfDTO", "DomaineActiviteProfDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_domaine: Option<String> = "codeDomaine" [nillable],
        lib_domaine: Option<String> = "libDomaine" [nillable],
        lib_web_domaine: Option<String> = "libWebDomaine" [nillable],
    }
}
crate::dto! {
    pub struct EtatIAADTO ("EtatIAADTO", "EtatIAADTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_etat_iaa: Option<String> = "codeEtatIAA" [nillable],
        lib_etat_iaa: Option<String> = "libEtatIAA" [nillable],
        tem_dos_iaa: Option<String> = "temDosIAA" [nillable],
    }
}
crate::dto! {
    pub struct PaysDTO ("PaysDTO", "PaysDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_pays: Option<String> = "codePays" [nillable],
        lib_pays: Option<String> = "libPays" [nillable],
    }
}
crate::dto! {
    pub struct EtablissementEtrangerDTO ("EtablissementEtrangerDTO", "EtablissementEtrangerDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_etb: Option<String> = "codeEtb" [nillable],
        lib_etb: Option<String> = "libEtb" [nillable],
        lib_web_etb: Option<String> = "libWebEtb" [nillable],
    }
}
crate::dto! {
    pub struct PrgEchangeDTO ("PrgEchangeDTO", "PrgEchangeDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_prg: Option<String> = "codPrg" [nillable],
        cod_sens: Option<String> = "codSens" [nillable],
        etablissement: Option<EtablissementEtrangerDTO> = "etablissement" [nillable],
        lib_long_prg: Option<String> = "libLongPrg" [nillable],
        lib_sens: Option<String> = "libSens" [nillable],
        lib_web_prg: Option<String> = "libWebPrg" [nillable],
        pays: Option<PaysDTO> = "pays" [nillable],
    }
}
crate::dto! {
    pub struct ProfilEtuDTO ("ProfilEtuDTO", "ProfilEtuDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code: Option<String> = "code" [nillable],
        libelle: Option<String> = "libelle" [nillable],
        libelle_web: Option<String> = "libelleWeb" [nillable],
    }
}
crate::dto! {
    pub struct QuotiteTravDTO ("QuotiteTravDTO", "QuotiteTravDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_quotite: Option<String> = "codeQuotite" [nillable],
        lib_quotite: Option<String> = "libQuotite" [nillable],
        lib_web_quotite: Option<String> = "libWebQuotite" [nillable],
    }
}
crate::dto! {
    pub struct RegimeInsDTO ("RegimeInsDTO", "RegimeInsDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_rgi: Option<String> = "codRgi" [nillable],
        lib_rgi: Option<String> = "libRgi" [nillable],
    }
}
crate::dto! {
    pub struct SitSocialeDTO ("SitSocialeDTO", "SitSocialeDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_sit_soc: Option<String> = "codSitSoc" [nillable],
        lib_web_sit_soc: Option<String> = "libWebSitSoc" [nillable],
    }
}
crate::dto! {
    pub struct SituationSISEDTO ("SituationSISEDTO", "SituationSISEDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_sit_sise: Option<String> = "codeSitSISE" [nillable],
        lib_sit_sise: Option<String> = "libSitSISE" [nillable],
        lib_web_sit_sise: Option<String> = "libWebSitSISE" [nillable],
    }
}
crate::dto! {
    pub struct SpoHautNivDTO ("SpoHautNivDTO", "SpoHautNivDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_sportif: Option<String> = "codSportif" [nillable],
        libelle: Option<String> = "libelle" [nillable],
        libelle_web: Option<String> = "libelleWeb" [nillable],
    }
}
crate::dto! {
    pub struct StatutEtuDTO ("StatutEtuDTO", "StatutEtuDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code: Option<String> = "code" [nillable],
        libelle: Option<String> = "libelle" [nillable],
        libelle_web: Option<String> = "libelleWeb" [nillable],
    }
}
crate::dto! {
    pub struct CpamDTO ("CpamDTO", "CpamDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_cpam: Option<String> = "codCpam" [nillable],
        lib_cpam: Option<String> = "libCpam" [nillable],
    }
}
crate::dto! {
    pub struct TypeEtablissementDTO ("TypeEtablissementDTO", "TypeEtablissementDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_type_etb: Option<String> = "codTypeEtb" [nillable],
        lib_long_tpe: Option<String> = "libLongTpe" [nillable],
        lib_web_tpe: Option<String> = "libWebTpe" [nillable],
    }
}
crate::dto! {
    pub struct TypDiplomeExtDTO ("TypDiplomeExtDTO", "TypDiplomeExtDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_typ_diplome_ext: Option<String> = "codeTypDiplomeExt" [nillable],
        lib_typ_diplome_ext: Option<String> = "libTypDiplomeExt" [nillable],
    }
}
crate::dto! {
    pub struct TypDiplomeSISEDTO ("TypDiplomeSISEDTO", "TypDiplomeSISEDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_typ_diplome_sise: Option<String> = "codeTypDiplomeSise" [nillable],
        lib_typ_diplome_sise: Option<String> = "libTypDiplomeSise" [nillable],
    }
}
crate::dto! {
    pub struct InsAdmAnuDTO2 ("InsAdmAnuDTO2", "InsAdmAnuDTO2.administratif.dto.transverse.commun.apogee.education.gouv") {
        aide_financiere: Option<AideFinanciereDTO> = "aideFinanciere" [nillable],
        annee_dernier_diplome: Option<String> = "anneeDernierDiplome" [nillable],
        annee_dernier_etb_freq: Option<String> = "anneeDernierEtbFreq" [nillable],
        annee_iaa: Option<String> = "anneeIAA" [nillable],
        autre_etb_annee_en_cours: Option<EtablissementDTO> = "autreEtbAnneeEnCours" [nillable],
        maintien_insc_annee_en_cours: Option<String> = "maintienInscAnneeEnCours" [nillable],
        cat_soc_prof_chef_famille: Option<CatSocProfDTO> = "catSocProfChefFamille" [nillable],
        cat_soc_prof_etu: Option<CatSocProfDTO> = "catSocProfEtu" [nillable],
        code_transfert_dossier: Option<String> = "codeTransfertDossier" [nillable],
        date_iaa: Option<DateTime> = "dateIAA" [nillable],
        departement_dernier_diplome_ext: Option<DepartementDTO> = "departementDernierDiplomeExt" [nillable],
        departement_dernier_etb_freq: Option<DepartementDTO> = "departementDernierEtbFreq" [nillable],
        departement_etb_annee_en_cours: Option<DepartementDTO> = "departementEtbAnneeEnCours" [nillable],
        departement_etb_annee_prec: Option<DepartementDTO> = "departementEtbAnneePrec" [nillable],
        dernier_etb_freq: Option<EtablissementDTO> = "dernierEtbFreq" [nillable],
        domaine_activite_prof: Option<DomaineActiviteProfDTO> = "domaineActiviteProf" [nillable],
        etat_iaa: Option<EtatIAADTO> = "etatIaa" [nillable],
        etb_annee_prec: Option<EtablissementDTO> = "etbAnneePrec" [nillable],
        etb_dernier_diplome_ext: Option<EtablissementDTO> = "etbDernierDiplomeExt" [nillable],
        lib_transfert_dossier: Option<String> = "libTransfertDossier" [nillable],
        pays_dernier_diplome_ext: Option<PaysDTO> = "paysDernierDiplomeExt" [nillable],
        pays_dernier_etb_freq: Option<PaysDTO> = "paysDernierEtbFreq" [nillable],
        pays_etb_annee_prec: Option<PaysDTO> = "paysEtbAnneePrec" [nillable],
        prg_echange: Option<PrgEchangeDTO> = "prgEchange" [nillable],
        profil: Option<ProfilEtuDTO> = "profil" [nillable],
        quotite_trav: Option<QuotiteTravDTO> = "quotiteTrav" [nillable],
        regime_ins: Option<RegimeInsDTO> = "regimeIns" [nillable],
        situation_sociale: Option<SitSocialeDTO> = "situationSociale" [nillable],
        situation_annee_prec: Option<SituationSISEDTO> = "situationAnneePrec" [nillable],
        sportif_haut_niveau: Option<SpoHautNivDTO> = "sportifHautNiveau" [nillable],
        statut: Option<StatutEtuDTO> = "statut" [nillable],
        tem_rgm_amg_etu_iaa: Option<String> = "temRgmAmgEtuIAA" [nillable],
        temoin_affiliation_ss: Option<String> = "temoinAffiliationSS" [nillable],
        cpam: Option<CpamDTO> = "cpam" [nillable],
        temoin_ayant_droit_auto: Option<String> = "temoinAyantDroitAuto" [nillable],
        type_autre_etb_annee_en_cours: Option<TypeEtablissementDTO> = "typeAutreEtbAnneeEnCours" [nillable],
        type_dernier_diplome_ext: Option<TypDiplomeExtDTO> = "typeDernierDiplomeExt" [nillable],
        type_etb_dernier_etb_freq: Option<TypeEtablissementDTO> = "typeEtbDernierEtbFreq" [nillable],
        type_sise_dernier_diplome_ext: Option<TypDiplomeSISEDTO> = "typeSISEDernierDiplomeExt" [nillable],
    }
}
crate::dto! {
    pub struct BourseDTO ("BourseDTO", "BourseDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_bourse: Option<String> = "codeBourse" [nillable],
        lib_bourse: Option<String> = "libBourse" [nillable],
    }
}
crate::dto! {
    pub struct CgeDTO ("CgeDTO", "CgeDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_cge: Option<String> = "codeCGE" [nillable],
        lib_cge: Option<String> = "libCGE" [nillable],
    }
}
crate::dto! {
    pub struct ComposanteDTO ("ComposanteDTO", "ComposanteDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_composante: Option<String> = "codComposante" [nillable],
        lib_composante: Option<String> = "libComposante" [nillable],
    }
}
crate::dto! {
    pub struct DiplomeDTO ("DiplomeDTO", "DiplomeDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_diplome: Option<String> = "codeDiplome" [nillable],
        lib_long_diplome: Option<String> = "libLongDiplome" [nillable],
        lib_vdi: Option<String> = "libVdi" [nillable],
        lib_web_vdi: Option<String> = "libWebVdi" [nillable],
        version_diplome: Option<String> = "versionDiplome" [nillable],
    }
}
crate::dto! {
    pub struct EtapeDTO ("EtapeDTO", "EtapeDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_etp: Option<String> = "codeEtp" [nillable],
        lib_long_etp: Option<String> = "libLongEtp" [nillable],
        lib_web_vet: Option<String> = "libWebVet" [nillable],
        version_etp: Option<String> = "versionEtp" [nillable],
    }
}
crate::dto! {
    pub struct EtatIAEDTO ("EtatIAEDTO", "EtatIAEDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_etat_iae: Option<String> = "codeEtatIAE" [nillable],
        lib_etat_iae: Option<String> = "libEtatIAE" [nillable],
    }
}
crate::dto! {
    pub struct SpecialitesDTO ("SpecialitesDTO", "SpecialitesDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        code_specialite: Option<String> = "codeSpecialite" [nillable],
        lib_specialite: Option<String> = "libSpecialite" [nillable],
        lib_web_specialite: Option<String> = "libWebSpecialite" [nillable],
    }
}
crate::dto! {
    pub struct TableauSpecialitesDto3 ("TableauSpecialitesDto", "InsAdmEtpDTO3.administratif.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<SpecialitesDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct CatOuiSiDTO2 ("CatOuiSiDTO2", "CatOuiSiDTO2.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_cat: Option<String> = "codCat",
        lib_cat: Option<String> = "libCat",
        mtf_cat: Option<String> = "mtfCat" [nillable],
    }
}
crate::dto! {
    pub struct CursusAmgDTO ("CursusAmgDTO", "CursusAmgDTO.administratif.dto.transverse.commun.apogee.education.gouv") {
        cod_cur_amg: Option<String> = "codCurAmg",
        lib_cur_amg: Option<String> = "libCurAmg",
    }
}
crate::dto! {
    pub struct InsAdmEtpDTO3 ("InsAdmEtpDTO3", "InsAdmEtpDTO3.administratif.dto.transverse.commun.apogee.education.gouv") {
        annee_iae: Option<String> = "anneeIAE" [nillable],
        bourse: Option<BourseDTO> = "bourse" [nillable],
        cge: Option<CgeDTO> = "cge" [nillable],
        composante: Option<ComposanteDTO> = "composante" [nillable],
        date_iae: Option<DateTime> = "dateIAE" [nillable],
        diplome: Option<DiplomeDTO> = "diplome" [nillable],
        etape: Option<EtapeDTO> = "etape" [nillable],
        etape_premiere: Option<String> = "etapePremiere" [nillable],
        etat_iaa: Option<EtatIAADTO> = "etatIaa" [nillable],
        etat_iae: Option<EtatIAEDTO> = "etatIae" [nillable],
        regime_ins: Option<RegimeInsDTO> = "regimeIns" [nillable],
        code_inscription_payee: Option<String> = "codeInscriptionPayee" [nillable],
        inscription_payee: Option<String> = "inscriptionPayee" [nillable],
        inscription_tele_enseignement: Option<String> = "inscriptionTeleEnseignement" [nillable],
        liste_specialite_sise: Option<TableauSpecialitesDto3> = "listeSpecialiteSISE" [nillable],
        nbr_inscription_cycle: Option<String> = "nbrInscriptionCycle" [nillable],
        nbr_inscription_diplome: Option<String> = "nbrInscriptionDiplome" [nillable],
        nbr_inscription_etape: Option<String> = "nbrInscriptionEtape" [nillable],
        num_boursier: Option<String> = "numBoursier" [nillable],
        profil_etudiant: Option<ProfilEtuDTO> = "profilEtudiant" [nillable],
        temoin_inscription_ia_web: Option<String> = "temoinInscriptionIaWeb" [nillable],
        temoin_pi: Option<String> = "temoinPI" [nillable],
        temoin_ves: Option<String> = "temoinVes" [nillable],
        temoin_vapp: Option<String> = "temoinVapp" [nillable],
        temoin_vae: Option<String> = "temoinVae" [nillable],
        cat_oui_si: Option<CatOuiSiDTO2> = "catOuiSi" [nillable],
        cursus_amg: Option<CursusAmgDTO> = "cursusAmg" [nillable],
    }
}
crate::dto! {
    pub struct TableauSpecialitesDto2 ("TableauSpecialitesDto", "InsAdmEtpDTO2.administratif.dto.transverse.commun.apogee.education.gouv") {
        item: Vec<SpecialitesDTO> = "item" [optional],
    }
}
crate::dto! {
    pub struct InsAdmEtpDTO2 ("InsAdmEtpDTO2", "InsAdmEtpDTO2.administratif.dto.transverse.commun.apogee.education.gouv") {
        annee_iae: Option<String> = "anneeIAE" [nillable],
        bourse: Option<BourseDTO> = "bourse" [nillable],
        cge: Option<CgeDTO> = "cge" [nillable],
        composante: Option<ComposanteDTO> = "composante" [nillable],
        date_iae: Option<DateTime> = "dateIAE" [nillable],
        diplome: Option<DiplomeDTO> = "diplome" [nillable],
        etape: Option<EtapeDTO> = "etape" [nillable],
        etape_premiere: Option<String> = "etapePremiere" [nillable],
        etat_iaa: Option<EtatIAADTO> = "etatIaa" [nillable],
        etat_iae: Option<EtatIAEDTO> = "etatIae" [nillable],
        code_inscription_payee: Option<String> = "codeInscriptionPayee" [nillable],
        inscription_payee: Option<String> = "inscriptionPayee" [nillable],
        inscription_tele_enseignement: Option<String> = "inscriptionTeleEnseignement" [nillable],
        liste_specialite_sise: Option<TableauSpecialitesDto2> = "listeSpecialiteSISE" [nillable],
        nbr_inscription_cycle: Option<String> = "nbrInscriptionCycle" [nillable],
        nbr_inscription_diplome: Option<String> = "nbrInscriptionDiplome" [nillable],
        nbr_inscription_etape: Option<String> = "nbrInscriptionEtape" [nillable],
        num_boursier: Option<String> = "numBoursier" [nillable],
        profil_etudiant: Option<ProfilEtuDTO> = "profilEtudiant" [nillable],
        temoin_inscription_ia_web: Option<String> = "temoinInscriptionIaWeb" [nillable],
        temoin_pi: Option<String> = "temoinPI" [nillable],
        temoin_vae: Option<String> = "temoinVae" [nillable],
    }
}
