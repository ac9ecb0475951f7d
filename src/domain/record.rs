//! Records: structs whose fields are database columns, with enough description
//! (kind, maximum length, DTO path) to be validated, hashed and written generically.
//! Declared with [`crate::record!`].

use sha2::{Digest, Sha256};

/// What a field holds, and so which rule [`Record::check`] applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Free text or a code: only its length is checked.
    Text,
    /// `xsd:int` (already parsed).
    Int,
    /// `xsd:decimal`, kept as text: must be a decimal number.
    Dec,
    /// A date (already parsed).
    Date,
    /// A year `yyyy`.
    Year,
    /// A month `mm`.
    Month,
    /// Apogée's boolean: `O` or `N`.
    Flag,
    /// `D` (French département) or `P` (foreign country).
    DepPay,
    /// `M` or `F`.
    Sex,
}

/// Description of one field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// Column name (= field name).
    pub column: &'static str,
    pub kind: Kind,
    /// Maximum length in characters (0: not a text field).
    pub max_len: usize,
    /// Path of the element in the DTO, relative to the record's element.
    pub path: &'static str,
}

/// A field's value, borrowed, for writing and hashing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    Date(Option<time::Date>),
}

impl<'a> From<&'a Option<String>> for Value<'a> {
    fn from(v: &'a Option<String>) -> Self {
        Value::Text(v.as_deref())
    }
}
impl From<&Option<i32>> for Value<'_> {
    fn from(v: &Option<i32>) -> Self {
        Value::Int(*v)
    }
}
impl From<&Option<time::Date>> for Value<'_> {
    fn from(v: &Option<time::Date>) -> Self {
        Value::Date(*v)
    }
}

impl Value<'_> {
    pub fn is_none(&self) -> bool {
        matches!(
            self,
            Value::Text(None) | Value::Int(None) | Value::Date(None)
        )
    }

    fn feed(&self, h: &mut Sha256) {
        match self {
            Value::Text(None) | Value::Int(None) | Value::Date(None) => h.update([0]),
            Value::Text(Some(s)) => {
                h.update([1]);
                h.update((s.len() as u32).to_be_bytes());
                h.update(s.as_bytes());
            }
            Value::Int(Some(i)) => {
                h.update([2]);
                h.update(i.to_be_bytes());
            }
            Value::Date(Some(d)) => {
                h.update([3]);
                h.update(d.to_julian_day().to_be_bytes());
            }
        }
    }
}

/// A field's value, owned, as read back from the database (see
/// [`Record::from_values`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OwnedValue {
    Text(Option<String>),
    Int(Option<i32>),
    Date(Option<time::Date>),
}

/// A field type that an [`OwnedValue`] of the matching variant converts into.
pub trait FromOwnedValue: Sized {
    /// The value back when its variant does not fit the field's type.
    fn from_owned_value(v: OwnedValue) -> Result<Self, OwnedValue>;
}

impl FromOwnedValue for Option<String> {
    fn from_owned_value(v: OwnedValue) -> Result<Self, OwnedValue> {
        match v {
            OwnedValue::Text(t) => Ok(t),
            other => Err(other),
        }
    }
}
impl FromOwnedValue for Option<i32> {
    fn from_owned_value(v: OwnedValue) -> Result<Self, OwnedValue> {
        match v {
            OwnedValue::Int(i) => Ok(i),
            other => Err(other),
        }
    }
}
impl FromOwnedValue for Option<time::Date> {
    fn from_owned_value(v: OwnedValue) -> Result<Self, OwnedValue> {
        match v {
            OwnedValue::Date(d) => Ok(d),
            other => Err(other),
        }
    }
}

/// A field type that can be set from the text of a cell (used by
/// [`crate::record!`]'s `set`): the empty string is `None`, an `i32` is parsed
/// as a decimal integer, a date as `ddMMyyyy`.
pub trait FromText: Sized {
    fn from_text(v: &str) -> Result<Self, String>;
}

impl FromText for Option<String> {
    fn from_text(v: &str) -> Result<Self, String> {
        Ok((!v.is_empty()).then(|| v.to_string()))
    }
}
impl FromText for Option<i32> {
    fn from_text(v: &str) -> Result<Self, String> {
        if v.is_empty() {
            return Ok(None);
        }
        v.trim()
            .parse()
            .map(Some)
            .map_err(|_| format!("« {v} » is not an integer"))
    }
}
impl FromText for Option<time::Date> {
    fn from_text(v: &str) -> Result<Self, String> {
        if v.is_empty() {
            return Ok(None);
        }
        parse_ddmmyyyy(v).map(Some)
    }
}

/// Takes the next value for `column` (used by [`crate::record!`]'s `from_values`).
pub fn take_field<T: FromOwnedValue>(
    values: &mut impl Iterator<Item = OwnedValue>,
    record: &str,
    column: &str,
) -> Result<T, String> {
    let v = values
        .next()
        .ok_or_else(|| format!("{record}: no value for {column}"))?;
    T::from_owned_value(v).map_err(|v| format!("{record}.{column}: unexpected value {v:?}"))
}

