//! Business values and rules that depend on neither XML nor SQL.

pub mod geographie;
pub mod inscriptions;
pub mod lp;
pub mod offre;
pub mod opi;
pub mod record;

/// Apogée's yes/no/all switch (`O`, `N`, `T`) used by `_temoinEnService…` parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Temoin {
    /// `O`: only what is in service.
    Oui,
    /// `N`: only what is out of service.
    Non,
    /// `T` (or not given): everything.
    Tous,
}

impl Temoin {
    /// Reads a witness parameter; `None` (not given) means `T`. Lower case is accepted.
    pub fn parse(v: Option<&str>) -> Result<Temoin, String> {
        match v.map(|s| s.trim().to_ascii_uppercase()).as_deref() {
            None | Some("") | Some("T") => Ok(Temoin::Tous),
            Some("O") => Ok(Temoin::Oui),
            Some("N") => Ok(Temoin::Non),
            Some(other) => Err(format!(
                "« {other} » is not a valid witness: expected O (in service), N (out of service) or T (all)"
            )),
        }
    }

    /// Whether a row whose flag is `en_service` passes this filter.
    pub fn accepts(self, en_service: bool) -> bool {
        match self {
            Temoin::Oui => en_service,
            Temoin::Non => !en_service,
            Temoin::Tous => true,
        }
    }

    /// The SQL flag value to filter on, `None` for no filter.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            Temoin::Oui => Some("O"),
            Temoin::Non => Some("N"),
            Temoin::Tous => None,
        }
    }
}

/// `true` → `"O"`, `false` → `"N"`, Apogée's boolean convention.
pub fn on(b: bool) -> &'static str {
    if b {
        "O"
    } else {
        "N"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temoin() {
        assert_eq!(Temoin::parse(None), Ok(Temoin::Tous));
        assert_eq!(Temoin::parse(Some("o")), Ok(Temoin::Oui));
        assert!(Temoin::parse(Some("X")).is_err());
        assert!(Temoin::Non.accepts(false) && !Temoin::Non.accepts(true));
    }
}
