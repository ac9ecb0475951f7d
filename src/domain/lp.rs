//! Laissez-passer (`LaissezPasserMetier`): permission for a known person to
//! enrol in a version d'étape despite the usual checks.
//!
//! `typLpa` `IAPRIMO` targets an OPI individual by `numOPI` (= `cod_opi_int_epo`,
//! table `telem_laisser_passer_opi`), `REINS` a student by `codEtu` (table
//! `telem_laisser_passer`, keyed by the student's `individu.cod_ind`; an
//! unknown student is refused by the store). Lengths follow Apogée (§12 of the contract):
//! `cod_etp` 6, `cod_dip` 7, `cod_opi_int_epo` 10, `cod_etu` number(8),
//! `cod_rgi` 1, `cod_stu` 2. The lengths of `lib_cmt_lpa`, `cod_cat_oui_si`,
//! `mtf_cat` and `cod_cat_exo_ext` are not public: 200, 10, 200 and 10 are ours.

use super::record::{FieldError, FromText, Record};

/// First enrolment: the person is an OPI individual (`numOPI`).
pub const IAPRIMO: &str = "IAPRIMO";
/// Re-enrolment: the person is a student (`codEtu`).
pub const REINS: &str = "REINS";

/// Longest creating / modifying user (`cod_uti_cre_lpa`, `cod_uti_mod_lpa`:
/// `VARCHAR(30)` as in Apogée), in characters.
pub const MAX_USER_CHARS: usize = 30;

/// Why `name` cannot be recorded as the creating / modifying user of a
/// laissez-passer (empty, or longer than [`MAX_USER_CHARS`] characters).
pub fn user_name_error(name: &str) -> Option<String> {
    let n = name.chars().count();
    if name.trim().is_empty() {
        Some("the user name is empty".into())
    } else if n > MAX_USER_CHARS {
        Some(format!(
            "« {name} » has {n} characters; at most {MAX_USER_CHARS} fit in cod_uti_cre_lpa / cod_uti_mod_lpa"
        ))
    } else {
        None
    }
}

crate::record! {
    /// One laissez-passer as sent (V2 names; V1 has the same ones prefixed with `_`).
    pub struct Lp {
        typ_lpa: Option<String> = (Text, 7, "typLpa"),
        cod_anu: Option<String> = (Year, 4, "codAnu"),
        num_opi: Option<String> = (Text, 10, "numOPI"),
        cod_etu: Option<String> = (Text, 8, "codEtu"),
        cod_etp: Option<String> = (Text, 6, "codEtp"),
        cod_vrs_vet: Option<i32> = (Int, 0, "codVrsVet"),
        cod_dip: Option<String> = (Text, 7, "codDip"),
        cod_vrs_vdi: Option<i32> = (Int, 0, "codVrsVdi"),
        cod_rgi: Option<String> = (Text, 1, "codRgi"),
        cod_stu: Option<String> = (Text, 2, "codStu"),
        lib_cmt_lpa: Option<String> = (Text, 200, "libCmtLpa"),
        cod_cat_oui_si: Option<String> = (Text, 10, "codCatOuiSi"),
        mtf_cat: Option<String> = (Text, 200, "mtfCat"),
        cod_cat_exo_ext: Option<String> = (Text, 10, "codCatExoExt"),
    }
}

/// The fields of a laissez-passer as text, as they come from SOAP or CSV
/// (`None` and `""` both mean "not given").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LpText {
    pub typ_lpa: Option<String>,
    pub cod_anu: Option<String>,
    pub num_opi: Option<String>,
    pub cod_etu: Option<String>,
    pub cod_etp: Option<String>,
    pub cod_vrs_vet: Option<String>,
    pub cod_dip: Option<String>,
    pub cod_vrs_vdi: Option<String>,
    pub cod_rgi: Option<String>,
    pub cod_stu: Option<String>,
    pub lib_cmt_lpa: Option<String>,
    pub cod_cat_oui_si: Option<String>,
    pub mtf_cat: Option<String>,
    pub cod_cat_exo_ext: Option<String>,
}