/// A rule broken by one field.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}: {reason}")]
pub struct FieldError {
    /// Path of the element, relative to the operation's payload element.
    pub path: String,
    /// The element name alone (last path segment, index removed).
    pub field: String,
    pub reason: String,
}

impl FieldError {
    /// `field` empty: taken from the last segment of `path`.
    pub fn new(path: impl Into<String>, field: &str, reason: impl Into<String>) -> Self {
        let path = path.into();
        let field = if field.is_empty() {
            let last = path.rsplit('/').next().unwrap_or("");
            last.split('[').next().unwrap_or(last).to_string()
        } else {
            field.to_string()
        };
        FieldError {
            path,
            field,
            reason: reason.into(),
        }
    }
}

/// Implemented by [`crate::record!`].
pub trait Record {
    const FIELDS: &'static [FieldSpec];
    /// Values in the order of `FIELDS`.
    fn values(&self) -> Vec<Value<'_>>;
    /// The record from its values in the order of `FIELDS` (the inverse of
    /// `values`); an error names the field whose value has the wrong variant,
    /// or says that the count is wrong.
    fn from_values(values: Vec<OwnedValue>) -> Result<Self, String>
    where
        Self: Sized;

    /// The DTO path of a column.
    fn path_of(column: &str) -> String {
        Self::FIELDS
            .iter()
            .find(|f| f.column == column)
            .map(|f| f.path.to_string())
            .unwrap_or_else(|| column.to_string())
    }

    /// Feeds the values into a content hash.
    fn feed(&self, h: &mut Sha256) {
        for v in self.values() {
            v.feed(h);
        }
    }

    /// Checks every field against its kind and length, and the `mandatory`
    /// columns for presence. `prefix` is prepended to paths in errors (written
    /// only then: a `Display` such as a wish's `voeux/item[i]/` costs nothing
    /// when every field is valid).
    fn check<P: std::fmt::Display + ?Sized>(
        &self,
        prefix: &P,
        mandatory: &[&str],
    ) -> Result<(), FieldError> {
        for (spec, value) in Self::FIELDS.iter().zip(self.values()) {
            let path = || format!("{prefix}{}", spec.path);
            if value.is_none() {
                if mandatory.contains(&spec.column) {
                    return Err(FieldError::new(path(), "", "this field is required"));
                }
                continue;
            }
            let Value::Text(Some(s)) = value else {
                continue;
            };
            let n = s.chars().count();
            if spec.max_len > 0 && n > spec.max_len {
                return Err(FieldError::new(
                    path(),
                    "",
                    format!(
                        "« {s} » is {n} characters long; at most {} are allowed",
                        spec.max_len
                    ),
                ));
            }
            let ok = match spec.kind {
                Kind::Text | Kind::Int | Kind::Date => true,
                Kind::Dec => is_decimal(s),
                Kind::Year => {
                    s.len() == 4
                        && s.bytes().all(|b| b.is_ascii_digit())
                        && ("1900".."2101").contains(&s)
                }
                Kind::Month => s.parse::<u8>().is_ok_and(|m| (1..=12).contains(&m)),
                Kind::Flag => s == "O" || s == "N",
                Kind::DepPay => s == "D" || s == "P",
                Kind::Sex => s == "M" || s == "F",
            };
            if !ok {
                let expected = match spec.kind {
                    Kind::Dec => "a decimal number",
                    Kind::Year => "a year yyyy",
                    Kind::Month => "a month 01 to 12",
                    Kind::Flag => "O (oui) or N (non)",
                    Kind::DepPay => "D (département) or P (pays)",
                    Kind::Sex => "M or F",
                    _ => "a valid value",
                };
                return Err(FieldError::new(
                    path(),
                    "",
                    format!("« {s} » is not valid: expected {expected}"),
                ));
            }
        }
        Ok(())
    }
}

fn is_decimal(s: &str) -> bool {
    let s = s.strip_prefix(['-', '+']).unwrap_or(s);
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !(int.is_empty() && frac.is_none_or(str::is_empty))
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit()))
}

/// Splits the 11 characters of an INE as sent (`codNneIndOpi`: 10 + key).
pub fn split_ine(v: &str) -> Result<(String, String), String> {
    let v = v.trim().to_ascii_uppercase();
    if v.chars().count() != 11 || !v.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(format!(
            "« {v} » is not an INE: 11 letters or digits expected (10 characters and the key)"
        ));
    }
    Ok((v[..10].to_string(), v[10..].to_string()))
}

