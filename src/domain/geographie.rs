//! Reference geography: countries, départements, communes and their postal
//! distribution offices (bureaux distributeurs).

/// A row of `pays`. `cod_pay` is the INSEE country code without its `99` prefix
/// (`100` = France), as Apogée stores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pays {
    pub cod_pay: String,
    pub lib_pay: String,
    pub lib_nat: Option<String>,
    pub tem_en_sve_pay: bool,
}

/// A row of `departement` with the label of its académie.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Departement {
    pub cod_dep: String,
    pub lib_dep: String,
    pub cod_aca: Option<String>,
    pub lib_aca: Option<String>,
    pub tem_en_sve_dep: bool,
}

/// A commune served by a postal distribution office (`com_bdi` joined with
/// `commune` and `bureau_distributeur`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    /// INSEE code of the commune (`cod_com`).
    pub cod_com: String,
    /// Postal code (`cod_bdi`).
    pub cod_bdi: String,
    pub lib_com: String,
    /// Label of the distribution office (`lib_ach_bdi`).
    pub lib_ach_bdi: String,
    pub tem_en_sve_com: bool,
    pub tem_en_sve_bdi: bool,
    /// The commune ↔ office link is in service (`tem_en_sve_cbd`).
    pub tem_en_sve_cbd: bool,
}

/// Normalises a postal code parameter: trimmed, exactly five digits.
pub fn check_code_postal(v: &str) -> Result<String, String> {
    let v = v.trim();
    if v.len() == 5 && v.bytes().all(|b| b.is_ascii_digit()) {
        Ok(v.to_string())
    } else {
        Err(format!(
            "« {v} » is not a postal code: five digits expected"
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn postal_codes() {
        assert_eq!(super::check_code_postal(" 75005 ").unwrap(), "75005");
        assert!(super::check_code_postal("7500").is_err());
        assert!(super::check_code_postal("2A004").is_err());
    }
}
