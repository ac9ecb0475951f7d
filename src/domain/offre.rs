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

// ---------------------------------------------------------------------------
// assemble: catalogue + criteria → answer tree.

use std::collections::{HashMap, HashSet, VecDeque};

/// The levels of the tree, in order: diplôme, VDI, étape, VET, ELP.
const DIP: usize = 0;
const VDI: usize = 1;
const ETP: usize = 2;
const VET: usize = 3;
const ELP: usize = 4;

/// Builds the answer of `recupererSE_v3` / `_v4` from a whole catalogue.
///
/// Semantics (reference §7.2, with our reading where the reference is silent):
///
/// * **Listing depth.** The tree is listed down to the deepest level whose
///   criterion is not [`Niveau::Aucun`] and no further: `codElp=aucun` lists no
///   list and no ELP; `codEtp=aucun, codVrsVet=aucun, codElp=aucun` lists the
///   VDIs with an empty étape list. A level given as `Aucun` *above* that depth
///   is neither filtered nor hidden: its real objects are listed, because they
///   are the containers the client walks (`res[0].listVersionDiplome[0].
///   offreFormation.listEtape[0]…`), and clients read their data
///   (esup-pstage reads `codCursusLmd` and `codFinalite` of the VDIs after asking
///   `codDip=aucun, codVrsVdi=aucun` for one VET). Such a container is kept only
///   when it holds something. A VET that no VDI offers (`vdi_fractionner_vet`)
///   has no container and is never listed.
/// * **Selection.** A [`Niveau::Code`] keeps that object only (codes compared
///   without regard to case; `codVrsVdi`/`codVrsVet` as integers). Value
///   filters: `cod_typ_dip` (`cod_tpd_etb`) and `cod_nature_dip` on diplomas;
///   `cod_composante_vdi` on the VDI's own composante (`version_diplome.cod_cmp`;
///   a VDI without one does not match); `tem_ouvert_recrutement = Some(true)` on
///   the VDI–VET link (`Some(false)` does not filter); `cod_anu` on the link's
///   recruitment window `daa_deb_rct_vet ..= daa_fin_rct_vet` (a missing bound
///   is open); `cod_nature_elp` on ELPs. A code or a filter at some level also
///   selects the levels above it, even when its own level is not listed: an
///   object is kept only if it holds at least one kept object at that level
///   (`temOuvertRecrutement=O` with `codEtp=aucun` gives the VDIs that have an
///   open VET). A level that is `Tous` with no filter below it requires nothing:
///   a diploma without VDI is listed with an empty list.
/// * **Lists.** A VET's lists are its own (`vet_regroupe_lse`) then the
///   sub-lists its ELPs group (`elp_regroupe_lse`), breadth first, each list once
///   (cycles are cut). The whole structure is walked whatever the ELP filters,
///   so a matching ELP inside an option's sub-list is found; a list left without
///   ELP by a code or nature filter is dropped.
/// * **Witnesses.** [`Diplome::tem_ouvert_recrutement`]: one of its VDI–VET
///   links is open; [`Etape::tem_ouvert_recrutement`]: one of its links in that
///   VDI is open (both before filtering).
/// * Order: the catalogue's (the store returns rows ordered by key); étapes under
///   a VDI in the order of their first link. A VET offered by two VDIs appears
///   under both. Rows that reference a missing row are skipped.
///
/// Every lookup goes through maps built once; a VET's lists are built once per
/// call and only when the ELP level is listed or filtered.
pub fn assemble(c: &Catalogue, k: &Criteres) -> Vec<Diplome> {
    let mut b = Builder {
        ix: Index::new(c),
        plan: Plan::new(k),
        k,
        lists: HashMap::new(),
    };
    c.diplomes.iter().filter_map(|d| b.diplome(d)).collect()
}

