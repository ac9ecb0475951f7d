//! Student records read and written by `EtudiantMetier` (tables `individu`,
//! `adresse`, `ind_bac`, `ind_blocage` and their reference tables, V6–V7).
//!
//! The service layer asks for whole answers ([`identify`], [`info_adm`],
//! [`coordonnees`], [`mettre_a_jour_adresses`], [`liste`]). Each is a fixed list
//! of statements run by [`Store::sql_read`] (one read transaction, one snapshot)
//! or [`Store::sql_write`] (one write transaction), so that the same SQL serves
//! both back-ends: placeholders are written `$N` (SQLite gets `?N`), every
//! selected value comes back as text ([`Row`]), dates are selected with
//! `CAST(… AS TEXT)` (ISO `YYYY-MM-DD` on both).

use super::dossier::{self, Dossier, Format};
use super::{Store, StoreError};
use std::sync::LazyLock;

/// The demo students (`src/store/demo_etudiants.yaml`, a dossier), loaded by
/// `seed_demo` after the demo geography and course structure.
pub static DEMO: LazyLock<Dossier> = LazyLock::new(|| {
    dossier::parse(include_str!("demo_etudiants.yaml"), Format::Yaml)
        .unwrap_or_else(|e| panic!("src/store/demo_etudiants.yaml: {e}"))
});

/// A statement parameter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Arg {
    Text(Option<String>),
    Int(Option<i32>),
}

impl Arg {
    pub fn text(s: &str) -> Arg {
        Arg::Text(Some(s.to_string()))
    }
}

/// One statement and its parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sql {
    pub text: String,
    pub args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: impl Into<String>, args: Vec<Arg>) -> Sql {
        Sql {
            text: text.into(),
            args,
        }
    }
    /// The SQLite spelling: `$N` → `?N`.
    pub fn sqlite_text(&self) -> String {
        self.text.replace('$', "?")
    }
}

/// One result row, each value as text (`None` for NULL).
pub type Row = Vec<Option<String>>;

fn col(r: &Row, i: usize) -> Option<String> {
    r.get(i).cloned().flatten()
}

fn int(r: &Row, i: usize) -> Option<i32> {
    col(r, i).and_then(|v| v.parse().ok())
}

/// The individual as the identifier and administrative DTOs need it, with the
/// labels of the codes it holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Individu {
    pub cod_ind: i32,
    pub cod_etu: Option<i32>,
    pub cod_nne_ind: Option<String>,
    pub cod_cle_nne_ind: Option<String>,
    pub lib_nom_pat_ind: String,
    pub lib_nom_usu_ind: Option<String>,
    pub lib_pr1_ind: String,
    pub lib_pr2_ind: Option<String>,
    pub lib_pr3_ind: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_nai_ind: String,
    pub tem_date_nai_rel: Option<String>,
    pub cod_sex_etu: Option<String>,
    pub cod_pay_nat: Option<String>,
    pub lib_nat: Option<String>,
    pub cod_typ_dep_pay_nai: Option<String>,
    pub cod_dep_pay_nai: Option<String>,
    /// Label of the birth département (`D`) or country (`P`).
    pub lib_dep_pay_nai: Option<String>,
    pub tem_en_sve_dep_nai: Option<String>,
    pub lib_vil_nai_etu: Option<String>,
    pub num_brs_etu: Option<String>,
    pub daa_ens_sup: Option<String>,
    pub daa_etb: Option<String>,
    pub daa_etr_sup: Option<String>,
    pub daa_ent_etb: Option<String>,
    pub cod_etb: Option<String>,
    pub lib_etb: Option<String>,
    pub cod_fam: Option<String>,
    pub lic_fam: Option<String>,
    pub lib_fam: Option<String>,
    pub cod_sim: Option<String>,
    pub lic_sim: Option<String>,
    pub lib_sim: Option<String>,
    pub cod_thp: Option<String>,
    pub lic_thp: Option<String>,
    pub lib_thp: Option<String>,
    pub lib_login_annuaire: Option<String>,
    pub adr_mail_annuaire: Option<String>,
    pub adr_mail_per: Option<String>,
    pub num_tel_por: Option<String>,
}

impl Individu {
    /// The INE with its key, as clients send and read it.
    pub fn ine(&self) -> Option<String> {
        self.cod_nne_ind
            .as_ref()
            .map(|n| format!("{n}{}", self.cod_cle_nne_ind.as_deref().unwrap_or("")))
    }
}

