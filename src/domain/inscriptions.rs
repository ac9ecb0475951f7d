//! Parameters of the registration and result reads (`AdministratifMetier`,
//! `PedagogiqueMetier`) and how they select rows, independent of XML and SQL.
//!
//! * A state filter (`_etatIAA`, `_etatIAE`, `_etatInscriptionIA`,
//!   `_codEtaIae`, `_etatDelib`) is a string of state letters, each letter one
//!   accepted state: `E` (en cours), `A` (annulée), `ARE`, `AET`… A letter that
//!   no row has (the `R` of esup-mdw's `ARE`) simply matches nothing. `toutes`,
//!   `tous`, an empty value or no value at all means every state.
//! * A year (`_annee`, `_codAnu`) is four digits, or `toutes`/`tous`/nothing
//!   for every year.
//! * A session (`_codSes`) is a session code (`0`, `1`, `2`) or `toutes`; a
//!   result type (`_typeRes`) a result code (`ADM`, `AJ`…) or `tous`.

/// Which states a filter accepts; `None` = all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Etats(Option<Vec<char>>);

fn is_all(v: &str) -> bool {
    v.is_empty() || v.eq_ignore_ascii_case("toutes") || v.eq_ignore_ascii_case("tous")
}

impl Etats {
    /// Every state.
    pub const ALL: Etats = Etats(None);

    /// Reads a state filter.
    pub fn parse(v: Option<&str>) -> Result<Etats, String> {
        let v = v.map(str::trim).unwrap_or("");
        if is_all(v) {
            return Ok(Etats(None));
        }
        if !v.chars().all(|c| c.is_ascii_alphabetic()) {
            return Err(format!(
                "« {v} » is not a state filter: expected state letters (E en cours, A annulée; several at once, e.g. ARE) or toutes"
            ));
        }
        Ok(Etats(Some(v.to_ascii_uppercase().chars().collect())))
    }

    /// Whether a row in state `eta` passes. A row without a state passes only
    /// the "all" filter.
    pub fn accepts(&self, eta: Option<&str>) -> bool {
        match (&self.0, eta) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(letters), Some(e)) => {
                let e = e.trim().to_ascii_uppercase();
                e.chars().count() == 1 && e.chars().all(|c| letters.contains(&c))
            }
        }
    }

    pub fn is_all(&self) -> bool {
        self.0.is_none()
    }
}

/// A year filter; `None` = every year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Annee(pub Option<String>);

impl Annee {
    pub fn parse(v: Option<&str>) -> Result<Annee, String> {
        let v = v.map(str::trim).unwrap_or("");
        if is_all(v) {
            return Ok(Annee(None));
        }
        if v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Annee(Some(v.to_string())))
        } else {
            Err(format!(
                "« {v} » is not an academic year: expected four digits (2024) or toutes"
            ))
        }
    }

    pub fn accepts(&self, cod_anu: &str) -> bool {
        self.0.as_deref().is_none_or(|a| a == cod_anu)
    }
}

/// A code filter (`_codSes`, `_typeRes`): one code, or everything.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Code(pub Option<String>);

impl Code {
    pub fn parse(v: Option<&str>) -> Code {
        let v = v.map(str::trim).unwrap_or("");
        if is_all(v) {
            Code(None)
        } else {
            Code(Some(v.to_ascii_uppercase()))
        }
    }

    pub fn accepts(&self, code: Option<&str>) -> bool {
        match (&self.0, code) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(c), Some(x)) => x.trim().eq_ignore_ascii_case(c),
        }
    }
}

/// Where results are read from (`_sourceRes`): Apogée's own tables or their
/// extraction. Passerelle holds one copy, so both read the same rows.
pub fn check_source(v: Option<&str>) -> Result<(), String> {
    match v.map(str::trim) {
        None | Some("") => Ok(()),
        Some(s)
            if s.eq_ignore_ascii_case("apogee") || s.eq_ignore_ascii_case("apogee-extraction") =>
        {
            Ok(())
        }
        Some(s) => Err(format!(
            "« {s} » is not a result source: expected Apogee or Apogee-extraction"
        )),
    }
}