fn text(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

fn int(v: &Option<String>, path: &str) -> Result<Option<i32>, FieldError> {
    Option::<i32>::from_text(v.as_deref().map(str::trim).unwrap_or(""))
        .map_err(|r| FieldError::new(path, "", r))
}

impl Lp {
    /// Whether this is an `IAPRIMO` laissez-passer (an OPI individual).
    pub fn is_primo(&self) -> bool {
        self.typ_lpa.as_deref() == Some(IAPRIMO)
    }

    /// The key a client recognises the item by:
    /// `IAPRIMO/numOPI/codAnu/codEtp/codVrsVet` or `REINS/codEtu/…`.
    pub fn key(&self) -> String {
        let who = if self.is_primo() {
            self.num_opi.as_deref()
        } else {
            self.cod_etu.as_deref()
        };
        format!(
            "{}/{}/{}/{}/{}",
            self.typ_lpa.as_deref().unwrap_or(""),
            who.unwrap_or(""),
            self.cod_anu.as_deref().unwrap_or(""),
            self.cod_etp.as_deref().unwrap_or(""),
            self.cod_vrs_vet.map(|v| v.to_string()).unwrap_or_default()
        )
    }

    /// Parses and validates: every rule that needs no database. Paths in
    /// errors are the V2 element names (`codVrsVet`); the fault code is
    /// `technical.parameter.noncoherentinput.<field>`.
    pub fn parse(t: &LpText) -> Result<Lp, FieldError> {
        let lp = Lp {
            typ_lpa: text(&t.typ_lpa).map(|s| s.to_ascii_uppercase()),
            cod_anu: text(&t.cod_anu),
            num_opi: text(&t.num_opi),
            cod_etu: text(&t.cod_etu),
            cod_etp: text(&t.cod_etp).map(|s| s.to_ascii_uppercase()),
            cod_vrs_vet: int(&t.cod_vrs_vet, "codVrsVet")?,
            cod_dip: text(&t.cod_dip).map(|s| s.to_ascii_uppercase()),
            cod_vrs_vdi: int(&t.cod_vrs_vdi, "codVrsVdi")?,
            cod_rgi: text(&t.cod_rgi),
            cod_stu: text(&t.cod_stu),
            lib_cmt_lpa: text(&t.lib_cmt_lpa),
            cod_cat_oui_si: text(&t.cod_cat_oui_si),
            mtf_cat: text(&t.mtf_cat),
            cod_cat_exo_ext: text(&t.cod_cat_exo_ext),
        };
        lp.validate()?;
        Ok(lp)
    }

    /// The rules of a laissez-passer, see [`Lp::parse`].
    pub fn validate(&self) -> Result<(), FieldError> {
        self.check("", &["typ_lpa", "cod_anu", "cod_etp", "cod_vrs_vet"])?;
        match self.typ_lpa.as_deref() {
            Some(IAPRIMO) => {
                if self.num_opi.is_none() {
                    return Err(FieldError::new(
                        "numOPI",
                        "",
                        "an IAPRIMO laissez-passer needs the OPI number (numOPI)",
                    ));
                }
            }
            Some(REINS) => match self.cod_etu.as_deref() {
                None => {
                    return Err(FieldError::new(
                        "codEtu",
                        "",
                        "a REINS laissez-passer needs the student number (codEtu)",
                    ))
                }
                Some(e) if !e.bytes().all(|b| b.is_ascii_digit()) => {
                    return Err(FieldError::new(
                        "codEtu",
                        "",
                        format!("« {e} » is not a student number (up to 8 digits)"),
                    ))
                }
                Some(_) => {}
            },
            Some(other) => {
                return Err(FieldError::new(
                    "typLpa",
                    "",
                    format!("« {other} » is not a laissez-passer type: expected IAPRIMO or REINS"),
                ))
            }
            None => unreachable!("typ_lpa is mandatory"),
        }
        for (v, path) in [
            (self.cod_vrs_vet, "codVrsVet"),
            (self.cod_vrs_vdi, "codVrsVdi"),
        ] {
            if let Some(n) = v {
                if !(1..=999).contains(&n) {
                    return Err(FieldError::new(
                        path,
                        "",
                        format!("{n} is not a version number (1 to 999)"),
                    ));
                }
            }
        }
        match (&self.cod_dip, self.cod_vrs_vdi) {
            (Some(_), None) => Err(FieldError::new(
                "codVrsVdi",
                "",
                "codDip is given: its version (codVrsVdi) is required too",
            )),
            (None, Some(_)) => Err(FieldError::new(
                "codDip",
                "",
                "codVrsVdi is given: the diploma (codDip) is required too",
            )),
            _ => Ok(()),
        }
    }
}

/// What lets a person enrol in one version d'étape, see [`precedence`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Grant {
    /// A laissez-passer: the index of the winning one in `lps`.
    LaissezPasser(usize),
    /// An OPI wish, no laissez-passer on that étape: the index in `wishes`.
    Wish(usize),
}