const INDIVIDU_SELECT: &str = "SELECT i.cod_ind, i.cod_etu, i.cod_nne_ind, i.cod_cle_nne_ind, \
 i.lib_nom_pat_ind, i.lib_nom_usu_ind, i.lib_pr1_ind, i.lib_pr2_ind, i.lib_pr3_ind, \
 CAST(i.date_nai_ind AS TEXT), i.tem_date_nai_rel, i.cod_sex_etu, i.cod_pay_nat, pn.lib_nat, \
 i.cod_typ_dep_pay_nai, i.cod_dep_pay_nai, COALESCE(dn.lib_dep, pnai.lib_pay), dn.tem_en_sve_dep, \
 i.lib_vil_nai_etu, i.num_brs_etu, i.daa_ens_sup, i.daa_etb, i.daa_etr_sup, i.daa_ent_etb, \
 i.cod_etb, e.lib_etb, i.cod_fam, f.lic_fam, f.lib_fam, i.cod_sim, m.lic_sim, m.lib_sim, \
 i.cod_thp, h.lic_thp, h.lib_thp, i.lib_login_annuaire, i.adr_mail_annuaire, i.adr_mail_per, \
 i.num_tel_por \
 FROM individu i \
 LEFT JOIN pays pn ON pn.cod_pay = i.cod_pay_nat \
 LEFT JOIN departement dn ON i.cod_typ_dep_pay_nai = 'D' AND dn.cod_dep = i.cod_dep_pay_nai \
 LEFT JOIN pays pnai ON i.cod_typ_dep_pay_nai = 'P' AND pnai.cod_pay = i.cod_dep_pay_nai \
 LEFT JOIN etablissement e ON e.cod_etb = i.cod_etb \
 LEFT JOIN sit_fam f ON f.cod_fam = i.cod_fam \
 LEFT JOIN sit_mil m ON m.cod_sim = i.cod_sim \
 LEFT JOIN typ_handicap h ON h.cod_thp = i.cod_thp";

fn individu(r: &Row) -> Individu {
    Individu {
        cod_ind: int(r, 0).unwrap_or_default(),
        cod_etu: int(r, 1),
        cod_nne_ind: col(r, 2),
        cod_cle_nne_ind: col(r, 3),
        lib_nom_pat_ind: col(r, 4).unwrap_or_default(),
        lib_nom_usu_ind: col(r, 5),
        lib_pr1_ind: col(r, 6).unwrap_or_default(),
        lib_pr2_ind: col(r, 7),
        lib_pr3_ind: col(r, 8),
        date_nai_ind: col(r, 9).unwrap_or_default(),
        tem_date_nai_rel: col(r, 10),
        cod_sex_etu: col(r, 11),
        cod_pay_nat: col(r, 12),
        lib_nat: col(r, 13),
        cod_typ_dep_pay_nai: col(r, 14),
        cod_dep_pay_nai: col(r, 15),
        lib_dep_pay_nai: col(r, 16),
        tem_en_sve_dep_nai: col(r, 17),
        lib_vil_nai_etu: col(r, 18),
        num_brs_etu: col(r, 19),
        daa_ens_sup: col(r, 20),
        daa_etb: col(r, 21),
        daa_etr_sup: col(r, 22),
        daa_ent_etb: col(r, 23),
        cod_etb: col(r, 24),
        lib_etb: col(r, 25),
        cod_fam: col(r, 26),
        lic_fam: col(r, 27),
        lib_fam: col(r, 28),
        cod_sim: col(r, 29),
        lic_sim: col(r, 30),
        lib_sim: col(r, 31),
        cod_thp: col(r, 32),
        lic_thp: col(r, 33),
        lib_thp: col(r, 34),
        lib_login_annuaire: col(r, 35),
        adr_mail_annuaire: col(r, 36),
        adr_mail_per: col(r, 37),
        num_tel_por: col(r, 38),
    }
}

/// The exact keys of a lookup; each given one must match (clients give one).
/// The name and first name are compared afterwards, in Rust, accent- and
/// case-insensitively ([`normalise`]), among the individuals born that day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lookup {
    pub cod_etu: Option<i32>,
    pub cod_ind: Option<i32>,
    /// INE with its key, upper-case.
    pub ine: Option<String>,
    pub num_boursier: Option<String>,
    pub cod_opi: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_nai: Option<String>,
    pub nom: Option<String>,
    pub prenom: Option<String>,
}

/// Upper-case, without accents, ligatures expanded, every run of other
/// characters (hyphen, apostrophe, blanks) one space: `Œdipe  dupont-éloi` →
/// `OEDIPE DUPONT ELOI`.
pub fn normalise(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.nfkd() {
        let piece: &str = match c {
            'œ' | 'Œ' => "OE",
            'æ' | 'Æ' => "AE",
            'ß' => "SS",
            _ if unicode_normalization::char::is_combining_mark(c) => continue,
            _ if c.is_alphanumeric() => {
                if space && !out.is_empty() {
                    out.push(' ');
                }
                space = false;
                out.extend(c.to_uppercase());
                continue;
            }
            _ => {
                space = true;
                continue;
            }
        };
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.push_str(piece);
    }
    out
}