/// Reads a student number (`_codEtu`): digits only.
pub fn parse_cod_etu(v: Option<&str>) -> Result<i64, String> {
    let v = v.map(str::trim).unwrap_or("");
    if v.is_empty() {
        return Err("The student number _codEtu is required.".into());
    }
    if !v.bytes().all(|b| b.is_ascii_digit()) || v.len() > 10 {
        return Err(format!(
            "« {v} » is not a student number (digits expected)."
        ));
    }
    v.parse()
        .map_err(|_| format!("« {v} » is not a student number."))
}

/// A number read from the database as text, written as Apogée's clients read
/// it: no useless trailing zeros (`12.500` → `12.5`, `14.000` → `14`); a
/// decimal comma becomes a point.
pub fn number(v: &str) -> String {
    let v = v.trim().replace(',', ".");
    if v.contains('.') {
        let t = v.trim_end_matches('0').trim_end_matches('.');
        if t.is_empty() || t == "-" {
            "0".into()
        } else {
            t.to_string()
        }
    } else {
        v
    }
}

/// A mark: the substitute (`ABI`, `ABJ`, `DEF`…) when there is one, else the
/// number.
pub fn note(num: Option<&str>, sub: Option<&str>) -> Option<String> {
    match sub.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => Some(s.to_string()),
        None => num.map(number),
    }
}

/// An ISO date (`YYYY-MM-DD`, possibly followed by a time) as an
/// `xsd:dateTime` at midnight.
pub fn date_time(d: &str) -> String {
    let d = d.trim();
    let day = d.get(..10).unwrap_or(d);
    format!("{day}T00:00:00")
}

/// An ISO date as Apogée's `dd/MM/yyyy` text (`datObtVdi`).
pub fn date_fr(d: &str) -> String {
    let d = d.trim();
    match (d.get(0..4), d.get(5..7), d.get(8..10)) {
        (Some(y), Some(m), Some(j)) => format!("{j}/{m}/{y}"),
        _ => d.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn state_filters() {
        let are = Etats::parse(Some("ARE")).unwrap();
        assert!(are.accepts(Some("E")) && are.accepts(Some("A")));
        let e = Etats::parse(Some("e")).unwrap();
        assert!(e.accepts(Some("E")) && !e.accepts(Some("A")));
        for all in [None, Some(""), Some("toutes"), Some("TOUS")] {
            let f = Etats::parse(all).unwrap();
            assert!(f.is_all() && f.accepts(None));
        }
        assert!(!e.accepts(None));
        assert!(Etats::parse(Some("E,A")).is_err());
    }

    #[test]
    fn years_codes_sources() {
        assert!(Annee::parse(Some("toutes")).unwrap().accepts("2022"));
        assert!(!Annee::parse(Some("2023")).unwrap().accepts("2022"));
        assert!(Annee::parse(Some("23")).is_err());
        assert!(Code::parse(Some("tous")).accepts(None));
        assert!(Code::parse(Some("1")).accepts(Some("1")));
        assert!(!Code::parse(Some("1")).accepts(Some("2")));
        assert!(check_source(Some("Apogee-extraction")).is_ok());
        assert!(check_source(Some("Oracle")).is_err());
    }

    #[test]
    fn numbers_and_marks() {
        assert_eq!(number("12.500"), "12.5");
        assert_eq!(number("14.000"), "14");
        assert_eq!(number("14"), "14");
        assert_eq!(number("0.000"), "0");
        assert_eq!(note(Some("12.5"), Some("ABI")).as_deref(), Some("ABI"));
        assert_eq!(note(Some("8.250"), None).as_deref(), Some("8.25"));
        assert_eq!(date_time("2024-09-05"), "2024-09-05T00:00:00");
        assert_eq!(date_fr("2024-07-01"), "01/07/2024");
        assert_eq!(parse_cod_etu(Some(" 21000001 ")).unwrap(), 21000001);
        assert!(parse_cod_etu(Some("abc")).is_err());
        assert!(parse_cod_etu(None).is_err());
    }
}
