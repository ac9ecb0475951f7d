//! The course structure ("Structure des Enseignements"): diplôme → version de
//! diplôme (VDI) → étape → version d'étape (VET) → listes (LSE) → éléments
//! pédagogiques (ELP), an ELP possibly grouping sub-lists (so the tree can be deep).
//!
//! Two shapes of the same data:
//! * [`Catalogue`]: flat rows, one `Vec` per Apogée table. It is at once the
//!   import format of `passerelle import-offre` (JSON or YAML, serde) and what the
//!   store reads back in a bounded number of queries (one per table).
//! * [`Diplome`] and below: the tree that `recupererSE_v3`/`_v4` answer with, built
//!   from a catalogue by [`assemble`] under [`Criteres`].

use serde::{Deserialize, Serialize};

/// A code with its label (cycle, nature, type, composante, centre de gestion…).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Libelle {
    pub code: String,
    pub lib: Option<String>,
    /// Short label, when the table has one.
    #[serde(default)]
    pub lic: Option<String>,
    /// `tem_en_sve_*`: in service. Default: yes.
    #[serde(default = "yes")]
    pub en_service: bool,
}

fn yes() -> bool {
    true
}

/// `diplome`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DiplomeRow {
    pub cod_dip: String,
    pub lib_dip: String,
    #[serde(default)]
    pub lic_dip: Option<String>,
    /// `cycle.code`
    #[serde(default)]
    pub cod_cyc: Option<String>,
    /// Nature de diplôme (`nature_diplome.code`).
    #[serde(default)]
    pub cod_nat_dip: Option<String>,
    /// Type de diplôme (`typ_diplome.code`, Apogée `cod_tpd_etb`).
    #[serde(default)]
    pub cod_tpd_etb: Option<String>,
}

/// `version_diplome`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionDiplomeRow {
    pub cod_dip: String,
    pub cod_vrs_vdi: i32,
    pub lib_web_vdi: Option<String>,
    #[serde(default)]
    pub lic_vdi: Option<String>,
    /// L, M, D.
    #[serde(default)]
    pub cod_cursus_lmd: Option<String>,
    /// Credits (ECTS), decimal as text.
    #[serde(default)]
    pub nbr_crd_vdi: Option<String>,
    /// Composante of the diploma version (filter `codComposanteVdi`).
    #[serde(default)]
    pub cod_cmp: Option<String>,
    #[serde(default)]
    pub cod_fin: Option<String>,
    #[serde(default)]
    pub lib_fin: Option<String>,
    #[serde(default)]
    pub cod_mention: Option<String>,
    #[serde(default)]
    pub lib_mention: Option<String>,
}

/// `etape`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EtapeRow {
    pub cod_etp: String,
    pub lib_etp: String,
    #[serde(default)]
    pub lic_etp: Option<String>,
    #[serde(default)]
    pub cod_cyc: Option<String>,
}

/// `version_etape`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VersionEtapeRow {
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    pub lib_web_vet: Option<String>,
    /// Composante (`composante.code`).
    #[serde(default)]
    pub cod_cmp: Option<String>,
    #[serde(default)]
    pub nbr_crd_vet: Option<String>,
    /// Duration label (e.g. "1 an").
    #[serde(default)]
    pub lib_dur_vet: Option<String>,
}

/// `vdi_fractionner_vet`: a VET offered in a VDI, with its recruitment years.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VdiFractionnerVetRow {
    pub cod_dip: String,
    pub cod_vrs_vdi: i32,
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    /// First and last academic year (`yyyy`) open to recruitment.
    pub daa_deb_rct_vet: Option<String>,
    pub daa_fin_rct_vet: Option<String>,
    /// Open to recruitment (`temOuvertRecrutement`). Default: yes.
    #[serde(default = "yes")]
    pub tem_ouv_rct: bool,
}

/// `etp_gerer_cge`: the centres de gestion of an étape.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EtpGererCgeRow {
    pub cod_etp: String,
    pub cod_cge: String,
    /// Composante of the étape in that centre.
    #[serde(default)]
    pub cod_cmp: Option<String>,
    #[serde(default)]
    pub capacite_accueil: Option<i32>,
}

/// `liste_elp`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListeElpRow {
    pub cod_lse: String,
    pub lib_lse: Option<String>,
    #[serde(default)]
    pub lic_lse: Option<String>,
    /// `O` obligatoire, `X` à choix, `F` facultative.
    #[serde(default)]
    pub cod_typ_lse: Option<String>,
    #[serde(default)]
    pub eta_lse: Option<String>,
}