/// The individuals matching every key of `k`, ordered by `cod_ind`.
pub async fn identify(store: &dyn Store, k: &Lookup) -> Result<Vec<Individu>, StoreError> {
    let mut wh = Vec::new();
    let mut args = Vec::new();
    let mut add = |cond: &str, a: Arg, args: &mut Vec<Arg>| {
        args.push(a);
        wh.push(cond.replace('#', &format!("${}", args.len())));
    };
    if let Some(v) = k.cod_etu {
        add("i.cod_etu = #", Arg::Int(Some(v)), &mut args);
    }
    if let Some(v) = k.cod_ind {
        add("i.cod_ind = #", Arg::Int(Some(v)), &mut args);
    }
    if let Some(v) = &k.ine {
        if v.chars().count() == 11 && v.is_ascii() {
            // 10 characters + the key: the indexed column first.
            add("i.cod_nne_ind = #", Arg::text(&v[..10]), &mut args);
            add(
                "upper(COALESCE(i.cod_cle_nne_ind, '')) = #",
                Arg::text(&v[10..]),
                &mut args,
            );
        } else {
            add(
                "upper(i.cod_nne_ind || COALESCE(i.cod_cle_nne_ind, '')) = #",
                Arg::text(v),
                &mut args,
            );
        }
    }
    if let Some(v) = &k.num_boursier {
        add("i.num_brs_etu = #", Arg::text(v), &mut args);
    }
    if let Some(v) = &k.cod_opi {
        add(
            "i.cod_ind_opi IN (SELECT o.cod_ind_opi FROM ind_opi o WHERE o.cod_opi_int_epo = #)",
            Arg::text(v),
            &mut args,
        );
    }
    if let Some(v) = &k.date_nai {
        // Compared as a date, so that the index on date_nai_ind serves.
        let cond = if store.backend() == "postgres" {
            "i.date_nai_ind = to_date(#, 'YYYY-MM-DD')"
        } else {
            "i.date_nai_ind = #"
        };
        add(cond, Arg::text(v), &mut args);
    }
    if wh.is_empty() {
        return Ok(Vec::new());
    }
    let q = Sql::new(
        format!(
            "{INDIVIDU_SELECT} WHERE {} ORDER BY i.cod_ind",
            wh.join(" AND ")
        ),
        args,
    );
    let rows = store.sql_read(vec![q]).await?.pop().unwrap_or_default();
    let nom = k.nom.as_deref().map(normalise);
    let prenom = k.prenom.as_deref().map(normalise);
    Ok(rows
        .iter()
        .map(individu)
        .filter(|i| {
            nom.as_ref().is_none_or(|n| {
                *n == normalise(&i.lib_nom_pat_ind)
                    || i.lib_nom_usu_ind.as_deref().map(normalise).as_ref() == Some(n)
            }) && prenom
                .as_ref()
                .is_none_or(|p| *p == normalise(&i.lib_pr1_ind))
        })
        .collect())
}

/// A bac of an individual, with its labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Bac {
    pub cod_bac: String,
    pub lib_bac: Option<String>,
    pub daa_obt_bac_iba: Option<String>,
    pub cod_dep: Option<String>,
    pub lib_dep: Option<String>,
    pub cod_etb: Option<String>,
    pub lib_etb: Option<String>,
    pub cod_mnb: Option<String>,
    pub lib_mnb: Option<String>,
    pub cod_tpe: Option<String>,
    pub lib_tpe: Option<String>,
    pub lib_web_tpe: Option<String>,
    /// (code, short label, long label) of spe1, spe2, spe_pre, opt1..opt4.
    pub spe_opt: [(Option<String>, Option<String>, Option<String>); 7],
}

/// A blocking of an individual.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Blocage {
    pub cod_blo: String,
    pub lib_blo: Option<String>,
    pub cod_tbl: Option<String>,
    pub lib_tbl: Option<String>,
    pub cod_etp: Option<String>,
    pub lib_etp: Option<String>,
}

/// What `recupererInfosAdmEtu_*` shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InfoAdm {
    pub individu: Individu,
    pub bacs: Vec<Bac>,
    pub blocages: Vec<Blocage>,
}