/// Shape of a stored INE (`cod_nne` 10 characters + `cod_cle` 1).
pub fn check_ine(nne: &str, cle: &str) -> Result<(), String> {
    // What `split_ine` gives (10 + 1 ASCII letters or digits) is accepted
    // without building the joined text; anything else goes the long way.
    if nne.len() == 10
        && cle.len() == 1
        && nne
            .bytes()
            .chain(cle.bytes())
            .all(|b| b.is_ascii_alphanumeric())
    {
        return Ok(());
    }
    split_ine(&format!("{nne}{cle}")).map(|_| ())
}

/// Parses Apogée's `ddMMyyyy` date.
pub fn parse_ddmmyyyy(v: &str) -> Result<time::Date, String> {
    let v = v.trim();
    let bad = || format!("« {v} » is not a date ddMMyyyy (e.g. 31012004 for 31 January 2004)");
    if v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad());
    }
    let d: u8 = v[0..2].parse().map_err(|_| bad())?;
    let m: u8 = v[2..4].parse().map_err(|_| bad())?;
    let y: i32 = v[4..8].parse().map_err(|_| bad())?;
    let month = time::Month::try_from(m).map_err(|_| bad())?;
    time::Date::from_calendar_date(y, month, d).map_err(|_| bad())
}

/// Declares a record. Each field: `name: Type = (Kind, max_len, "dto/path")`.
/// Besides the struct and its [`Record`] impl, generates `set(column, text)`
/// (see [`FromText`]).
#[macro_export]
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $field:ident : $ty:ty = ($kind:ident, $len:expr, $path:literal) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
        pub struct $name {
            $( pub $field: $ty, )*
        }

        impl $crate::domain::record::Record for $name {
            const FIELDS: &'static [$crate::domain::record::FieldSpec] = &[
                $( $crate::domain::record::FieldSpec {
                    column: stringify!($field),
                    kind: $crate::domain::record::Kind::$kind,
                    max_len: $len,
                    path: $path,
                }, )*
            ];
            fn values(&self) -> Vec<$crate::domain::record::Value<'_>> {
                vec![ $( $crate::domain::record::Value::from(&self.$field), )* ]
            }
            fn from_values(
                values: Vec<$crate::domain::record::OwnedValue>,
            ) -> Result<Self, String> {
                let mut it = values.into_iter();
                let r = $name {
                    $( $field: $crate::domain::record::take_field(
                        &mut it,
                        stringify!($name),
                        stringify!($field),
                    )?, )*
                };
                match it.next() {
                    None => Ok(r),
                    Some(_) => Err(format!("{}: too many values", stringify!($name))),
                }
            }
        }

        impl $name {
            /// Sets the field named `column` from text (the empty string is
            /// `None`; integers parsed, dates as `ddMMyyyy`). `Ok(false)`: no
            /// such column; `Err`: the text does not fit the field's type.
            #[allow(dead_code)]
            pub fn set(&mut self, column: &str, value: &str) -> Result<bool, String> {
                match column {
                    $( stringify!($field) => {
                        self.$field = $crate::domain::record::FromText::from_text(value)?;
                        Ok(true)
                    } )*
                    _ => Ok(false),
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(
            parse_ddmmyyyy("31012004").unwrap(),
            time::macros::date!(2004 - 01 - 31)
        );
        assert!(parse_ddmmyyyy("29022023").is_err(), "not a leap year");
        assert!(parse_ddmmyyyy("29022024").is_ok());
        assert!(parse_ddmmyyyy("2004-01-31").is_err());
        assert!(parse_ddmmyyyy("3101204").is_err());
    }

    #[test]
    fn ine() {
        assert_eq!(
            split_ine("1234567890a").unwrap(),
            ("1234567890".into(), "A".into())
        );
        assert!(split_ine("123456789").is_err());
        assert!(split_ine("12345-7890A").is_err());
    }

    crate::record! {
        pub struct Sample {
            code: Option<String> = (Text, 5, "code"),
            count: Option<i32> = (Int, 0, "count"),
            day: Option<time::Date> = (Date, 0, "day"),
        }
    }

    #[test]
    fn set_by_column() {
        let mut r = Sample::default();
        assert_eq!(r.set("code", "AB"), Ok(true));
        assert_eq!(r.set("count", " 42 "), Ok(true));
        assert_eq!(r.set("day", "31012004"), Ok(true));
        assert_eq!(r.set("nope", "x"), Ok(false));
        assert_eq!(r.code.as_deref(), Some("AB"));
        assert_eq!(r.count, Some(42));
        assert_eq!(r.day, Some(time::macros::date!(2004 - 01 - 31)));
        assert!(r.set("count", "4x").is_err());
        assert!(r.set("day", "31/01/2004").is_err());
        assert_eq!(r.set("code", ""), Ok(true));
        assert_eq!(r.code, None);
    }

    #[test]
    fn decimals() {
        for ok in ["1", "1.5", "-2.25", ".5", "10."] {
            assert!(is_decimal(ok), "{ok}");
        }
        for bad in ["", ".", "1,5", "a", "1.2.3"] {
            assert!(!is_decimal(bad), "{bad}");
        }
    }
}