/// One version d'étape a person may enrol in, and the record that wins there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allowed {
    /// Upper case, trimmed.
    pub cod_etp: String,
    pub cod_vrs_vet: i32,
    /// The winning record: a laissez-passer whenever one names this étape.
    pub grant: Grant,
    /// The other records on the same étape, which lose: every wish there when
    /// a laissez-passer wins, the later wishes when a wish wins, the other
    /// laissez-passer (other years) when several name it. Indexes into
    /// `wishes` / `lps`.
    pub wishes_overridden: Vec<usize>,
    pub lps_overridden: Vec<usize>,
}

fn etape(etp: Option<&str>, vet: Option<i32>) -> Option<(String, i32)> {
    let etp = etp.map(str::trim).filter(|e| !e.is_empty())?;
    Some((etp.to_ascii_uppercase(), vet?))
}

/// Which versions d'étape a person may enrol in, given the wishes of their
/// OPI and their laissez-passer (the caller passes the person's own: the
/// `IAPRIMO` LPs of that OPI, or the `REINS` LPs of that student), and which
/// record wins on each: **a laissez-passer wins over an OPI wish on the same
/// étape** (`cod_etp` compared without case, and `cod_vrs_vet`).
///
/// * `cod_anu`: only the laissez-passer of that year count (`None`: every
///   year; when several name the same étape, the latest `cod_anu` wins, the
///   first given on a tie).
/// * A wish or LP without `cod_etp` or `cod_vrs_vet` names no étape: ignored.
/// * Several wishes on one étape (different `cod_cge`): the first wins.
/// * Order of the answer: the étapes of the wishes, in wish order, then those
///   named only by laissez-passer, in LP order.
///
/// Pure: no database. The one rule for every place that answers "which
/// étapes may this person enrol in": the admin view of an OPI
/// (`http::admin::opi`) renders its answer.
pub fn precedence(
    wishes: &[crate::domain::opi::Voeu],
    lps: &[Lp],
    cod_anu: Option<&str>,
) -> Vec<Allowed> {
    let mut out: Vec<Allowed> = Vec::new();
    let find = |out: &[Allowed], k: &(String, i32)| {
        out.iter()
            .position(|a| a.cod_etp == k.0 && a.cod_vrs_vet == k.1)
    };
    for (i, w) in wishes.iter().enumerate() {
        let Some(k) = etape(w.cod_etp.as_deref(), w.cod_vrs_vet) else {
            continue;
        };
        match find(&out, &k) {
            Some(j) => out[j].wishes_overridden.push(i),
            None => out.push(Allowed {
                cod_etp: k.0,
                cod_vrs_vet: k.1,
                grant: Grant::Wish(i),
                wishes_overridden: Vec::new(),
                lps_overridden: Vec::new(),
            }),
        }
    }
    let year = cod_anu.map(str::trim);
    for (i, lp) in lps.iter().enumerate() {
        if year.is_some_and(|y| lp.cod_anu.as_deref().map(str::trim) != Some(y)) {
            continue;
        }
        let Some(k) = etape(lp.cod_etp.as_deref(), lp.cod_vrs_vet) else {
            continue;
        };
        let Some(j) = find(&out, &k) else {
            out.push(Allowed {
                cod_etp: k.0,
                cod_vrs_vet: k.1,
                grant: Grant::LaissezPasser(i),
                wishes_overridden: Vec::new(),
                lps_overridden: Vec::new(),
            });
            continue;
        };
        let a = &mut out[j];
        match a.grant {
            Grant::Wish(w) => {
                // The LP wins: every wish on this étape loses, the winner first.
                a.wishes_overridden.insert(0, w);
                a.grant = Grant::LaissezPasser(i);
            }
            Grant::LaissezPasser(other) => {
                if lp.cod_anu > lps[other].cod_anu {
                    a.lps_overridden.push(other);
                    a.grant = Grant::LaissezPasser(i);
                } else {
                    a.lps_overridden.push(i);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(typ: &str, anu: &str, opi: &str, etu: &str, etp: &str, vet: &str) -> LpText {
        LpText {
            typ_lpa: Some(typ.into()),
            cod_anu: Some(anu.into()),
            num_opi: Some(opi.into()),
            cod_etu: Some(etu.into()),
            cod_etp: Some(etp.into()),
            cod_vrs_vet: Some(vet.into()),
            ..Default::default()
        }
    }

    fn field(r: Result<Lp, FieldError>) -> String {
        r.unwrap_err().field
    }

    #[test]
    fn rules() {
        let ok = Lp::parse(&t("IAPRIMO", "2024", "M1", "", "L1INF", "101")).unwrap();
        assert_eq!(ok.cod_etu, None);
        assert_eq!(ok.key(), "IAPRIMO/M1/2024/L1INF/101");
        assert!(Lp::parse(&t("reins", "2024", "", "123", "L1INF", "101")).is_ok());
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "2024", "", "", "L1INF", "101"))),
            "numOPI"
        );
        assert_eq!(
            field(Lp::parse(&t("REINS", "2024", "M1", "", "L1INF", "101"))),
            "codEtu"
        );
        assert_eq!(
            field(Lp::parse(&t("REINS", "2024", "", "12a", "L1INF", "101"))),
            "codEtu"
        );
        assert_eq!(
            field(Lp::parse(&t(
                "REINS",
                "2024",
                "",
                "123456789",
                "L1INF",
                "101"
            ))),
            "codEtu"
        );
        assert_eq!(
            field(Lp::parse(&t("X", "2024", "M1", "", "L1INF", "101"))),
            "typLpa"
        );
        assert_eq!(
            field(Lp::parse(&t("", "2024", "M1", "", "L1INF", "101"))),
            "typLpa"
        );
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "24", "M1", "", "L1INF", "101"))),
            "codAnu"
        );
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "2024", "M1", "", "", "101"))),
            "codEtp"
        );
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "2024", "M1", "", "L1INFOR", "101"))),
            "codEtp"
        );
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "2024", "M1", "", "L1INF", ""))),
            "codVrsVet"
        );
        assert_eq!(
            field(Lp::parse(&t("IAPRIMO", "2024", "M1", "", "L1INF", "x"))),
            "codVrsVet"
        );
        let mut d = t("IAPRIMO", "2024", "M1", "", "L1INF", "101");
        d.cod_dip = Some("LINF".into());
        assert_eq!(field(Lp::parse(&d)), "codVrsVdi");
        d.cod_vrs_vdi = Some("101".into());
        assert!(Lp::parse(&d).is_ok());
        d.cod_rgi = Some("12".into());
        assert_eq!(field(Lp::parse(&d)), "codRgi");
    }

    fn voeu(etp: &str, vet: i32, cge: &str) -> crate::domain::opi::Voeu {
        crate::domain::opi::Voeu {
            cod_etp: Some(etp.into()),
            cod_vrs_vet: Some(vet),
            cod_cge: Some(cge.into()),
            ..Default::default()
        }
    }

    fn lp(anu: &str, etp: &str, vet: &str) -> Lp {
        Lp::parse(&t("IAPRIMO", anu, "M1", "", etp, vet)).unwrap()
    }

    #[test]
    fn a_laissez_passer_wins_over_a_wish_on_the_same_etape() {
        let wishes = [
            voeu("L1INF", 101, "100"),
            voeu("l2inf", 101, "100"),
            voeu("L1INF", 101, "200"),
            crate::domain::opi::Voeu::default(),
        ];
        let lps = [
            lp("2024", "L2INF", "101"),
            lp("2024", "L3INF", "101"),
            lp("2025", "L2INF", "101"),
        ];
        let got = precedence(&wishes, &lps, None);
        assert_eq!(
            got,
            vec![
                Allowed {
                    cod_etp: "L1INF".into(),
                    cod_vrs_vet: 101,
                    grant: Grant::Wish(0),
                    wishes_overridden: vec![2],
                    lps_overridden: vec![],
                },
                Allowed {
                    cod_etp: "L2INF".into(),
                    cod_vrs_vet: 101,
                    grant: Grant::LaissezPasser(2),
                    wishes_overridden: vec![1],
                    lps_overridden: vec![0],
                },
                Allowed {
                    cod_etp: "L3INF".into(),
                    cod_vrs_vet: 101,
                    grant: Grant::LaissezPasser(1),
                    wishes_overridden: vec![],
                    lps_overridden: vec![],
                },
            ]
        );
        // One year only: the 2025 LP does not count, the 2024 one wins.
        let got = precedence(&wishes, &lps, Some("2024"));
        assert_eq!(got[1].grant, Grant::LaissezPasser(0));
        assert!(got[1].lps_overridden.is_empty());
        let got = precedence(&wishes, &lps, Some("2026"));
        assert_eq!(got.len(), 2);
        assert!(got.iter().all(|a| matches!(a.grant, Grant::Wish(_))));
        // Another version of the étape is another étape.
        let got = precedence(
            &[voeu("L1INF", 102, "100")],
            &[lp("2024", "L1INF", "101")],
            None,
        );
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].grant, Grant::Wish(0));
        assert_eq!(got[1].grant, Grant::LaissezPasser(0));
        assert!(precedence(&[], &[], None).is_empty());
    }
}