const BAC_SELECT: &str = "SELECT b.cod_bac, bo.lib_bac, b.daa_obt_bac_iba, b.cod_dep, d.lib_dep, \
 b.cod_etb, e.lib_etb, b.cod_mnb, mn.lib_mnb, te.cod_tpe, te.lib_tpe, te.lib_web_tpe, \
 b.cod_spe1_bac, s1.lic_spb, s1.lib_spb, b.cod_spe2_bac, s2.lic_spb, s2.lib_spb, \
 b.cod_spe_bac_pre, sp.lic_spb, sp.lib_spb, b.cod_opt1_bac, o1.lic_opb, o1.lib_opb, \
 b.cod_opt2_bac, o2.lic_opb, o2.lib_opb, b.cod_opt3_bac, o3.lic_opb, o3.lib_opb, \
 b.cod_opt4_bac, o4.lic_opb, o4.lib_opb \
 FROM ind_bac b \
 LEFT JOIN bac_oux_equ bo ON bo.cod_bac = b.cod_bac \
 LEFT JOIN departement d ON d.cod_dep = b.cod_dep \
 LEFT JOIN etablissement e ON e.cod_etb = b.cod_etb \
 LEFT JOIN mention_niv_bac mn ON mn.cod_mnb = b.cod_mnb \
 LEFT JOIN typ_etablissement te ON te.cod_tpe = COALESCE(b.cod_tpe, e.cod_tpe) \
 LEFT JOIN specialite_bac s1 ON s1.cod_spb = b.cod_spe1_bac \
 LEFT JOIN specialite_bac s2 ON s2.cod_spb = b.cod_spe2_bac \
 LEFT JOIN specialite_bac sp ON sp.cod_spb = b.cod_spe_bac_pre \
 LEFT JOIN option_bac o1 ON o1.cod_opb = b.cod_opt1_bac \
 LEFT JOIN option_bac o2 ON o2.cod_opb = b.cod_opt2_bac \
 LEFT JOIN option_bac o3 ON o3.cod_opb = b.cod_opt3_bac \
 LEFT JOIN option_bac o4 ON o4.cod_opb = b.cod_opt4_bac \
 WHERE b.cod_ind = $1 ORDER BY b.daa_obt_bac_iba, b.cod_bac";

const BLOCAGE_SELECT: &str =
    "SELECT ib.cod_blo, bl.lib_blo, bl.cod_tbl, tb.lib_tbl, ib.cod_etp, et.lib_etp \
 FROM ind_blocage ib \
 LEFT JOIN blocage bl ON bl.cod_blo = ib.cod_blo \
 LEFT JOIN typ_blocage tb ON tb.cod_tbl = bl.cod_tbl \
 LEFT JOIN etape et ON et.cod_etp = ib.cod_etp \
 WHERE ib.cod_ind = $1 ORDER BY ib.cod_blo";

/// The individual of student number `cod_etu`, its bacs and its blockings (one snapshot).
pub async fn info_adm(store: &dyn Store, cod_etu: i32) -> Result<Option<InfoAdm>, StoreError> {
    let sub = "(SELECT cod_ind FROM individu WHERE cod_etu = $1)";
    let key = || vec![Arg::Int(Some(cod_etu))];
    let mut r = store
        .sql_read(vec![
            Sql::new(format!("{INDIVIDU_SELECT} WHERE i.cod_etu = $1"), key()),
            Sql::new(BAC_SELECT.replace("$1", sub), key()),
            Sql::new(BLOCAGE_SELECT.replace("$1", sub), key()),
        ])
        .await?
        .into_iter();
    let (Some(ind), Some(bacs), Some(blos)) = (r.next(), r.next(), r.next()) else {
        return Ok(None);
    };
    let Some(ind) = ind.first() else {
        return Ok(None);
    };
    let triple = |r: &Row, i: usize| (col(r, i), col(r, i + 1), col(r, i + 2));
    Ok(Some(InfoAdm {
        individu: individu(ind),
        bacs: bacs
            .iter()
            .map(|r| Bac {
                cod_bac: col(r, 0).unwrap_or_default(),
                lib_bac: col(r, 1),
                daa_obt_bac_iba: col(r, 2),
                cod_dep: col(r, 3),
                lib_dep: col(r, 4),
                cod_etb: col(r, 5),
                lib_etb: col(r, 6),
                cod_mnb: col(r, 7),
                lib_mnb: col(r, 8),
                cod_tpe: col(r, 9),
                lib_tpe: col(r, 10),
                lib_web_tpe: col(r, 11),
                spe_opt: std::array::from_fn(|k| triple(r, 12 + 3 * k)),
            })
            .collect(),
        blocages: blos
            .iter()
            .map(|r| Blocage {
                cod_blo: col(r, 0).unwrap_or_default(),
                lib_blo: col(r, 1),
                cod_tbl: col(r, 2),
                lib_tbl: col(r, 3),
                cod_etp: col(r, 4),
                lib_etp: col(r, 5),
            })
            .collect(),
    }))
}