/// The catalogue's rows by key, and its relations as adjacency lists.
struct Index<'c> {
    composantes: HashMap<&'c str, &'c Libelle>,
    centres: HashMap<&'c str, &'c Libelle>,
    cycles: HashMap<&'c str, &'c Libelle>,
    natures_dip: HashMap<&'c str, &'c Libelle>,
    types_dip: HashMap<&'c str, &'c Libelle>,
    natures_elp: HashMap<&'c str, &'c Libelle>,
    periodes: HashMap<&'c str, &'c Libelle>,
    vdis_by_dip: HashMap<&'c str, Vec<&'c VersionDiplomeRow>>,
    etapes: HashMap<&'c str, &'c EtapeRow>,
    vets: HashMap<(&'c str, i32), &'c VersionEtapeRow>,
    links_by_vdi: HashMap<(&'c str, i32), Vec<&'c VdiFractionnerVetRow>>,
    open_dips: HashSet<&'c str>,
    centres_by_etp: HashMap<&'c str, Vec<&'c EtpGererCgeRow>>,
    lists_by_vet: HashMap<(&'c str, i32), Vec<&'c str>>,
    listes: HashMap<&'c str, &'c ListeElpRow>,
    elps_by_lse: HashMap<&'c str, Vec<&'c str>>,
    elps: HashMap<&'c str, &'c ElementPedagogiRow>,
    sublists_by_elp: HashMap<&'c str, Vec<&'c str>>,
}

fn by_code(rows: &[Libelle]) -> HashMap<&str, &Libelle> {
    rows.iter().map(|l| (l.code.as_str(), l)).collect()
}

impl<'c> Index<'c> {
    fn new(c: &'c Catalogue) -> Self {
        let mut ix = Index {
            composantes: by_code(&c.composantes),
            centres: by_code(&c.centres_gestion),
            cycles: by_code(&c.cycles),
            natures_dip: by_code(&c.natures_diplome),
            types_dip: by_code(&c.types_diplome),
            natures_elp: by_code(&c.natures_elp),
            periodes: by_code(&c.periodes_elp),
            vdis_by_dip: HashMap::new(),
            etapes: c.etapes.iter().map(|e| (e.cod_etp.as_str(), e)).collect(),
            vets: c
                .versions_etape
                .iter()
                .map(|v| ((v.cod_etp.as_str(), v.cod_vrs_vet), v))
                .collect(),
            links_by_vdi: HashMap::new(),
            open_dips: HashSet::new(),
            centres_by_etp: HashMap::new(),
            lists_by_vet: HashMap::new(),
            listes: c
                .listes_elp
                .iter()
                .map(|l| (l.cod_lse.as_str(), l))
                .collect(),
            elps_by_lse: HashMap::new(),
            elps: c
                .elements_pedagogi
                .iter()
                .map(|e| (e.cod_elp.as_str(), e))
                .collect(),
            sublists_by_elp: HashMap::new(),
        };
        for v in &c.versions_diplome {
            ix.vdis_by_dip
                .entry(v.cod_dip.as_str())
                .or_default()
                .push(v);
        }
        for l in &c.vdi_fractionner_vet {
            ix.links_by_vdi
                .entry((l.cod_dip.as_str(), l.cod_vrs_vdi))
                .or_default()
                .push(l);
            if l.tem_ouv_rct {
                ix.open_dips.insert(l.cod_dip.as_str());
            }
        }
        for g in &c.etp_gerer_cge {
            ix.centres_by_etp
                .entry(g.cod_etp.as_str())
                .or_default()
                .push(g);
        }
        for r in &c.vet_regroupe_lse {
            ix.lists_by_vet
                .entry((r.cod_etp.as_str(), r.cod_vrs_vet))
                .or_default()
                .push(r.cod_lse.as_str());
        }
        for r in &c.lse_regroupe_elp {
            ix.elps_by_lse
                .entry(r.cod_lse.as_str())
                .or_default()
                .push(r.cod_elp.as_str());
        }
        for r in &c.elp_regroupe_lse {
            ix.sublists_by_elp
                .entry(r.cod_elp.as_str())
                .or_default()
                .push(r.cod_lse.as_str());
        }
        ix
    }
}

/// A code resolved to its label row, or a bare code when the table lacks it.
fn libelle(map: &HashMap<&str, &Libelle>, code: Option<&String>) -> Option<Libelle> {
    code.map(|c| match map.get(c.as_str()) {
        Some(l) => (*l).clone(),
        None => Libelle {
            code: c.clone(),
            lib: None,
            lic: None,
            en_service: true,
        },
    })
}

/// A value filter: `None` (or blank) does not filter.
fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Whether `value` passes the value filter `f`.
fn passes(f: Option<&str>, value: Option<&String>) -> bool {
    match f {
        None => true,
        Some(f) => value.is_some_and(|v| v.trim().eq_ignore_ascii_case(f)),
    }
}

/// Whether a code criterion keeps `code`.
fn code_matches(n: &Niveau, code: &str) -> bool {
    match n {
        Niveau::Code(c) => c.trim().eq_ignore_ascii_case(code),
        Niveau::Tous | Niveau::Aucun => true,
    }
}

/// Whether a version criterion keeps `version` (a code that is not an integer keeps nothing).
fn version_matches(n: &Niveau, version: i32) -> bool {
    match n {
        Niveau::Code(c) => c.trim().parse::<i32>() == Ok(version),
        Niveau::Tous | Niveau::Aucun => true,
    }
}

/// Whether the year `anu` lies in `deb ..= fin` (a missing or unreadable bound is open).
fn in_window(anu: &str, deb: Option<&String>, fin: Option<&String>) -> bool {
    let Ok(y) = anu.trim().parse::<i32>() else {
        return false;
    };
    let bound = |b: Option<&String>| b.and_then(|s| s.trim().parse::<i32>().ok());
    bound(deb).is_none_or(|d| d <= y) && bound(fin).is_none_or(|f| y <= f)
}

/// What to build and what to list, derived once from the criteria.
struct Plan {
    /// Deepest level listed.
    depth: usize,
    /// Deepest level built (listed or needed by a filter).
    explore: usize,
    /// Levels with a code or a value filter.
    restricted: [bool; 5],
    /// Levels given as `aucun`.
    aucun: [bool; 5],
}

impl Plan {
    fn new(k: &Criteres) -> Plan {
        let niveaux = [
            &k.cod_dip,
            &k.cod_vrs_vdi,
            &k.cod_etp,
            &k.cod_vrs_vet,
            &k.cod_elp,
        ];
        let aucun = niveaux.map(|n| *n == Niveau::Aucun);
        let code = niveaux.map(|n| matches!(n, Niveau::Code(_)));
        let restricted = [
            code[DIP] || given(&k.cod_typ_dip).is_some() || given(&k.cod_nature_dip).is_some(),
            code[VDI] || given(&k.cod_composante_vdi).is_some(),
            code[ETP],
            code[VET] || k.tem_ouvert_recrutement == Some(true) || given(&k.cod_anu).is_some(),
            code[ELP] || given(&k.cod_nature_elp).is_some(),
        ];
        let depth = (0..5).rev().find(|&l| !aucun[l]).unwrap_or(DIP);
        let explore = (0..5)
            .rev()
            .find(|&l| restricted[l])
            .map_or(depth, |l| l.max(depth));
        Plan {
            depth,
            explore,
            restricted,
            aucun,
        }
    }

    /// Whether a node of `level` is kept only if it holds a kept child: a level
    /// below it selects, or it is an `aucun` container of a listed level.
    fn needs_child(&self, level: usize) -> bool {
        level < self.explore
            && (self.restricted[level + 1..].iter().any(|&r| r)
                || (self.aucun[level] && level < self.depth))
    }

    /// The children of a node of `level` as listed: all of them, or none below the depth.
    fn listed<T>(&self, level: usize, children: Vec<T>) -> Vec<T> {
        if level < self.depth {
            children
        } else {
            Vec::new()
        }
    }
}

struct Builder<'c, 'k> {
    ix: Index<'c>,
    plan: Plan,
    k: &'k Criteres,
    /// The (filtered) lists of each VET already built in this call.
    lists: HashMap<(&'c str, i32), Vec<ListeElp>>,
}

impl<'c> Builder<'c, '_> {
    fn diplome(&mut self, d: &'c DiplomeRow) -> Option<Diplome> {
        let k = self.k;
        if !code_matches(&k.cod_dip, &d.cod_dip)
            || !passes(given(&k.cod_typ_dip), d.cod_tpd_etb.as_ref())
            || !passes(given(&k.cod_nature_dip), d.cod_nat_dip.as_ref())
        {
            return None;
        }
        let mut versions = Vec::new();
        if self.plan.explore > DIP {
            let vdis = self
                .ix
                .vdis_by_dip
                .get(d.cod_dip.as_str())
                .cloned()
                .unwrap_or_default();
            versions = vdis.into_iter().filter_map(|v| self.vdi(v)).collect();
        }
        if self.plan.needs_child(DIP) && versions.is_empty() {
            return None;
        }
        Some(Diplome {
            cycle: libelle(&self.ix.cycles, d.cod_cyc.as_ref()),
            nature: libelle(&self.ix.natures_dip, d.cod_nat_dip.as_ref()),
            type_diplome: libelle(&self.ix.types_dip, d.cod_tpd_etb.as_ref()),
            tem_ouvert_recrutement: self.ix.open_dips.contains(d.cod_dip.as_str()),
            versions: self.plan.listed(DIP, versions),
            row: d.clone(),
        })
    }

    fn vdi(&mut self, v: &'c VersionDiplomeRow) -> Option<VersionDiplome> {
        let k = self.k;
        if !version_matches(&k.cod_vrs_vdi, v.cod_vrs_vdi)
            || !passes(given(&k.cod_composante_vdi), v.cod_cmp.as_ref())
        {
            return None;
        }
        let mut etapes = Vec::new();
        if self.plan.explore > VDI {
            let links = self
                .ix
                .links_by_vdi
                .get(&(v.cod_dip.as_str(), v.cod_vrs_vdi))
                .cloned()
                .unwrap_or_default();
            // Group the links by étape, in the order of each étape's first link.
            let mut groups: Vec<(&'c str, Vec<&'c VdiFractionnerVetRow>)> = Vec::new();
            let mut slot: HashMap<&'c str, usize> = HashMap::new();
            for l in links {
                let i = *slot.entry(l.cod_etp.as_str()).or_insert_with(|| {
                    groups.push((l.cod_etp.as_str(), Vec::new()));
                    groups.len() - 1
                });
                groups[i].1.push(l);
            }
            etapes = groups
                .into_iter()
                .filter_map(|(etp, links)| self.etape(etp, &links))
                .collect();
        }
        if self.plan.needs_child(VDI) && etapes.is_empty() {
            return None;
        }
        Some(VersionDiplome {
            row: v.clone(),
            etapes: self.plan.listed(VDI, etapes),
        })
    }

    fn etape(&mut self, cod_etp: &'c str, links: &[&'c VdiFractionnerVetRow]) -> Option<Etape> {
        let row = *self.ix.etapes.get(cod_etp)?;
        if !code_matches(&self.k.cod_etp, cod_etp) {
            return None;
        }
        let mut versions = Vec::new();
        if self.plan.explore > ETP {
            versions = links.iter().filter_map(|l| self.vet(l)).collect();
        }
        if self.plan.needs_child(ETP) && versions.is_empty() {
            return None;
        }
        let ix = &self.ix;
        let centres = ix
            .centres_by_etp
            .get(cod_etp)
            .map(|gs| {
                gs.iter()
                    .map(|g| {
                        (
                            libelle(&ix.centres, Some(&g.cod_cge)).unwrap_or_default(),
                            libelle(&ix.composantes, g.cod_cmp.as_ref()),
                            g.capacite_accueil,
                        )
                    })
                    .collect()
            })
            .unwrap_or_default();
        Some(Etape {
            row: row.clone(),
            tem_ouvert_recrutement: links.iter().any(|l| l.tem_ouv_rct),
            centres,
            versions: self.plan.listed(ETP, versions),
        })
    }

    fn vet(&mut self, link: &'c VdiFractionnerVetRow) -> Option<VersionEtape> {
        let k = self.k;
        let row = *self
            .ix
            .vets
            .get(&(link.cod_etp.as_str(), link.cod_vrs_vet))?;
        if !version_matches(&k.cod_vrs_vet, row.cod_vrs_vet)
            || (k.tem_ouvert_recrutement == Some(true) && !link.tem_ouv_rct)
            || given(&k.cod_anu).is_some_and(|anu| {
                !in_window(
                    anu,
                    link.daa_deb_rct_vet.as_ref(),
                    link.daa_fin_rct_vet.as_ref(),
                )
            })
        {
            return None;
        }
        let mut listes = Vec::new();
        if self.plan.explore > VET {
            let key = (row.cod_etp.as_str(), row.cod_vrs_vet);
            if !self.lists.contains_key(&key) {
                let built = self.listes(key);
                self.lists.insert(key, built);
            }
            listes = self.lists[&key].clone();
        }
        if self.plan.needs_child(VET) && listes.is_empty() {
            return None;
        }
        Some(VersionEtape {
            composante: libelle(&self.ix.composantes, row.cod_cmp.as_ref()),
            listes: self.plan.listed(VET, listes),
            row: row.clone(),
        })
    }

    /// A VET's lists, then the sub-lists of their ELPs, breadth first, each once.
    fn listes(&self, vet: (&'c str, i32)) -> Vec<ListeElp> {
        let ix = &self.ix;
        let k = self.k;
        let elp_restricted = self.plan.restricted[ELP];
        let mut seen: HashSet<&str> = HashSet::new();
        let mut queue: VecDeque<&str> = VecDeque::new();
        for &lse in ix.lists_by_vet.get(&vet).into_iter().flatten() {
            if seen.insert(lse) {
                queue.push_back(lse);
            }
        }
        let mut out = Vec::new();
        while let Some(lse) = queue.pop_front() {
            let mut elps = Vec::new();
            for &cod_elp in ix.elps_by_lse.get(lse).into_iter().flatten() {
                let Some(&e) = ix.elps.get(cod_elp) else {
                    continue;
                };
                for &sub in ix.sublists_by_elp.get(cod_elp).into_iter().flatten() {
                    if seen.insert(sub) {
                        queue.push_back(sub);
                    }
                }
                if code_matches(&k.cod_elp, cod_elp)
                    && passes(given(&k.cod_nature_elp), e.cod_nel.as_ref())
                {
                    elps.push(Elp {
                        row: e.clone(),
                        nature: libelle(&ix.natures_elp, e.cod_nel.as_ref()),
                        periode: libelle(&ix.periodes, e.cod_pel.as_ref()),
                        composante: libelle(&ix.composantes, e.cod_cmp.as_ref()),
                    });
                }
            }
            let Some(&row) = ix.listes.get(lse) else {
                continue;
            };
            if elp_restricted && elps.is_empty() {
                continue;
            }
            out.push(ListeElp {
                row: row.clone(),
                elps,
            });
        }
        out
    }
}

#[cfg(test)]
mod assemble_tests {
    use super::*;

    fn lib(code: &str, lib: &str) -> Libelle {
        Libelle {
            code: code.into(),
            lib: Some(lib.into()),
            lic: None,
            en_service: true,
        }
    }

    fn dip(cod: &str, typ: &str, nat: &str) -> DiplomeRow {
        DiplomeRow {
            cod_dip: cod.into(),
            lib_dip: format!("Diplôme {cod}"),
            cod_cyc: Some("1".into()),
            cod_nat_dip: Some(nat.into()),
            cod_tpd_etb: Some(typ.into()),
            ..Default::default()
        }
    }

    fn vdi(cod: &str, vrs: i32, cmp: &str) -> VersionDiplomeRow {
        VersionDiplomeRow {
            cod_dip: cod.into(),
            cod_vrs_vdi: vrs,
            lib_web_vdi: Some(format!("{cod} v{vrs}")),
            cod_cmp: Some(cmp.into()),
            ..Default::default()
        }
    }

    fn link(
        d: &str,
        v: i32,
        e: &str,
        n: i32,
        open: bool,
        deb: Option<&str>,
        fin: Option<&str>,
    ) -> VdiFractionnerVetRow {
        VdiFractionnerVetRow {
            cod_dip: d.into(),
            cod_vrs_vdi: v,
            cod_etp: e.into(),
            cod_vrs_vet: n,
            daa_deb_rct_vet: deb.map(Into::into),
            daa_fin_rct_vet: fin.map(Into::into),
            tem_ouv_rct: open,
        }
    }

    fn elp(cod: &str, nel: &str) -> ElementPedagogiRow {
        ElementPedagogiRow {
            cod_elp: cod.into(),
            lib_elp: Some(format!("Élément {cod}")),
            cod_nel: Some(nel.into()),
            cod_pel: Some("S1".into()),
            ..Default::default()
        }
    }

    fn lse(cod: &str) -> ListeElpRow {
        ListeElpRow {
            cod_lse: cod.into(),
            lib_lse: Some(format!("Liste {cod}")),
            ..Default::default()
        }
    }

    /// LINF (v1, v2), LDRT (v1), MINF (v1), LVIDE (no VDI); an orphan VET;
    /// L1INF/101 offered by LINF v1 and v2, with lists LSE1, LSE2 and the
    /// sub-list LSE3 (reached twice, and LSE1 again through a cycle).
    fn catalogue() -> Catalogue {
        Catalogue {
            composantes: vec![lib("SCI", "Sciences"), lib("DRT", "Droit")],
            centres_gestion: vec![lib("SC1", "Centre sciences"), lib("DR1", "Centre droit")],
            cycles: vec![lib("1", "Premier cycle")],
            natures_diplome: vec![lib("L", "Licence"), lib("M", "Master")],
            types_diplome: vec![lib("LIC", "Licence"), lib("MAS", "Master")],
            natures_elp: vec![
                lib("UE", "Unité"),
                lib("MATI", "Matière"),
                lib("STAG", "Stage"),
            ],
            periodes_elp: vec![lib("S1", "Semestre 1")],
            diplomes: vec![
                dip("LINF", "LIC", "L"),
                dip("LDRT", "LIC", "L"),
                dip("MINF", "MAS", "M"),
                dip("LVIDE", "LIC", "L"),
            ],
            versions_diplome: vec![
                vdi("LINF", 1, "SCI"),
                vdi("LINF", 2, "SCI"),
                vdi("LDRT", 1, "DRT"),
                vdi("MINF", 1, "SCI"),
            ],
            etapes: ["L1INF", "L2INF", "L1DRT", "M1INF", "ORPH"]
                .iter()
                .map(|e| EtapeRow {
                    cod_etp: e.to_string(),
                    lib_etp: format!("Étape {e}"),
                    ..Default::default()
                })
                .collect(),
            versions_etape: [
                ("L1INF", 101, "SCI"),
                ("L1INF", 102, "SCI"),
                ("L2INF", 101, "SCI"),
                ("L1DRT", 101, "DRT"),
                ("M1INF", 101, "SCI"),
                ("ORPH", 1, "SCI"),
            ]
            .iter()
            .map(|(e, n, c)| VersionEtapeRow {
                cod_etp: e.to_string(),
                cod_vrs_vet: *n,
                lib_web_vet: Some(format!("{e} {n}")),
                cod_cmp: Some(c.to_string()),
                ..Default::default()
            })
            .collect(),
            vdi_fractionner_vet: vec![
                link("LINF", 1, "L1INF", 101, true, Some("2020"), Some("2030")),
                link("LINF", 1, "L2INF", 101, true, Some("2020"), Some("2024")),
                link("LINF", 2, "L1INF", 102, false, Some("2020"), Some("2030")),
                link("LINF", 2, "L1INF", 101, true, Some("2020"), Some("2030")),
                link("LDRT", 1, "L1DRT", 101, true, Some("2025"), None),
                link("MINF", 1, "M1INF", 101, false, Some("2020"), Some("2022")),
            ],
            etp_gerer_cge: vec![
                EtpGererCgeRow {
                    cod_etp: "L1INF".into(),
                    cod_cge: "SC1".into(),
                    cod_cmp: Some("SCI".into()),
                    capacite_accueil: Some(300),
                },
                EtpGererCgeRow {
                    cod_etp: "L1DRT".into(),
                    cod_cge: "DR1".into(),
                    cod_cmp: Some("DRT".into()),
                    capacite_accueil: None,
                },
            ],
            listes_elp: ["LSE1", "LSE2", "LSE3", "LSE4"].map(lse).to_vec(),
            elements_pedagogi: vec![
                elp("UE1", "UE"),
                elp("UE2", "UE"),
                elp("MAT1", "MATI"),
                elp("MAT2", "MATI"),
                elp("STG1", "STAG"),
                elp("UE9", "UE"),
            ],
            vet_regroupe_lse: vec![
                VetRegroupeLseRow {
                    cod_etp: "L1INF".into(),
                    cod_vrs_vet: 101,
                    cod_lse: "LSE1".into(),
                },
                VetRegroupeLseRow {
                    cod_etp: "L1INF".into(),
                    cod_vrs_vet: 101,
                    cod_lse: "LSE2".into(),
                },
                VetRegroupeLseRow {
                    cod_etp: "M1INF".into(),
                    cod_vrs_vet: 101,
                    cod_lse: "LSE4".into(),
                },
            ],
            lse_regroupe_elp: [
                ("LSE1", "UE1"),
                ("LSE1", "UE2"),
                ("LSE2", "STG1"),
                ("LSE3", "MAT1"),
                ("LSE3", "MAT2"),
                ("LSE4", "UE9"),
            ]
            .iter()
            .map(|(l, e)| LseRegroupeElpRow {
                cod_lse: l.to_string(),
                cod_elp: e.to_string(),
            })
            .collect(),
            elp_regroupe_lse: [("UE1", "LSE3"), ("UE2", "LSE3"), ("MAT2", "LSE1")]
                .iter()
                .map(|(e, l)| ElpRegroupeLseRow {
                    cod_elp: e.to_string(),
                    cod_lse: l.to_string(),
                })
                .collect(),
        }
    }

    fn n(s: &str) -> Niveau {
        match s {
            "tous" => Niveau::Tous,
            "aucun" => Niveau::Aucun,
            c => Niveau::Code(c.into()),
        }
    }

    fn crit(dip: &str, vdi: &str, etp: &str, vet: &str, elp: &str) -> Criteres {
        Criteres {
            cod_dip: n(dip),
            cod_vrs_vdi: n(vdi),
            cod_etp: n(etp),
            cod_vrs_vet: n(vet),
            cod_elp: n(elp),
            tem_ouvert_recrutement: None,
            cod_composante_vdi: None,
            cod_anu: None,
            cod_typ_dip: None,
            cod_nature_dip: None,
            cod_nature_elp: None,
        }
    }

    fn dips(r: &[Diplome]) -> Vec<&str> {
        r.iter().map(|d| d.row.cod_dip.as_str()).collect()
    }

    /// `DIP/VDI/ETP/VET` for every VET listed.
    fn vets(r: &[Diplome]) -> Vec<String> {
        let mut out = Vec::new();
        for d in r {
            for v in &d.versions {
                for e in &v.etapes {
                    for t in &e.versions {
                        out.push(format!(
                            "{}/{}/{}/{}",
                            d.row.cod_dip, v.row.cod_vrs_vdi, e.row.cod_etp, t.row.cod_vrs_vet
                        ));
                    }
                }
            }
        }
        out
    }

    fn lists(t: &VersionEtape) -> Vec<String> {
        t.listes
            .iter()
            .map(|l| {
                let elps: Vec<&str> = l.elps.iter().map(|e| e.row.cod_elp.as_str()).collect();
                format!("{}:{}", l.row.cod_lse, elps.join(","))
            })
            .collect()
    }

    fn no_lists(r: &[Diplome]) -> bool {
        r.iter()
            .flat_map(|d| &d.versions)
            .flat_map(|v| &v.etapes)
            .flat_map(|e| &e.versions)
            .all(|t| t.listes.is_empty())
    }

    #[test]
    fn whole_catalogue_open_to_recruitment_without_elps() {
        let mut k = crit("tous", "tous", "tous", "tous", "aucun");
        k.tem_ouvert_recrutement = Some(true);
        let r = assemble(&catalogue(), &k);
        // MINF has no open link, LVIDE no VDI: both dropped by the filter.
        assert_eq!(dips(&r), ["LINF", "LDRT"]);
        assert_eq!(
            vets(&r),
            [
                "LINF/1/L1INF/101",
                "LINF/1/L2INF/101",
                "LINF/2/L1INF/101",
                "LDRT/1/L1DRT/101"
            ]
        );
        assert!(no_lists(&r));
        // Labels, centres and witnesses are resolved.
        let linf = &r[0];
        assert_eq!(
            linf.type_diplome.as_ref().unwrap().lib.as_deref(),
            Some("Licence")
        );
        assert_eq!(linf.cycle.as_ref().unwrap().code, "1");
        assert!(linf.tem_ouvert_recrutement);
        let l1 = &linf.versions[0].etapes[0];
        assert_eq!(l1.centres.len(), 1);
        assert_eq!(l1.centres[0].0.code, "SC1");
        assert_eq!(l1.centres[0].1.as_ref().unwrap().code, "SCI");
        assert_eq!(l1.centres[0].2, Some(300));
        assert_eq!(
            l1.versions[0].composante.as_ref().unwrap().lib.as_deref(),
            Some("Sciences")
        );
    }

    #[test]
    fn tous_without_filter_keeps_empty_containers() {
        let r = assemble(&catalogue(), &crit("tous", "tous", "tous", "tous", "aucun"));
        assert_eq!(dips(&r), ["LINF", "LDRT", "MINF", "LVIDE"]);
        assert!(r[3].versions.is_empty());
        // L1INF/102 (closed) is listed without the filter, under LINF v2 only.
        assert!(vets(&r).contains(&"LINF/2/L1INF/102".to_string()));
        assert!(!r[2].tem_ouvert_recrutement);
        assert!(!r[2].versions[0].etapes[0].tem_ouvert_recrutement);
    }

    #[test]
    fn every_vet_irrespective_of_diploma() {
        let r = assemble(
            &catalogue(),
            &crit("aucun", "aucun", "tous", "tous", "aucun"),
        );
        // Real containers (with their data); LVIDE, which holds no VET, is not listed;
        // the orphan VET has no container.
        assert_eq!(dips(&r), ["LINF", "LDRT", "MINF"]);
        assert_eq!(
            vets(&r),
            [
                "LINF/1/L1INF/101",
                "LINF/1/L2INF/101",
                "LINF/2/L1INF/102",
                "LINF/2/L1INF/101",
                "LDRT/1/L1DRT/101",
                "MINF/1/M1INF/101"
            ]
        );
        assert_eq!(r[0].versions[0].row.lib_web_vdi.as_deref(), Some("LINF v1"));
        assert!(no_lists(&r));
    }

    #[test]
    fn one_vet_with_its_lists_and_sub_lists() {
        let r = assemble(
            &catalogue(),
            &crit("aucun", "aucun", "l1inf", "101", "tous"),
        );
        // Offered by LINF v1 and v2: under both, each holding only that VET.
        assert_eq!(vets(&r), ["LINF/1/L1INF/101", "LINF/2/L1INF/101"]);
        let t = &r[0].versions[0].etapes[0].versions[0];
        // Own lists first, then the sub-list, once, although two ELPs group it and
        // MAT2 loops back to LSE1.
        assert_eq!(lists(t), ["LSE1:UE1,UE2", "LSE2:STG1", "LSE3:MAT1,MAT2"]);
        let mat1 = &t.listes[2].elps[0];
        assert_eq!(
            mat1.nature.as_ref().unwrap().lib.as_deref(),
            Some("Matière")
        );
        assert_eq!(mat1.periode.as_ref().unwrap().code, "S1");
        assert_eq!(r[0].versions[0].etapes[0].versions.len(), 1);
    }

    #[test]
    fn one_vdi_without_etapes() {
        let r = assemble(&catalogue(), &crit("LINF", "1", "aucun", "aucun", "aucun"));
        assert_eq!(dips(&r), ["LINF"]);
        assert_eq!(r[0].versions.len(), 1);
        assert_eq!(r[0].versions[0].row.cod_vrs_vdi, 1);
        assert!(r[0].versions[0].etapes.is_empty());
    }

    #[test]
    fn diplomas_only() {
        let r = assemble(
            &catalogue(),
            &crit("tous", "aucun", "aucun", "aucun", "aucun"),
        );
        assert_eq!(dips(&r), ["LINF", "LDRT", "MINF", "LVIDE"]);
        assert!(r.iter().all(|d| d.versions.is_empty()));
        let r = assemble(
            &catalogue(),
            &crit("aucun", "aucun", "aucun", "aucun", "aucun"),
        );
        assert_eq!(r.len(), 4);
    }

    #[test]
    fn code_at_a_level_not_listed_still_selects() {
        // A code is a listed level: the VDI above it is an `aucun` container, the
        // VETs below it are not listed.
        let r = assemble(
            &catalogue(),
            &crit("tous", "aucun", "L1DRT", "aucun", "aucun"),
        );
        assert_eq!(dips(&r), ["LDRT"]);
        assert_eq!(r[0].versions.len(), 1);
        assert_eq!(r[0].versions[0].etapes[0].row.cod_etp, "L1DRT");
        assert!(r[0].versions[0].etapes[0].versions.is_empty());
        // VDIs open to recruitment, without their étapes.
        let mut k = crit("tous", "tous", "aucun", "aucun", "aucun");
        k.tem_ouvert_recrutement = Some(true);
        let r = assemble(&catalogue(), &k);
        assert_eq!(dips(&r), ["LINF", "LDRT"]);
        assert_eq!(r[0].versions.len(), 2);
        assert!(r[0].versions[0].etapes.is_empty());
    }

    #[test]
    fn version_codes() {
        let r = assemble(&catalogue(), &crit("LINF", "2", "tous", "tous", "aucun"));
        assert_eq!(vets(&r), ["LINF/2/L1INF/102", "LINF/2/L1INF/101"]);
        let r = assemble(&catalogue(), &crit("tous", "tous", "L1INF", "102", "aucun"));
        assert_eq!(vets(&r), ["LINF/2/L1INF/102"]);
        // A version that is not an integer matches nothing.
        assert!(assemble(&catalogue(), &crit("tous", "x", "tous", "tous", "aucun")).is_empty());
        assert!(assemble(&catalogue(), &crit("NOPE", "tous", "tous", "tous", "aucun")).is_empty());
    }

    #[test]
    fn elp_code() {
        let r = assemble(
            &catalogue(),
            &crit("aucun", "aucun", "tous", "tous", "MAT1"),
        );
        // Only the VET holding MAT1 (in a sub-list), with only that list and ELP.
        assert_eq!(vets(&r), ["LINF/1/L1INF/101", "LINF/2/L1INF/101"]);
        assert_eq!(
            lists(&r[0].versions[0].etapes[0].versions[0]),
            ["LSE3:MAT1"]
        );
    }

    #[test]
    fn elp_nature() {
        let mut k = crit("aucun", "aucun", "tous", "tous", "tous");
        k.cod_nature_elp = Some("stag".into());
        let r = assemble(&catalogue(), &k);
        assert_eq!(vets(&r), ["LINF/1/L1INF/101", "LINF/2/L1INF/101"]);
        assert_eq!(
            lists(&r[0].versions[0].etapes[0].versions[0]),
            ["LSE2:STG1"]
        );
        // With the ELP level not listed, the nature still selects the VETs.
        k.cod_elp = Niveau::Aucun;
        let r = assemble(&catalogue(), &k);
        assert_eq!(vets(&r), ["LINF/1/L1INF/101", "LINF/2/L1INF/101"]);
        assert!(no_lists(&r));
        // Without a nature filter, a VET's lists may be empty.
        let r = assemble(&catalogue(), &crit("LDRT", "tous", "tous", "tous", "tous"));
        assert_eq!(vets(&r), ["LDRT/1/L1DRT/101"]);
        assert!(no_lists(&r));
    }

    #[test]
    fn year_of_the_recruitment_window() {
        let mut k = crit("tous", "tous", "tous", "tous", "aucun");
        k.cod_anu = Some("2026".into());
        let r = assemble(&catalogue(), &k);
        assert_eq!(
            vets(&r),
            [
                "LINF/1/L1INF/101",
                "LINF/2/L1INF/102",
                "LINF/2/L1INF/101",
                "LDRT/1/L1DRT/101"
            ]
        );
        k.cod_anu = Some("2021".into());
        let r = assemble(&catalogue(), &k);
        // LDRT's window starts in 2025; its open end does not matter.
        assert_eq!(dips(&r), ["LINF", "MINF"]);
    }

    #[test]
    fn composante_of_the_vdi() {
        let mut k = crit("tous", "tous", "tous", "tous", "aucun");
        k.cod_composante_vdi = Some("DRT".into());
        assert_eq!(dips(&assemble(&catalogue(), &k)), ["LDRT"]);
        k.cod_composante_vdi = Some("XXX".into());
        assert!(assemble(&catalogue(), &k).is_empty());
    }

    #[test]
    fn type_and_nature_of_the_diploma() {
        let mut k = crit("tous", "tous", "aucun", "aucun", "aucun");
        k.cod_typ_dip = Some("MAS".into());
        assert_eq!(dips(&assemble(&catalogue(), &k)), ["MINF"]);
        k.cod_typ_dip = None;
        k.cod_nature_dip = Some("L".into());
        assert_eq!(dips(&assemble(&catalogue(), &k)), ["LINF", "LDRT", "LVIDE"]);
        // Blank filters do not filter.
        k.cod_nature_dip = Some(" ".into());
        assert_eq!(assemble(&catalogue(), &k).len(), 4);
    }

    #[test]
    fn dangling_rows_are_skipped() {
        let mut c = catalogue();
        c.vdi_fractionner_vet
            .push(link("LDRT", 1, "GHOST", 1, true, None, None));
        c.vet_regroupe_lse.push(VetRegroupeLseRow {
            cod_etp: "L1DRT".into(),
            cod_vrs_vet: 101,
            cod_lse: "NOLIST".into(),
        });
        let r = assemble(&c, &crit("LDRT", "tous", "tous", "tous", "tous"));
        assert_eq!(vets(&r), ["LDRT/1/L1DRT/101"]);
        assert!(no_lists(&r));
        assert!(assemble(
            &Catalogue::default(),
            &crit("tous", "tous", "tous", "tous", "tous")
        )
        .is_empty());
    }
}