/// `element_pedagogi`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementPedagogiRow {
    pub cod_elp: String,
    pub lib_elp: Option<String>,
    #[serde(default)]
    pub lic_elp: Option<String>,
    /// Nature (`nature_elp.code`: UE, MATI, SEM…) — filter `codNatureElp`.
    #[serde(default)]
    pub cod_nel: Option<String>,
    /// Période (`periode_elp.code`: S1, S2…).
    #[serde(default)]
    pub cod_pel: Option<String>,
    #[serde(default)]
    pub nbr_crd_elp: Option<String>,
    #[serde(default)]
    pub nbr_vol_elp: Option<String>,
    #[serde(default)]
    pub cod_vol_elp: Option<String>,
    /// Suspended (`tem_sus_elp`).
    #[serde(default)]
    pub tem_sus_elp: bool,
    #[serde(default)]
    pub cod_cmp: Option<String>,
}

/// `vet_regroupe_lse`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VetRegroupeLseRow {
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    pub cod_lse: String,
}

/// `lse_regroupe_elp`
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LseRegroupeElpRow {
    pub cod_lse: String,
    pub cod_elp: String,
}

/// `elp_regroupe_lse`: an ELP that groups a sub-list.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElpRegroupeLseRow {
    pub cod_elp: String,
    pub cod_lse: String,
}

/// A whole course catalogue, flat: the import format and what the store reads.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Catalogue {
    // Reference tables.
    pub composantes: Vec<Libelle>,
    pub centres_gestion: Vec<Libelle>,
    pub cycles: Vec<Libelle>,
    pub natures_diplome: Vec<Libelle>,
    pub types_diplome: Vec<Libelle>,
    pub natures_elp: Vec<Libelle>,
    pub periodes_elp: Vec<Libelle>,
    // The structure.
    pub diplomes: Vec<DiplomeRow>,
    pub versions_diplome: Vec<VersionDiplomeRow>,
    pub etapes: Vec<EtapeRow>,
    pub versions_etape: Vec<VersionEtapeRow>,
    pub vdi_fractionner_vet: Vec<VdiFractionnerVetRow>,
    pub etp_gerer_cge: Vec<EtpGererCgeRow>,
    pub listes_elp: Vec<ListeElpRow>,
    pub elements_pedagogi: Vec<ElementPedagogiRow>,
    pub vet_regroupe_lse: Vec<VetRegroupeLseRow>,
    pub lse_regroupe_elp: Vec<LseRegroupeElpRow>,
    pub elp_regroupe_lse: Vec<ElpRegroupeLseRow>,
}

/// One level criterion of `SECritereDTO2` (`codDip`, `codVrsVdi`, `codEtp`,
/// `codVrsVet`, `codElp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Niveau {
    /// `tous`: every object of that level.
    Tous,
    /// `aucun`: do not filter on that level and do not detail it.
    Aucun,
    /// That object only.
    Code(String),
}

/// The criteria of `recupererSE_v3` / `_v4`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criteres {
    pub cod_dip: Niveau,
    pub cod_vrs_vdi: Niveau,
    pub cod_etp: Niveau,
    pub cod_vrs_vet: Niveau,
    pub cod_elp: Niveau,
    /// `Some(true)`: only what is open to recruitment.
    pub tem_ouvert_recrutement: Option<bool>,
    pub cod_composante_vdi: Option<String>,
    /// Year `yyyy`: only VETs whose recruitment window contains it.
    pub cod_anu: Option<String>,
    pub cod_typ_dip: Option<String>,
    pub cod_nature_dip: Option<String>,
    pub cod_nature_elp: Option<String>,
}

// The answer tree. Reference objects are resolved to `Libelle`s.

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diplome {
    pub row: DiplomeRow,
    pub cycle: Option<Libelle>,
    pub nature: Option<Libelle>,
    pub type_diplome: Option<Libelle>,
    /// Open to recruitment: at least one of its VETs is.
    pub tem_ouvert_recrutement: bool,
    pub versions: Vec<VersionDiplome>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionDiplome {
    pub row: VersionDiplomeRow,
    pub etapes: Vec<Etape>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Etape {
    pub row: EtapeRow,
    pub tem_ouvert_recrutement: bool,
    /// (centre de gestion, composante, capacity)
    pub centres: Vec<(Libelle, Option<Libelle>, Option<i32>)>,
    pub versions: Vec<VersionEtape>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VersionEtape {
    pub row: VersionEtapeRow,
    pub composante: Option<Libelle>,
    /// The VET's lists, then the sub-lists reachable through its ELPs
    /// (`elp_regroupe_lse`), each list once: the WS answer is flat at this level.
    pub listes: Vec<ListeElp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListeElp {
    pub row: ListeElpRow,
    pub elps: Vec<Elp>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Elp {
    pub row: ElementPedagogiRow,
    pub nature: Option<Libelle>,
    pub periode: Option<Libelle>,
    pub composante: Option<Libelle>,
}