/// An address with its labels.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Adresse {
    /// `None` for the fixed address.
    pub cod_anu: Option<String>,
    pub cod_bdi: Option<String>,
    pub cod_com: Option<String>,
    pub lib_com: Option<String>,
    pub lib_ach_bdi: Option<String>,
    pub lib_ad1: Option<String>,
    pub lib_ad2: Option<String>,
    pub lib_ad3: Option<String>,
    pub lib_ade: Option<String>,
    pub num_tel: Option<String>,
    pub cod_pay: Option<String>,
    pub lib_pay: Option<String>,
    pub cod_thb: Option<String>,
    pub lib_thb: Option<String>,
    pub lib_web_thb: Option<String>,
}

/// An individual's contact data: the fixed address and every annual one
/// (latest year first).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Coordonnees {
    pub individu: Individu,
    pub fixe: Option<Adresse>,
    pub annuelles: Vec<Adresse>,
}

const ADRESSE_SELECT: &str =
    "SELECT a.cod_anu_ina, a.cod_bdi, a.cod_com, c.lib_com, bd.lib_ach_bdi, \
 a.lib_ad1, a.lib_ad2, a.lib_ad3, a.lib_ade, a.num_tel, a.cod_pay, p.lib_pay, a.cod_thb, \
 th.lib_thb, th.lib_web_thb \
 FROM adresse a \
 LEFT JOIN commune c ON c.cod_com = a.cod_com \
 LEFT JOIN bureau_distributeur bd ON bd.cod_bdi = a.cod_bdi \
 LEFT JOIN pays p ON p.cod_pay = a.cod_pay \
 LEFT JOIN typ_hebergement th ON th.cod_thb = a.cod_thb";

fn adresse(r: &Row) -> Adresse {
    Adresse {
        cod_anu: col(r, 0),
        cod_bdi: col(r, 1),
        cod_com: col(r, 2),
        lib_com: col(r, 3),
        lib_ach_bdi: col(r, 4),
        lib_ad1: col(r, 5),
        lib_ad2: col(r, 6),
        lib_ad3: col(r, 7),
        lib_ade: col(r, 8),
        num_tel: col(r, 9),
        cod_pay: col(r, 10),
        lib_pay: col(r, 11),
        cod_thb: col(r, 12),
        lib_thb: col(r, 13),
        lib_web_thb: col(r, 14),
    }
}

/// The contact data of student number `cod_etu` (one snapshot).
pub async fn coordonnees(
    store: &dyn Store,
    cod_etu: i32,
) -> Result<Option<Coordonnees>, StoreError> {
    let sub = "(SELECT cod_ind FROM individu WHERE cod_etu = $1)";
    let key = || vec![Arg::Int(Some(cod_etu))];
    let mut r = store
        .sql_read(vec![
            Sql::new(format!("{INDIVIDU_SELECT} WHERE i.cod_etu = $1"), key()),
            Sql::new(format!("{ADRESSE_SELECT} WHERE a.cod_ind = {sub}"), key()),
            Sql::new(
                format!("{ADRESSE_SELECT} WHERE a.cod_ind_ina = {sub} ORDER BY a.cod_anu_ina DESC"),
                key(),
            ),
        ])
        .await?
        .into_iter();
    let (Some(ind), Some(fixe), Some(ann)) = (r.next(), r.next(), r.next()) else {
        return Ok(None);
    };
    let Some(ind) = ind.first() else {
        return Ok(None);
    };
    Ok(Some(Coordonnees {
        individu: individu(ind),
        fixe: fixe.first().map(adresse),
        annuelles: ann.iter().map(adresse).collect(),
    }))
}

/// An address to write (validated by the service).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AdresseMaj {
    pub cod_pay: String,
    pub cod_bdi: Option<String>,
    pub cod_com: Option<String>,
    pub lib_ad1: Option<String>,
    pub lib_ad2: Option<String>,
    pub lib_ad3: Option<String>,
    pub lib_ade: Option<String>,
    pub num_tel: Option<String>,
}

/// What `mettreAJourAdressesEtudiant` writes; `None` leaves the stored value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CoordonneesMaj {
    pub fixe: Option<AdresseMaj>,
    /// (year, address).
    pub annuelle: Option<(String, AdresseMaj)>,
    /// (year, accommodation type) without an annual address: updates the stored one.
    pub cod_thb: Option<(String, String)>,
    pub email: Option<String>,
    pub num_tel_portable: Option<String>,
}

/// Which reference codes exist: (`commune`/`bureau` link, pays, typ_hebergement).
pub async fn references_exist(
    store: &dyn Store,
    com_bdi: Option<(&str, &str)>,
    cod_pay: &[&str],
    cod_thb: Option<&str>,
) -> Result<(bool, Vec<bool>, bool), StoreError> {
    let mut qs = vec![Sql::new(
        "SELECT COUNT(*) FROM com_bdi WHERE cod_com = $1 AND cod_bdi = $2",
        vec![
            Arg::Text(com_bdi.map(|c| c.0.to_string())),
            Arg::Text(com_bdi.map(|c| c.1.to_string())),
        ],
    )];
    qs.push(Sql::new(
        "SELECT COUNT(*) FROM typ_hebergement WHERE cod_thb = $1",
        vec![Arg::Text(cod_thb.map(str::to_string))],
    ));
    for p in cod_pay {
        qs.push(Sql::new(
            "SELECT COUNT(*) FROM pays WHERE cod_pay = $1",
            vec![Arg::text(p)],
        ));
    }
    let r = store.sql_read(qs).await?;
    let found = |rows: &Vec<Row>| rows.first().and_then(|r| int(r, 0)).is_some_and(|n| n > 0);
    Ok((
        found(&r[0]),
        r[2..].iter().map(found).collect(),
        found(&r[1]),
    ))
}

/// Writes `m` for individual `cod_ind` in one transaction. Returns `false` when
/// a type d'hébergement was given for a year without an annual address.
pub async fn mettre_a_jour_adresses(
    store: &dyn Store,
    cod_ind: i32,
    m: &CoordonneesMaj,
) -> Result<bool, StoreError> {
    let mut st = Vec::new();
    if store.backend() == "postgres" {
        // cod_adr is allocated as MAX + 1: one writer at a time.
        st.push(Sql::new(
            "LOCK TABLE adresse IN SHARE ROW EXCLUSIVE MODE",
            vec![],
        ));
    }
    let fields = |a: &AdresseMaj| {
        vec![
            Arg::text(&a.cod_pay),
            Arg::Text(a.cod_bdi.clone()),
            Arg::Text(a.cod_com.clone()),
            Arg::Text(a.lib_ad1.clone()),
            Arg::Text(a.lib_ad2.clone()),
            Arg::Text(a.lib_ad3.clone()),
            Arg::Text(a.lib_ade.clone()),
            Arg::Text(a.num_tel.clone()),
        ]
    };
    const SET: &str = "cod_pay = excluded.cod_pay, cod_bdi = excluded.cod_bdi, \
         cod_com = excluded.cod_com, lib_ad1 = excluded.lib_ad1, lib_ad2 = excluded.lib_ad2, \
         lib_ad3 = excluded.lib_ad3, lib_ade = excluded.lib_ade, num_tel = excluded.num_tel";
    if let Some(a) = &m.fixe {
        let mut args = fields(a);
        args.push(Arg::Int(Some(cod_ind)));
        st.push(Sql::new(
            format!(
                "INSERT INTO adresse (cod_adr, cod_pay, cod_bdi, cod_com, lib_ad1, lib_ad2, lib_ad3, \
                 lib_ade, num_tel, cod_ind) VALUES ((SELECT COALESCE(MAX(cod_adr), 0) + 1 FROM adresse), \
                 $1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (cod_ind) DO UPDATE SET {SET}"
            ),
            args,
        ));
    }
    if let Some((annee, a)) = &m.annuelle {
        let mut args = fields(a);
        args.push(Arg::Int(Some(cod_ind)));
        args.push(Arg::text(annee));
        let thb = m.cod_thb.as_ref().map(|(_, t)| t.clone());
        args.push(Arg::Text(thb.clone()));
        st.push(Sql::new(
            format!(
                "INSERT INTO adresse (cod_adr, cod_pay, cod_bdi, cod_com, lib_ad1, lib_ad2, lib_ad3, \
                 lib_ade, num_tel, cod_ind_ina, cod_anu_ina, cod_thb) VALUES \
                 ((SELECT COALESCE(MAX(cod_adr), 0) + 1 FROM adresse), \
                 $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (cod_ind_ina, cod_anu_ina) DO UPDATE SET {SET}{}",
                if thb.is_some() {
                    ", cod_thb = excluded.cod_thb"
                } else {
                    ""
                }
            ),
            args,
        ));
    }
    let mut thb_only = None;
    if let (None, Some((annee, thb))) = (&m.annuelle, &m.cod_thb) {
        thb_only = Some(st.len());
        st.push(Sql::new(
            "UPDATE adresse SET cod_thb = $1 WHERE cod_ind_ina = $2 AND cod_anu_ina = $3",
            vec![Arg::text(thb), Arg::Int(Some(cod_ind)), Arg::text(annee)],
        ));
    }
    if let Some(e) = &m.email {
        st.push(Sql::new(
            "UPDATE individu SET adr_mail_per = $1 WHERE cod_ind = $2",
            vec![Arg::text(e), Arg::Int(Some(cod_ind))],
        ));
    }
    if let Some(t) = &m.num_tel_portable {
        st.push(Sql::new(
            "UPDATE individu SET num_tel_por = $1 WHERE cod_ind = $2",
            vec![Arg::text(t), Arg::Int(Some(cod_ind))],
        ));
    }
    if st.is_empty() {
        return Ok(true);
    }
    let counts = store.sql_write(st).await?;
    Ok(thb_only.is_none_or(|i| counts.get(i).copied().unwrap_or(0) > 0))
}

/// The accommodation types (`typ_hebergement`): (code, label, web label,
/// in service), ordered by code; `code` and `en_service` (`O`/`N`) filter.
pub async fn types_hebergement(
    store: &dyn Store,
    code: Option<&str>,
    en_service: Option<&str>,
) -> Result<Vec<[Option<String>; 4]>, StoreError> {
    let mut wh = vec!["1 = 1".to_string()];
    let mut args = Vec::new();
    if let Some(c) = code {
        args.push(Arg::text(c));
        wh.push(format!("cod_thb = ${}", args.len()));
    }
    if let Some(t) = en_service {
        args.push(Arg::text(t));
        wh.push(format!("tem_en_sve_thb = ${}", args.len()));
    }
    let q = Sql::new(
        format!(
            "SELECT cod_thb, lib_thb, lib_web_thb, tem_en_sve_thb FROM typ_hebergement \
             WHERE {} ORDER BY cod_thb",
            wh.join(" AND ")
        ),
        args,
    );
    let rows = store.sql_read(vec![q]).await?.pop().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| [col(r, 0), col(r, 1), col(r, 2), col(r, 3)])
        .collect())
}

/// A student of a list (`EtudiantDTO2`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct EtudiantListe {
    pub cod_etu: Option<String>,
    pub nom: Option<String>,
    pub prenom: Option<String>,
    /// `YYYY-MM-DD`.
    pub date_nai: Option<String>,
    pub ine: Option<String>,
}

/// One code of a list criterion and its versions (all versions when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodeVersions {
    pub code: String,
    pub versions: Vec<i32>,
}

/// The students with a registration (`ins_adm_etp`, state `E`) in `annee` to
/// one of `etapes` or `diplomes`, ordered by name, first name, number.
pub async fn liste(
    store: &dyn Store,
    annee: &str,
    etapes: &[CodeVersions],
    diplomes: &[CodeVersions],
) -> Result<Vec<EtudiantListe>, StoreError> {
    let mut args = vec![Arg::text(annee)];
    let mut ors = Vec::new();
    for (cv, code_col, vrs_col) in etapes
        .iter()
        .map(|c| (c, "e.cod_etp", "e.cod_vrs_vet"))
        .chain(diplomes.iter().map(|c| (c, "e.cod_dip", "e.cod_vrs_vdi")))
    {
        args.push(Arg::text(&cv.code));
        let mut cond = format!("{code_col} = ${}", args.len());
        if !cv.versions.is_empty() {
            let mut ph = Vec::new();
            for v in &cv.versions {
                args.push(Arg::Int(Some(*v)));
                ph.push(format!("${}", args.len()));
            }
            cond.push_str(&format!(" AND {vrs_col} IN ({})", ph.join(", ")));
        }
        ors.push(format!("({cond})"));
    }
    if ors.is_empty() {
        return Ok(Vec::new());
    }
    let q = Sql::new(
        format!(
            "SELECT i.cod_etu, i.lib_nom_pat_ind, i.lib_pr1_ind, CAST(i.date_nai_ind AS TEXT), \
             i.cod_nne_ind, i.cod_cle_nne_ind \
             FROM individu i WHERE i.cod_etu IS NOT NULL AND EXISTS (SELECT 1 FROM ins_adm_etp e \
             WHERE e.cod_ind = i.cod_ind AND e.cod_anu = $1 AND e.eta_iae = 'E' AND ({})) \
             ORDER BY i.lib_nom_pat_ind, i.lib_pr1_ind, i.cod_etu",
            ors.join(" OR ")
        ),
        args,
    );
    let rows = store.sql_read(vec![q]).await?.pop().unwrap_or_default();
    Ok(rows
        .iter()
        .map(|r| EtudiantListe {
            cod_etu: col(r, 0),
            nom: col(r, 1),
            prenom: col(r, 2),
            date_nai: col(r, 3),
            ine: col(r, 4).map(|n| format!("{n}{}", col(r, 5).unwrap_or_default())),
        })
        .collect())
}

/// SQLite side of [`Store::sql_read`] / [`Store::sql_write`].
pub(super) mod sqlite {
    use super::{Arg, Row, Sql};
    use rusqlite::types::ValueRef;

    fn params(args: &[Arg]) -> Vec<rusqlite::types::Value> {
        args.iter()
            .map(|a| match a {
                Arg::Text(Some(s)) => rusqlite::types::Value::Text(s.clone()),
                Arg::Int(Some(i)) => rusqlite::types::Value::Integer(i64::from(*i)),
                _ => rusqlite::types::Value::Null,
            })
            .collect()
    }

    pub fn query(c: &rusqlite::Connection, q: &Sql) -> rusqlite::Result<Vec<Row>> {
        let mut st = c.prepare_cached(&q.sqlite_text())?;
        let n = st.column_count();
        let mut rows = st.query(rusqlite::params_from_iter(params(&q.args)))?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let mut row = Vec::with_capacity(n);
            for i in 0..n {
                row.push(match r.get_ref(i)? {
                    ValueRef::Null => None,
                    ValueRef::Integer(v) => Some(v.to_string()),
                    ValueRef::Real(v) => Some(v.to_string()),
                    ValueRef::Text(t) | ValueRef::Blob(t) => {
                        Some(String::from_utf8_lossy(t).into_owned())
                    }
                });
            }
            out.push(row);
        }
        Ok(out)
    }

    pub fn execute(c: &rusqlite::Connection, q: &Sql) -> rusqlite::Result<u64> {
        let mut st = c.prepare_cached(&q.sqlite_text())?;
        Ok(st.execute(rusqlite::params_from_iter(params(&q.args)))? as u64)
    }
}

/// PostgreSQL side of [`Store::sql_read`] / [`Store::sql_write`].
pub(super) mod pg {
    use super::{Arg, Row, Sql};
    use crate::store::postgres::db_err;
    use crate::store::StoreError;
    use tokio_postgres::types::{ToSql, Type};

    fn params(args: &[Arg]) -> Vec<&(dyn ToSql + Sync)> {
        args.iter()
            .map(|a| match a {
                Arg::Text(s) => s as &(dyn ToSql + Sync),
                Arg::Int(i) => i as &(dyn ToSql + Sync),
            })
            .collect()
    }

    fn cell(r: &tokio_postgres::Row, i: usize) -> Result<Option<String>, StoreError> {
        let t = r.columns()[i].type_();
        let bad = |e: tokio_postgres::Error| StoreError::Database(e.to_string());
        Ok(if *t == Type::INT4 {
            r.try_get::<_, Option<i32>>(i)
                .map_err(bad)?
                .map(|v| v.to_string())
        } else if *t == Type::INT8 {
            r.try_get::<_, Option<i64>>(i)
                .map_err(bad)?
                .map(|v| v.to_string())
        } else if *t == Type::INT2 {
            r.try_get::<_, Option<i16>>(i)
                .map_err(bad)?
                .map(|v| v.to_string())
        } else if *t == Type::DATE {
            r.try_get::<_, Option<time::Date>>(i)
                .map_err(bad)?
                .map(|v| v.to_string())
        } else {
            r.try_get::<_, Option<String>>(i).map_err(bad)?
        })
    }

    pub async fn query(
        c: &deadpool_postgres::Transaction<'_>,
        q: &Sql,
    ) -> Result<Vec<Row>, StoreError> {
        let st = c.prepare_cached(&q.text).await.map_err(db_err)?;
        let rows = c.query(&st, &params(&q.args)).await.map_err(db_err)?;
        rows.iter()
            .map(|r| (0..r.len()).map(|i| cell(r, i)).collect())
            .collect()
    }

    pub async fn execute(c: &tokio_postgres::Transaction<'_>, q: &Sql) -> Result<u64, StoreError> {
        let st = c.prepare(&q.text).await.map_err(db_err)?;
        c.execute(&st, &params(&q.args)).await.map_err(db_err)
    }
}

#[cfg(test)]
mod tests {
    use super::normalise;

    #[test]
    fn names_compare_without_accents_case_or_punctuation() {
        assert_eq!(normalise("Œdipe"), "OEDIPE");
        assert_eq!(normalise(" dupont-éloi "), "DUPONT ELOI");
        assert_eq!(normalise("DUPONT ELOI"), "DUPONT ELOI");
        assert_eq!(normalise("Léa"), "LEA");
        assert_eq!(normalise("L'Haÿ"), "L HAY");
        assert_eq!(normalise("Ærö"), "AERO");
    }
}
