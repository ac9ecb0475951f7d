//! The course-structure tables (`migrations/<dialect>/V3__offre.sql`), shared by
//! both back-ends: which table holds which field of [`Catalogue`], each column's
//! kind and length, the SQL of both dialects generated from that description,
//! the checks an import runs before it writes anything ([`check`]), the demo
//! catalogue ([`DEMO`]) and the `import-offre` command ([`import_file`]).
//!
//! One table per field of [`Catalogue`], one column per field of its row struct,
//! in the same order ([`TableDef`]); a `Libelle` (code, lib, lic, en_service) is
//! stored as `cod_x, lib_x, lic_x, tem_en_sve_x`, and every `bool` as Apogée's
//! `'O'`/`'N'`. Keys are the leading columns of each table. Rows are read back
//! ordered by their keys, text in byte order (SQLite's `BINARY`, PostgreSQL's
//! `COLLATE "C"`), so both back-ends give the same catalogue.
//!
//! An import is one transaction of upserts (`INSERT … ON CONFLICT (key) DO
//! UPDATE … WHERE` a column differs): rows the catalogue does not mention are
//! kept, and re-importing the same catalogue changes nothing. Before writing,
//! [`check`] refuses a catalogue with a bad value, a duplicate key or a cycle of
//! lists, and lists the references its own rows do not satisfy; the back-end
//! then looks those up in the database, inside the import's transaction.

use super::{ImportCounts, StoreError};
use crate::domain::offre::{
    Catalogue, DiplomeRow, ElementPedagogiRow, ElpRegroupeLseRow, EtapeRow, EtpGererCgeRow,
    Libelle, ListeElpRow, LseRegroupeElpRow, VdiFractionnerVetRow, VersionDiplomeRow,
    VersionEtapeRow, VetRegroupeLseRow,
};
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, LazyLock};

// ---------------------------------------------------------------------------
// Columns and tables
// ---------------------------------------------------------------------------

/// What a column holds, and so how it is checked, stored and bound.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An identifier of at most n characters: not empty, no surrounding blank.
    Code(usize),
    /// Free text of at most n characters.
    Text(usize),
    /// A decimal kept as text (`180`, `7.5`), at most n characters.
    Dec(usize),
    /// An academic year `yyyy`.
    Year,
    /// A version number, 1 to 999 (Apogée `number(3)`).
    Vrs,
    /// A whole number ≥ 0.
    Count,
    /// Apogée's `O`/`N` (a `bool` in the row).
    Flag,
    /// One of these one-letter values.
    OneOf(&'static [&'static str]),
}

impl Kind {
    /// Stored as an `INTEGER` (else as text).
    pub fn is_int(self) -> bool {
        matches!(self, Kind::Vrs | Kind::Count)
    }

    /// The `VARCHAR` length of a text column (`None` for integers and flags).
    pub fn max_len(self) -> Option<usize> {
        match self {
            Kind::Code(n) | Kind::Text(n) | Kind::Dec(n) => Some(n),
            Kind::Year => Some(4),
            Kind::OneOf(_) => Some(1),
            Kind::Vrs | Kind::Count | Kind::Flag => None,
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub name: &'static str,
    pub kind: Kind,
    /// `NOT NULL` (and, for text, not blank).
    pub required: bool,
}

const fn req(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: true,
    }
}

const fn opt(name: &'static str, kind: Kind) -> Column {
    Column {
        name,
        kind,
        required: false,
    }
}

/// A foreign key: these columns of the row name the key of `target`.
#[derive(Debug, Clone, Copy)]
pub struct Ref {
    pub columns: &'static [usize],
    pub target: Tbl,
}

/// The tables, in an order where a table comes after those it refers to (the
/// order of the import, of the progress bar and of [`TABLES`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Tbl {
    Composante,
    CentreGestion,
    Cycle,
    NatureDiplome,
    TypDiplome,
    NatureElp,
    PeriodeElp,
    Diplome,
    VersionDiplome,
    Etape,
    VersionEtape,
    VdiFractionnerVet,
    EtpGererCge,
    ListeElp,
    ElementPedagogi,
    VetRegroupeLse,
    LseRegroupeElp,
    ElpRegroupeLse,
}

/// Every table, in dependency order.
pub const ALL: [Tbl; 18] = [
    Tbl::Composante,
    Tbl::CentreGestion,
    Tbl::Cycle,
    Tbl::NatureDiplome,
    Tbl::TypDiplome,
    Tbl::NatureElp,
    Tbl::PeriodeElp,
    Tbl::Diplome,
    Tbl::VersionDiplome,
    Tbl::Etape,
    Tbl::VersionEtape,
    Tbl::VdiFractionnerVet,
    Tbl::EtpGererCge,
    Tbl::ListeElp,
    Tbl::ElementPedagogi,
    Tbl::VetRegroupeLse,
    Tbl::LseRegroupeElp,
    Tbl::ElpRegroupeLse,
];

/// One table: its name, the `Catalogue` field it holds, its columns (the row
/// struct's fields, in order), how many leading columns form its key.
#[derive(Debug)]
pub struct TableDef {
    pub id: Tbl,
    pub table: &'static str,
    /// The field of [`Catalogue`] (and the key in an import file).
    pub field: &'static str,
    /// What one row is, for messages ("unknown étape").
    pub what: &'static str,
    pub columns: &'static [Column],
    /// The key is `columns[..key]`.
    pub key: usize,
    pub refs: &'static [Ref],
}

impl TableDef {
    pub fn key_columns(&self) -> &'static [Column] {
        &self.columns[..self.key]
    }
}

impl Tbl {
    pub fn def(self) -> &'static TableDef {
        let d = &TABLES[self as usize];
        debug_assert_eq!(d.id, self);
        d
    }
}

const LIB: usize = 60;
const LIC: usize = 25;
const LIB_LONG: usize = 120;
const DEC: usize = 12;
const CMP: Kind = Kind::Code(3);
const CGE: Kind = Kind::Code(3);
const REF4: Kind = Kind::Code(4);
const DIP: Kind = Kind::Code(7);
const ETP: Kind = Kind::Code(6);
const LSE: Kind = Kind::Code(8);
const ELP: Kind = Kind::Code(8);

macro_rules! libelle_table {
    ($id:ident, $table:literal, $field:literal, $what:literal, $len:literal,
     [$code:literal, $lib:literal, $lic:literal, $tem:literal]) => {
        TableDef {
            id: Tbl::$id,
            table: $table,
            field: $field,
            what: $what,
            columns: &[
                req($code, Kind::Code($len)),
                opt($lib, Kind::Text(LIB)),
                opt($lic, Kind::Text(LIC)),
                req($tem, Kind::Flag),
            ],
            key: 1,
            refs: &[],
        }
    };
}

/// Indexed by `Tbl as usize`.
pub static TABLES: [TableDef; 18] = [
    libelle_table!(
        Composante,
        "composante",
        "composantes",
        "composante",
        3,
        ["cod_cmp", "lib_cmp", "lic_cmp", "tem_en_sve_cmp"]
    ),
    libelle_table!(
        CentreGestion,
        "centre_gestion",
        "centres_gestion",
        "centre de gestion",
        3,
        ["cod_cge", "lib_cge", "lic_cge", "tem_en_sve_cge"]
    ),
    libelle_table!(
        Cycle,
        "cycle",
        "cycles",
        "cycle",
        4,
        ["cod_cyc", "lib_cyc", "lic_cyc", "tem_en_sve_cyc"]
    ),
    libelle_table!(
        NatureDiplome,
        "nature_diplome",
        "natures_diplome",
        "nature de diplôme",
        4,
        [
            "cod_nat_dip",
            "lib_nat_dip",
            "lic_nat_dip",
            "tem_en_sve_nat_dip"
        ]
    ),
    libelle_table!(
        TypDiplome,
        "typ_diplome",
        "types_diplome",
        "type de diplôme",
        4,
        ["cod_tpd_etb", "lib_tpd", "lic_tpd", "tem_en_sve_tpd"]
    ),
    libelle_table!(
        NatureElp,
        "nature_elp",
        "natures_elp",
        "nature d'ELP",
        4,
        ["cod_nel", "lib_nel", "lic_nel", "tem_en_sve_nel"]
    ),
    libelle_table!(
        PeriodeElp,
        "periode_elp",
        "periodes_elp",
        "période d'ELP",
        4,
        ["cod_pel", "lib_pel", "lic_pel", "tem_en_sve_pel"]
    ),
    TableDef {
        id: Tbl::Diplome,
        table: "diplome",
        field: "diplomes",
        what: "diplôme",
        columns: &[
            req("cod_dip", DIP),
            req("lib_dip", Kind::Text(LIB_LONG)),
            opt("lic_dip", Kind::Text(LIC)),
            opt("cod_cyc", REF4),
            opt("cod_nat_dip", REF4),
            opt("cod_tpd_etb", REF4),
        ],
        key: 1,
        refs: &[
            Ref {
                columns: &[3],
                target: Tbl::Cycle,
            },
            Ref {
                columns: &[4],
                target: Tbl::NatureDiplome,
            },
            Ref {
                columns: &[5],
                target: Tbl::TypDiplome,
            },
        ],
    },
    TableDef {
        id: Tbl::VersionDiplome,
        table: "version_diplome",
        field: "versions_diplome",
        what: "version de diplôme",
        columns: &[
            req("cod_dip", DIP),
            req("cod_vrs_vdi", Kind::Vrs),
            opt("lib_web_vdi", Kind::Text(LIB_LONG)),
            opt("lic_vdi", Kind::Text(LIC)),
            opt("cod_cursus_lmd", Kind::Code(1)),
            opt("nbr_crd_vdi", Kind::Dec(DEC)),
            opt("cod_cmp", CMP),
            opt("cod_fin", Kind::Code(10)),
            opt("lib_fin", Kind::Text(LIB_LONG)),
            opt("cod_mention", Kind::Code(10)),
            opt("lib_mention", Kind::Text(LIB_LONG)),
        ],
        key: 2,
        refs: &[
            Ref {
                columns: &[0],
                target: Tbl::Diplome,
            },
            Ref {
                columns: &[6],
                target: Tbl::Composante,
            },
        ],
    },
    TableDef {
        id: Tbl::Etape,
        table: "etape",
        field: "etapes",
        what: "étape",
        columns: &[
            req("cod_etp", ETP),
            req("lib_etp", Kind::Text(LIB)),
            opt("lic_etp", Kind::Text(LIC)),
            opt("cod_cyc", REF4),
        ],
        key: 1,
        refs: &[Ref {
            columns: &[3],
            target: Tbl::Cycle,
        }],
    },
    TableDef {
        id: Tbl::VersionEtape,
        table: "version_etape",
        field: "versions_etape",
        what: "version d'étape",
        columns: &[
            req("cod_etp", ETP),
            req("cod_vrs_vet", Kind::Vrs),
            opt("lib_web_vet", Kind::Text(LIB_LONG)),
            opt("cod_cmp", CMP),
            opt("nbr_crd_vet", Kind::Dec(DEC)),
            opt("lib_dur_vet", Kind::Text(LIB)),
        ],
        key: 2,
        refs: &[
            Ref {
                columns: &[0],
                target: Tbl::Etape,
            },
            Ref {
                columns: &[3],
                target: Tbl::Composante,
            },
        ],
    },
    TableDef {
        id: Tbl::VdiFractionnerVet,
        table: "vdi_fractionner_vet",
        field: "vdi_fractionner_vet",
        what: "VET d'une VDI",
        columns: &[
            req("cod_dip", DIP),
            req("cod_vrs_vdi", Kind::Vrs),
            req("cod_etp", ETP),
            req("cod_vrs_vet", Kind::Vrs),
            opt("daa_deb_rct_vet", Kind::Year),
            opt("daa_fin_rct_vet", Kind::Year),
            req("tem_ouv_rct", Kind::Flag),
        ],
        key: 4,
        refs: &[
            Ref {
                columns: &[0, 1],
                target: Tbl::VersionDiplome,
            },
            Ref {
                columns: &[2, 3],
                target: Tbl::VersionEtape,
            },
        ],
    },
    TableDef {
        id: Tbl::EtpGererCge,
        table: "etp_gerer_cge",
        field: "etp_gerer_cge",
        what: "centre de gestion d'une étape",
        columns: &[
            req("cod_etp", ETP),
            req("cod_cge", CGE),
            opt("cod_cmp", CMP),
            opt("capacite_accueil", Kind::Count),
        ],
        key: 2,
        refs: &[
            Ref {
                columns: &[0],
                target: Tbl::Etape,
            },
            Ref {
                columns: &[1],
                target: Tbl::CentreGestion,
            },
            Ref {
                columns: &[2],
                target: Tbl::Composante,
            },
        ],
    },
    TableDef {
        id: Tbl::ListeElp,
        table: "liste_elp",
        field: "listes_elp",
        what: "liste d'ELP",
        columns: &[
            req("cod_lse", LSE),
            opt("lib_lse", Kind::Text(LIB)),
            opt("lic_lse", Kind::Text(LIC)),
            opt("cod_typ_lse", Kind::OneOf(&["O", "X", "F"])),
            opt("eta_lse", Kind::Code(1)),
        ],
        key: 1,
        refs: &[],
    },
    TableDef {
        id: Tbl::ElementPedagogi,
        table: "element_pedagogi",
        field: "elements_pedagogi",
        what: "élément pédagogique",
        columns: &[
            req("cod_elp", ELP),
            opt("lib_elp", Kind::Text(LIB)),
            opt("lic_elp", Kind::Text(LIC)),
            opt("cod_nel", REF4),
            opt("cod_pel", REF4),
            opt("nbr_crd_elp", Kind::Dec(DEC)),
            opt("nbr_vol_elp", Kind::Dec(DEC)),
            opt("cod_vol_elp", Kind::Code(10)),
            req("tem_sus_elp", Kind::Flag),
            opt("cod_cmp", CMP),
        ],
        key: 1,
        refs: &[
            Ref {
                columns: &[3],
                target: Tbl::NatureElp,
            },
            Ref {
                columns: &[4],
                target: Tbl::PeriodeElp,
            },
            Ref {
                columns: &[9],
                target: Tbl::Composante,
            },
        ],
    },
    TableDef {
        id: Tbl::VetRegroupeLse,
        table: "vet_regroupe_lse",
        field: "vet_regroupe_lse",
        what: "liste d'une VET",
        columns: &[
            req("cod_etp", ETP),
            req("cod_vrs_vet", Kind::Vrs),
            req("cod_lse", LSE),
        ],
        key: 3,
        refs: &[
            Ref {
                columns: &[0, 1],
                target: Tbl::VersionEtape,
            },
            Ref {
                columns: &[2],
                target: Tbl::ListeElp,
            },
        ],
    },
    TableDef {
        id: Tbl::LseRegroupeElp,
        table: "lse_regroupe_elp",
        field: "lse_regroupe_elp",
        what: "ELP d'une liste",
        columns: &[req("cod_lse", LSE), req("cod_elp", ELP)],
        key: 2,
        refs: &[
            Ref {
                columns: &[0],
                target: Tbl::ListeElp,
            },
            Ref {
                columns: &[1],
                target: Tbl::ElementPedagogi,
            },
        ],
    },
    TableDef {
        id: Tbl::ElpRegroupeLse,
        table: "elp_regroupe_lse",
        field: "elp_regroupe_lse",
        what: "sous-liste d'un ELP",
        columns: &[req("cod_elp", ELP), req("cod_lse", LSE)],
        key: 2,
        refs: &[
            Ref {
                columns: &[0],
                target: Tbl::ElementPedagogi,
            },
            Ref {
                columns: &[1],
                target: Tbl::ListeElp,
            },
        ],
    },
];

// ---------------------------------------------------------------------------
// Rows as values
// ---------------------------------------------------------------------------

/// One column of a row, borrowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum V<'a> {
    Text(Option<&'a str>),
    Int(Option<i32>),
    Flag(bool),
}

impl<'a> V<'a> {
    pub fn is_null(self) -> bool {
        matches!(self, V::Text(None) | V::Int(None))
    }

    /// The text to store: flags as `O`/`N`.
    pub fn text(self) -> Option<&'a str> {
        match self {
            V::Text(t) => t,
            V::Flag(b) => Some(if b { "O" } else { "N" }),
            V::Int(_) => None,
        }
    }

    pub fn owned(self) -> Owned {
        match self {
            V::Text(t) => Owned::Text(t.map(str::to_string)),
            V::Int(i) => Owned::Int(i),
            V::Flag(b) => Owned::Flag(b),
        }
    }
}

impl fmt::Display for V<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            V::Text(Some(s)) => f.write_str(s),
            V::Int(Some(i)) => write!(f, "{i}"),
            V::Text(None) | V::Int(None) => f.write_str("null"),
            V::Flag(b) => f.write_str(if *b { "O" } else { "N" }),
        }
    }
}

/// One column of a row, owned (as read from the database).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Owned {
    Text(Option<String>),
    Int(Option<i32>),
    Flag(bool),
}

impl Owned {
    pub fn as_v(&self) -> V<'_> {
        match self {
            Owned::Text(t) => V::Text(t.as_deref()),
            Owned::Int(i) => V::Int(*i),
            Owned::Flag(b) => V::Flag(*b),
        }
    }
}

/// A field of a row struct.
trait Field: Sized {
    fn v(&self) -> V<'_>;
    fn from_owned(v: Owned) -> Option<Self>;
}

impl Field for String {
    fn v(&self) -> V<'_> {
        V::Text(Some(self))
    }
    fn from_owned(v: Owned) -> Option<Self> {
        match v {
            Owned::Text(Some(s)) => Some(s),
            _ => None,
        }
    }
}

impl Field for Option<String> {
    fn v(&self) -> V<'_> {
        V::Text(self.as_deref())
    }
    fn from_owned(v: Owned) -> Option<Self> {
        match v {
            Owned::Text(s) => Some(s),
            _ => None,
        }
    }
}

impl Field for i32 {
    fn v(&self) -> V<'_> {
        V::Int(Some(*self))
    }
    fn from_owned(v: Owned) -> Option<Self> {
        match v {
            Owned::Int(Some(i)) => Some(i),
            _ => None,
        }
    }
}

impl Field for Option<i32> {
    fn v(&self) -> V<'_> {
        V::Int(*self)
    }
    fn from_owned(v: Owned) -> Option<Self> {
        match v {
            Owned::Int(i) => Some(i),
            _ => None,
        }
    }
}

impl Field for bool {
    fn v(&self) -> V<'_> {
        V::Flag(*self)
    }
    fn from_owned(v: Owned) -> Option<Self> {
        match v {
            Owned::Flag(b) => Some(b),
            _ => None,
        }
    }
}

/// A row struct as the values of its columns, in [`TableDef::columns`] order.
pub trait Row: Sized {
    fn values(&self) -> Vec<V<'_>>;
    /// `None` when the values are not those of this row (count or kinds).
    fn from_values(values: Vec<Owned>) -> Option<Self>;
}

macro_rules! row {
    ($ty:ty { $($f:ident),+ $(,)? }) => {
        impl Row for $ty {
            fn values(&self) -> Vec<V<'_>> {
                vec![$(Field::v(&self.$f)),+]
            }
            fn from_values(values: Vec<Owned>) -> Option<Self> {
                let mut it = values.into_iter();
                // Every field named: a field added to the struct fails to
                // compile here until its column is added.
                let row = Self { $($f: Field::from_owned(it.next()?)?),+ };
                it.next().is_none().then_some(row)
            }
        }
    };
}

row!(Libelle {
    code,
    lib,
    lic,
    en_service
});
row!(DiplomeRow {
    cod_dip,
    lib_dip,
    lic_dip,
    cod_cyc,
    cod_nat_dip,
    cod_tpd_etb
});
row!(VersionDiplomeRow {
    cod_dip,
    cod_vrs_vdi,
    lib_web_vdi,
    lic_vdi,
    cod_cursus_lmd,
    nbr_crd_vdi,
    cod_cmp,
    cod_fin,
    lib_fin,
    cod_mention,
    lib_mention
});
row!(EtapeRow {
    cod_etp,
    lib_etp,
    lic_etp,
    cod_cyc
});
row!(VersionEtapeRow {
    cod_etp,
    cod_vrs_vet,
    lib_web_vet,
    cod_cmp,
    nbr_crd_vet,
    lib_dur_vet
});
row!(VdiFractionnerVetRow {
    cod_dip,
    cod_vrs_vdi,
    cod_etp,
    cod_vrs_vet,
    daa_deb_rct_vet,
    daa_fin_rct_vet,
    tem_ouv_rct
});
row!(EtpGererCgeRow {
    cod_etp,
    cod_cge,
    cod_cmp,
    capacite_accueil
});
row!(ListeElpRow {
    cod_lse,
    lib_lse,
    lic_lse,
    cod_typ_lse,
    eta_lse
});
row!(ElementPedagogiRow {
    cod_elp,
    lib_elp,
    lic_elp,
    cod_nel,
    cod_pel,
    nbr_crd_elp,
    nbr_vol_elp,
    cod_vol_elp,
    tem_sus_elp,
    cod_cmp
});
row!(VetRegroupeLseRow {
    cod_etp,
    cod_vrs_vet,
    cod_lse
});
row!(LseRegroupeElpRow { cod_lse, cod_elp });
row!(ElpRegroupeLseRow { cod_elp, cod_lse });

/// Sorts rows by their key columns (byte order for text).
fn sort_rows<R: Row>(rows: &mut [R], key: usize) {
    rows.sort_by_cached_key(|r| {
        r.values()[..key]
            .iter()
            .map(|v| v.owned())
            .collect::<Vec<_>>()
    });
}

macro_rules! catalogue_tables {
    ($($id:ident => $field:ident: $ty:ty),+ $(,)?) => {
        /// The rows of one table of `c`, as values.
        pub fn values(c: &Catalogue, t: Tbl) -> Vec<Vec<V<'_>>> {
            match t {
                $(Tbl::$id => c.$field.iter().map(Row::values).collect(),)+
            }
        }

        /// How many rows `c` has in one table.
        pub fn len(c: &Catalogue, t: Tbl) -> usize {
            match t {
                $(Tbl::$id => c.$field.len(),)+
            }
        }

        /// Replaces one table of `c` with rows read from the database.
        pub fn set(c: &mut Catalogue, t: Tbl, rows: Vec<Vec<Owned>>) -> Result<(), String> {
            let bad = |i: usize| format!("{}: row {i} does not fit its struct", t.def().table);
            match t {
                $(Tbl::$id => {
                    c.$field = rows
                        .into_iter()
                        .enumerate()
                        .map(|(i, r)| <$ty as Row>::from_values(r).ok_or_else(|| bad(i)))
                        .collect::<Result<_, _>>()?;
                })+
            }
            Ok(())
        }

        /// `c` with every table ordered by its key, as [`crate::store::Store::catalogue`]
        /// returns it.
        pub fn sorted(c: &Catalogue) -> Catalogue {
            let mut c = c.clone();
            $(sort_rows(&mut c.$field, Tbl::$id.def().key);)+
            c
        }

        /// Where in a JSON document the first row that does not read is
        /// (`versions_etape[3].cod_vrs_vet`), for messages: serde_json's own
        /// errors give a line and a column but no path.
        fn locate_json(doc: &serde_json::Value) -> Option<String> {
            let obj = doc.as_object()?;
            for (k, v) in obj {
                let at = match k.as_str() {
                    $(stringify!($field) => first_bad::<$ty>(v),)+
                    _ => Some(String::new()),
                };
                if let Some(at) = at {
                    return Some(format!("{k}{at}"));
                }
            }
            None
        }
    };
}

catalogue_tables! {
    Composante => composantes: Libelle,
    CentreGestion => centres_gestion: Libelle,
    Cycle => cycles: Libelle,
    NatureDiplome => natures_diplome: Libelle,
    TypDiplome => types_diplome: Libelle,
    NatureElp => natures_elp: Libelle,
    PeriodeElp => periodes_elp: Libelle,
    Diplome => diplomes: DiplomeRow,
    VersionDiplome => versions_diplome: VersionDiplomeRow,
    Etape => etapes: EtapeRow,
    VersionEtape => versions_etape: VersionEtapeRow,
    VdiFractionnerVet => vdi_fractionner_vet: VdiFractionnerVetRow,
    EtpGererCge => etp_gerer_cge: EtpGererCgeRow,
    ListeElp => listes_elp: ListeElpRow,
    ElementPedagogi => elements_pedagogi: ElementPedagogiRow,
    VetRegroupeLse => vet_regroupe_lse: VetRegroupeLseRow,
    LseRegroupeElp => lse_regroupe_elp: LseRegroupeElpRow,
    ElpRegroupeLse => elp_regroupe_lse: ElpRegroupeLseRow,
}

/// The first element of a JSON list that does not read as `T`: `[i]`, or
/// `[i].field` when removing one member makes the error about that member.
fn first_bad<T: serde::de::DeserializeOwned>(v: &serde_json::Value) -> Option<String> {
    let Some(items) = v.as_array() else {
        return Some(String::new());
    };
    for (i, item) in items.iter().enumerate() {
        if T::deserialize(item).is_ok() {
            continue;
        }
        if let Some(obj) = item.as_object() {
            for key in obj.keys() {
                let mut without = obj.clone();
                without.remove(key);
                match T::deserialize(&serde_json::Value::Object(without)) {
                    Ok(_) => return Some(format!("[{i}].{key}")),
                    Err(e) if e.to_string().contains(&format!("missing field `{key}`")) => {
                        return Some(format!("[{i}].{key}"))
                    }
                    Err(_) => {}
                }
            }
        }
        return Some(format!("[{i}]"));
    }
    None
}

/// How many tables of `c` have rows (the steps of an import's progress).
pub fn steps(c: &Catalogue) -> usize {
    ALL.iter().filter(|t| len(c, **t) > 0).count()
}

/// Total rows of `c`.
pub fn rows(c: &Catalogue) -> usize {
    ALL.iter().map(|t| len(c, *t)).sum()
}

// ---------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------

/// The start of the message of a [`StoreError`] for a catalogue refused before
/// anything was written (see [`is_invalid`]).
pub const INVALID: &str = "invalid catalogue";

/// A catalogue refused: every problem found, one message each
/// (`versions_etape[3] (cod_etp=L1XXX): unknown étape`; indexes from 0).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid(pub Vec<String>);

/// How many problems the message of an [`Invalid`] lists.
const SHOWN: usize = 10;

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{INVALID}: ")?;
        for (i, p) in self.0.iter().take(SHOWN).enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            f.write_str(p)?;
        }
        if self.0.len() > SHOWN {
            write!(f, "; … and {} more", self.0.len() - SHOWN)?;
        }
        Ok(())
    }
}

impl std::error::Error for Invalid {}

impl From<Invalid> for StoreError {
    fn from(e: Invalid) -> StoreError {
        StoreError::Database(e.to_string())
    }
}

/// Whether `e` is a refused catalogue (nothing was written) rather than a
/// database failure.
pub fn is_invalid(e: &StoreError) -> bool {
    matches!(e, StoreError::Database(m) if m.starts_with(INVALID))
}

/// A reference of the catalogue that its own rows do not satisfy: the database
/// must hold that key of `target`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling {
    pub target: Tbl,
    pub key: Vec<Owned>,
    /// The referring row: `versions_etape[3] (cod_etp=L1XXX)`.
    pub at: String,
}

impl Dangling {
    pub fn problem(&self) -> String {
        format!("{}: unknown {}", self.at, self.target.def().what)
    }
}

/// `cod_etp=L1INF, cod_vrs_vet=101`
fn describe(def: &TableDef, row: &[V<'_>], columns: impl IntoIterator<Item = usize>) -> String {
    columns
        .into_iter()
        .map(|j| format!("{}={}", def.columns[j].name, row[j]))
        .collect::<Vec<_>>()
        .join(", ")
}

fn is_decimal(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s, None),
    };
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

/// What is wrong with one value, if anything.
fn check_value(col: &Column, v: V<'_>) -> Option<String> {
    if v.is_null() {
        return col.required.then(|| "is required".to_string());
    }
    match (col.kind, v) {
        (_, V::Text(Some(s))) => {
            let n = s.chars().count();
            if let Some(max) = col.kind.max_len() {
                if n > max {
                    return Some(format!("« {s} » has {n} characters, at most {max}"));
                }
            }
            match col.kind {
                Kind::Code(_) if s.is_empty() => Some("is empty".into()),
                Kind::Code(_) if s.trim() != s => {
                    Some(format!("« {s} » has leading or trailing blanks"))
                }
                Kind::Text(_) if col.required && s.trim().is_empty() => Some("is empty".into()),
                Kind::Dec(_) if !is_decimal(s) => Some(format!(
                    "« {s} » is not a decimal number (digits, then optionally a dot and digits)"
                )),
                Kind::Year if !(n == 4 && s.bytes().all(|b| b.is_ascii_digit())) => {
                    Some(format!("« {s} » is not a year (yyyy)"))
                }
                Kind::OneOf(allowed) if !allowed.contains(&s) => {
                    Some(format!("« {s} » is not one of {}", allowed.join(", ")))
                }
                _ => None,
            }
        }
        (Kind::Vrs, V::Int(Some(i))) if !(1..=999).contains(&i) => {
            Some(format!("{i} is not a version number (1 to 999)"))
        }
        (Kind::Count, V::Int(Some(i))) if i < 0 => Some(format!("{i} is negative")),
        _ => None,
    }
}

/// Checks `c` on its own: every value (required, length, shape), no key given
/// twice in a table, no list that contains itself through its ELPs. Returns
/// the references `c` does not satisfy itself, which the database must; or
/// every problem found.
pub fn check(c: &Catalogue) -> Result<Vec<Dangling>, Invalid> {
    let mut problems = Vec::new();
    let tables: Vec<Vec<Vec<V<'_>>>> = ALL.iter().map(|t| values(c, *t)).collect();
    let mut keys: Vec<HashMap<&[V<'_>], usize>> = Vec::with_capacity(ALL.len());
    for t in ALL {
        let def = t.def();
        let rows = &tables[t as usize];
        let mut seen: HashMap<&[V<'_>], usize> = HashMap::with_capacity(rows.len());
        for (i, row) in rows.iter().enumerate() {
            for (col, v) in def.columns.iter().zip(row) {
                if let Some(msg) = check_value(col, *v) {
                    problems.push(format!("{}[{i}].{}: {msg}", def.field, col.name));
                }
            }
            let key = &row[..def.key];
            if let Some(first) = seen.get(key) {
                problems.push(format!(
                    "{}[{i}] ({}): the same key as {}[{first}]",
                    def.field,
                    describe(def, row, 0..def.key),
                    def.field
                ));
            } else {
                seen.insert(key, i);
            }
        }
        keys.push(seen);
    }
    let mut dangling = Vec::new();
    for t in ALL {
        let def = t.def();
        for r in def.refs {
            for (i, row) in tables[t as usize].iter().enumerate() {
                let key: Vec<V<'_>> = r.columns.iter().map(|&j| row[j]).collect();
                if key.iter().any(|v| v.is_null()) {
                    continue;
                }
                if !keys[r.target as usize].contains_key(key.as_slice()) {
                    dangling.push(Dangling {
                        target: r.target,
                        key: key.iter().map(|v| v.owned()).collect(),
                        at: format!(
                            "{}[{i}] ({})",
                            def.field,
                            describe(def, row, r.columns.iter().copied())
                        ),
                    });
                }
            }
        }
    }
    check_cycles(c, &mut problems);
    if problems.is_empty() {
        Ok(dangling)
    } else {
        Err(Invalid(problems))
    }
}

/// A list must not contain itself through its ELPs and their sub-lists (the
/// tree would be infinite). Checked on the rows of `c`.
fn check_cycles(c: &Catalogue, problems: &mut Vec<String>) {
    let mut elps_of: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in &c.lse_regroupe_elp {
        elps_of.entry(&r.cod_lse).or_default().push(&r.cod_elp);
    }
    let mut lists_of: HashMap<&str, Vec<(&str, usize)>> = HashMap::new();
    for (i, r) in c.elp_regroupe_lse.iter().enumerate() {
        lists_of
            .entry(&r.cod_elp)
            .or_default()
            .push((&r.cod_lse, i));
    }
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: HashMap<&str, State> = HashMap::new();
    let mut starts: Vec<&str> = elps_of.keys().copied().collect();
    starts.sort_unstable();
    for start in starts {
        if state.contains_key(start) {
            continue;
        }
        // Iterative depth-first search: (list, its successors, next to visit).
        let mut stack = vec![(start, sub_lists(&elps_of, &lists_of, start), 0usize)];
        state.insert(start, State::Open);
        while let Some(top) = stack.last_mut() {
            if top.2 == top.1.len() {
                let list = top.0;
                state.insert(list, State::Done);
                stack.pop();
                continue;
            }
            let (sub, i, elp) = top.1[top.2];
            top.2 += 1;
            match state.get(sub) {
                Some(State::Open) => {
                    let mut path: Vec<&str> = stack
                        .iter()
                        .map(|(l, _, _)| *l)
                        .skip_while(|l| *l != sub)
                        .collect();
                    path.push(sub);
                    problems.push(format!(
                        "elp_regroupe_lse[{i}] (cod_elp={elp}, cod_lse={sub}): the list {sub} \
                         would contain itself ({})",
                        path.join(" → ")
                    ));
                    return;
                }
                Some(State::Done) => {}
                None => {
                    state.insert(sub, State::Open);
                    stack.push((sub, sub_lists(&elps_of, &lists_of, sub), 0));
                }
            }
        }
    }
}

/// The sub-lists of a list: (sub-list, index in `elp_regroupe_lse`, the ELP
/// between them).
fn sub_lists<'a>(
    elps_of: &HashMap<&'a str, Vec<&'a str>>,
    lists_of: &HashMap<&'a str, Vec<(&'a str, usize)>>,
    list: &str,
) -> Vec<(&'a str, usize, &'a str)> {
    let mut out = Vec::new();
    for e in elps_of.get(list).into_iter().flatten() {
        for (l, i) in lists_of.get(e).into_iter().flatten() {
            out.push((*l, *i, *e));
        }
    }
    out
}

/// The keys the database must hold, per table, without repetition.
pub fn wanted(dangling: &[Dangling]) -> HashMap<Tbl, Vec<Vec<Owned>>> {
    let mut sets: HashMap<Tbl, HashSet<&[Owned]>> = HashMap::new();
    for d in dangling {
        sets.entry(d.target).or_default().insert(d.key.as_slice());
    }
    sets.into_iter()
        .map(|(t, keys)| {
            let mut keys: Vec<Vec<Owned>> = keys.into_iter().map(<[Owned]>::to_vec).collect();
            keys.sort();
            (t, keys)
        })
        .collect()
}

/// The references still unknown once the database answered which of the
/// [`wanted`] keys it holds.
pub fn unresolved(
    dangling: &[Dangling],
    found: &HashMap<Tbl, HashSet<Vec<Owned>>>,
) -> Result<(), Invalid> {
    let problems: Vec<String> = dangling
        .iter()
        .filter(|d| !found.get(&d.target).is_some_and(|s| s.contains(&d.key)))
        .map(Dangling::problem)
        .collect();
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Invalid(problems))
    }
}

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

fn names(columns: &[Column], prefix: &str) -> String {
    columns
        .iter()
        .map(|c| format!("{prefix}{}", c.name))
        .collect::<Vec<_>>()
        .join(", ")
}

/// `ON CONFLICT (key) DO UPDATE SET … WHERE` a column differs, or `DO NOTHING`
/// for a table that has only its key.
fn on_conflict(def: &TableDef, distinct: impl Fn(&[Column]) -> String) -> String {
    let key = names(def.key_columns(), "");
    let rest = &def.columns[def.key..];
    if rest.is_empty() {
        return format!("ON CONFLICT ({key}) DO NOTHING");
    }
    let set = rest
        .iter()
        .map(|c| format!("{0} = excluded.{0}", c.name))
        .collect::<Vec<_>>()
        .join(", ");
    format!(
        "ON CONFLICT ({key}) DO UPDATE SET {set} WHERE {}",
        distinct(rest)
    )
}

/// SQLite statements, indexed by `Tbl as usize` (`?N` placeholders).
pub struct SqliteSql {
    /// Every row, ordered by key.
    pub select: Vec<String>,
    /// `?1..?n` = the columns; changes one row when it inserts or updates.
    pub upsert: Vec<String>,
    pub count: Vec<String>,
    /// `?1..?k` = a key → one row when the table holds it.
    pub exists: Vec<String>,
}

pub static SQLITE: LazyLock<SqliteSql> = LazyLock::new(|| {
    let mut sql = SqliteSql {
        select: Vec::new(),
        upsert: Vec::new(),
        count: Vec::new(),
        exists: Vec::new(),
    };
    for t in ALL {
        let def = t.def();
        let cols = names(def.columns, "");
        sql.select.push(format!(
            "SELECT {cols} FROM {} ORDER BY {}",
            def.table,
            names(def.key_columns(), "")
        ));
        let ph = (1..=def.columns.len())
            .map(|i| format!("?{i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let conflict = on_conflict(def, |rest| {
            rest.iter()
                .map(|c| format!("{0}.{1} IS NOT excluded.{1}", def.table, c.name))
                .collect::<Vec<_>>()
                .join(" OR ")
        });
        sql.upsert.push(format!(
            "INSERT INTO {} ({cols}) VALUES ({ph}) {conflict}",
            def.table
        ));
        sql.count
            .push(format!("SELECT count(*) FROM {}", def.table));
        let cond = def
            .key_columns()
            .iter()
            .enumerate()
            .map(|(i, c)| format!("{} = ?{}", c.name, i + 1))
            .collect::<Vec<_>>()
            .join(" AND ");
        sql.exists
            .push(format!("SELECT 1 FROM {} WHERE {cond}", def.table));
    }
    sql
});

/// PostgreSQL statements, indexed by `Tbl as usize` (`$N` placeholders).
pub struct PgSql {
    /// Every row, ordered by key (text keys `COLLATE "C"`: byte order, as SQLite).
    pub select: Vec<String>,
    /// `$1..$n` = one array per column → (inserted, updated).
    pub upsert: Vec<String>,
    /// `$1..$k` = one array per key column → the keys the table holds.
    pub exists: Vec<String>,
}

fn pg_array(kind: Kind) -> &'static str {
    if kind.is_int() {
        "int4[]"
    } else {
        "varchar[]"
    }
}

fn pg_unnest(columns: &[Column]) -> String {
    columns
        .iter()
        .enumerate()
        .map(|(i, c)| format!("${}::{}", i + 1, pg_array(c.kind)))
        .collect::<Vec<_>>()
        .join(", ")
}

pub static PG: LazyLock<PgSql> = LazyLock::new(|| {
    let mut sql = PgSql {
        select: Vec::new(),
        upsert: Vec::new(),
        exists: Vec::new(),
    };
    for t in ALL {
        let def = t.def();
        let cols = names(def.columns, "");
        let order = def
            .key_columns()
            .iter()
            .map(|c| {
                if c.kind.is_int() {
                    c.name.to_string()
                } else {
                    format!("{} COLLATE \"C\"", c.name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        sql.select
            .push(format!("SELECT {cols} FROM {} ORDER BY {order}", def.table));
        let conflict = on_conflict(def, |rest| {
            format!(
                "({}) IS DISTINCT FROM ({})",
                names(rest, &format!("{}.", def.table)),
                names(rest, "excluded.")
            )
        });
        // xmax = 0: the row version was created by this insert, not by the
        // update of an existing row.
        sql.upsert.push(format!(
            "WITH u AS (INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays}) {conflict} \
             RETURNING (xmax = 0) AS ins) \
             SELECT count(*) FILTER (WHERE ins), count(*) FILTER (WHERE NOT ins) FROM u",
            table = def.table,
            arrays = pg_unnest(def.columns),
        ));
        let key = names(def.key_columns(), "");
        sql.exists.push(format!(
            "SELECT {key} FROM {} WHERE ({key}) IN (SELECT * FROM unnest({}))",
            def.table,
            pg_unnest(def.key_columns())
        ));
    }
    sql
});

/// `?1` = cod_etp, `?2` = cod_vrs_vet → (this VET exists, any VET exists).
pub const VET_EXISTS_SQLITE: &str = "SELECT EXISTS (SELECT 1 FROM version_etape \
     WHERE cod_etp = ?1 AND cod_vrs_vet = ?2), EXISTS (SELECT 1 FROM version_etape)";
/// The same with `$N`.
pub const VET_EXISTS_PG: &str = "SELECT EXISTS (SELECT 1 FROM version_etape \
     WHERE cod_etp = $1 AND cod_vrs_vet = $2), EXISTS (SELECT 1 FROM version_etape)";

// ---------------------------------------------------------------------------
// Progress
// ---------------------------------------------------------------------------

/// One table written by an import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDone {
    pub table: Tbl,
    pub counts: ImportCounts,
}

/// Told after each table an import writes (from the thread that writes).
pub type Progress = Arc<dyn Fn(&TableDone) + Send + Sync>;

tokio::task_local! {
    static PROGRESS: Progress;
}

/// Runs `f` (an import) with `progress` told of each table it writes:
/// `Store::import_catalogue` keeps its signature, and the back-ends look for
/// this hook with [`progress`].
pub async fn with_progress<F: std::future::Future>(progress: Progress, f: F) -> F::Output {
    PROGRESS.scope(progress, f).await
}

/// The hook set by [`with_progress`] around the current task, if any.
pub fn progress() -> Option<Progress> {
    PROGRESS.try_with(Arc::clone).ok()
}

fn add(total: &mut ImportCounts, c: &ImportCounts) {
    total.inserted += c.inserted;
    total.updated += c.updated;
    total.unchanged += c.unchanged;
}

// ---------------------------------------------------------------------------
// Back-ends
// ---------------------------------------------------------------------------

/// The SQLite side: called on a reader connection or inside the writer
/// thread's transaction.
pub mod sqlite {
    use super::*;
    use rusqlite::types::{ToSqlOutput, Value, ValueRef};
    use rusqlite::{params_from_iter, Connection, ToSql, Transaction};

    impl ToSql for V<'_> {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(match *self {
                V::Int(Some(i)) => ToSqlOutput::Owned(Value::Integer(i.into())),
                V::Text(None) | V::Int(None) => ToSqlOutput::Owned(Value::Null),
                v => ToSqlOutput::Borrowed(ValueRef::Text(v.text().unwrap_or("").as_bytes())),
            })
        }
    }

    impl ToSql for Owned {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(match self {
                Owned::Int(Some(i)) => ToSqlOutput::Owned(Value::Integer((*i).into())),
                Owned::Text(None) | Owned::Int(None) => ToSqlOutput::Owned(Value::Null),
                Owned::Text(Some(s)) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
                Owned::Flag(b) => {
                    ToSqlOutput::Borrowed(ValueRef::Text(if *b { b"O" } else { b"N" }))
                }
            })
        }
    }

    fn get(r: &rusqlite::Row<'_>, i: usize, kind: Kind) -> rusqlite::Result<Owned> {
        Ok(match kind {
            k if k.is_int() => Owned::Int(r.get(i)?),
            Kind::Flag => Owned::Flag(crate::store::flag(&r.get::<_, String>(i)?)),
            _ => Owned::Text(r.get(i)?),
        })
    }

    fn bad(e: impl std::error::Error + Send + Sync + 'static) -> rusqlite::Error {
        rusqlite::Error::ToSqlConversionFailure(Box::new(e))
    }

    /// The whole catalogue: one query per table (inside the reader's transaction).
    pub fn read(c: &Connection) -> rusqlite::Result<Catalogue> {
        let mut cat = Catalogue::default();
        for t in ALL {
            let def = t.def();
            let mut st = c.prepare_cached(&SQLITE.select[t as usize])?;
            let rows = st
                .query_map([], |r| {
                    def.columns
                        .iter()
                        .enumerate()
                        .map(|(i, col)| get(r, i, col.kind))
                        .collect::<rusqlite::Result<Vec<_>>>()
                })?
                .collect::<rusqlite::Result<Vec<_>>>()?;
            set(&mut cat, t, rows).map_err(|m| bad(std::io::Error::other(m)))?;
        }
        Ok(cat)
    }

    /// Checks then upserts `c`, in the writer's transaction (so that nothing
    /// changes between the look-up of the references and the writes). A
    /// refused catalogue is an error whose message starts with [`INVALID`].
    pub fn import(
        t: &Transaction<'_>,
        c: &Catalogue,
        progress: Option<&Progress>,
    ) -> rusqlite::Result<ImportCounts> {
        let dangling = check(c).map_err(bad)?;
        if !dangling.is_empty() {
            let mut found: HashMap<Tbl, HashSet<Vec<Owned>>> = HashMap::new();
            for (target, keys) in wanted(&dangling) {
                let mut st = t.prepare_cached(&SQLITE.exists[target as usize])?;
                let set = found.entry(target).or_default();
                for key in keys {
                    if st.exists(params_from_iter(key.iter()))? {
                        set.insert(key);
                    }
                }
            }
            unresolved(&dangling, &found).map_err(bad)?;
        }
        // Checked at commit: rows may come in any order.
        t.execute_batch("PRAGMA defer_foreign_keys = ON")?;
        let mut total = ImportCounts::default();
        for table in ALL {
            let rows = values(c, table);
            if rows.is_empty() {
                continue;
            }
            let i = table as usize;
            let count = |t: &Transaction<'_>| -> rusqlite::Result<usize> {
                t.prepare_cached(&SQLITE.count[i])?
                    .query_row([], |r| r.get::<_, i64>(0))
                    .map(|n| n as usize)
            };
            let before = count(t)?;
            let mut changed = 0;
            let mut st = t.prepare_cached(&SQLITE.upsert[i])?;
            for row in &rows {
                changed += st.execute(params_from_iter(row.iter()))?;
            }
            drop(st);
            let inserted = count(t)? - before;
            let counts = ImportCounts {
                inserted,
                updated: changed - inserted,
                unchanged: rows.len() - changed,
            };
            add(&mut total, &counts);
            if let Some(p) = progress {
                p(&TableDone { table, counts });
            }
        }
        Ok(total)
    }

    pub fn vet_exists(
        c: &Connection,
        cod_etp: &str,
        cod_vrs_vet: i32,
    ) -> rusqlite::Result<Option<bool>> {
        let (this, any): (bool, bool) = c
            .prepare_cached(VET_EXISTS_SQLITE)?
            .query_row(rusqlite::params![cod_etp, cod_vrs_vet], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?;
        Ok(any.then_some(this))
    }
}

/// The PostgreSQL side.
pub mod pg {
    use super::*;
    use crate::store::postgres::db_err;
    use bytes::BytesMut;
    use futures_util::future::{join_all, try_join_all};
    use tokio_postgres::types::{IsNull, ToSql, Type};

    /// One column of many rows, bound as an array.
    #[derive(Debug)]
    enum Arr<'a> {
        Texts(Vec<Option<&'a str>>),
        Ints(Vec<Option<i32>>),
    }

    impl ToSql for Arr<'_> {
        fn to_sql(
            &self,
            ty: &Type,
            out: &mut BytesMut,
        ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
            self.to_sql_checked(ty, out)
        }

        fn accepts(_: &Type) -> bool {
            true
        }

        fn to_sql_checked(
            &self,
            ty: &Type,
            out: &mut BytesMut,
        ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
            match self {
                Arr::Texts(v) => v.to_sql_checked(ty, out),
                Arr::Ints(v) => v.to_sql_checked(ty, out),
            }
        }
    }

    /// The columns of `rows` as arrays, for `unnest`.
    fn arrays<'r, 'a: 'r>(
        columns: &[Column],
        rows: impl Iterator<Item = &'r [V<'a>]> + Clone,
    ) -> Vec<Arr<'a>> {
        columns
            .iter()
            .enumerate()
            .map(|(j, col)| {
                let column = rows.clone().map(move |r| r[j]);
                if col.kind.is_int() {
                    Arr::Ints(
                        column
                            .map(|v| match v {
                                V::Int(i) => i,
                                _ => None,
                            })
                            .collect(),
                    )
                } else {
                    Arr::Texts(column.map(V::text).collect())
                }
            })
            .collect()
    }

    fn get(r: &tokio_postgres::Row, i: usize, kind: Kind) -> Result<Owned, tokio_postgres::Error> {
        Ok(match kind {
            k if k.is_int() => Owned::Int(r.try_get(i)?),
            Kind::Flag => Owned::Flag(crate::store::flag(r.try_get::<_, &str>(i)?)),
            _ => Owned::Text(r.try_get(i)?),
        })
    }

    /// The whole catalogue: the 18 queries pipelined in one REPEATABLE READ
    /// READ ONLY transaction (one snapshot, one round trip once prepared).
    pub async fn read(c: &deadpool_postgres::Client) -> Result<Catalogue, StoreError> {
        let statements = try_join_all(
            ALL.iter()
                .map(|t| c.prepare_cached(&PG.select[*t as usize])),
        )
        .await
        .map_err(db_err)?;
        let (begin, results, commit) = futures_util::join!(
            c.batch_execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
            join_all(statements.iter().map(|st| c.query(st, &[]))),
            c.batch_execute("COMMIT"),
        );
        begin.map_err(db_err)?;
        commit.map_err(db_err)?;
        let mut cat = Catalogue::default();
        for (t, rows) in ALL.into_iter().zip(results) {
            let def = t.def();
            let rows = rows
                .map_err(db_err)?
                .iter()
                .map(|r| {
                    def.columns
                        .iter()
                        .enumerate()
                        .map(|(i, col)| get(r, i, col.kind))
                        .collect::<Result<Vec<_>, _>>()
                })
                .collect::<Result<Vec<_>, _>>()
                .map_err(db_err)?;
            set(&mut cat, t, rows).map_err(StoreError::Database)?;
        }
        Ok(cat)
    }

    /// Checks then upserts `c` inside `t` (committed by the caller): one
    /// statement per table, every row bound as column arrays.
    pub async fn import(
        t: &deadpool_postgres::Transaction<'_>,
        c: &Catalogue,
        progress: Option<&Progress>,
    ) -> Result<ImportCounts, StoreError> {
        let dangling = check(c)?;
        if !dangling.is_empty() {
            let wanted = wanted(&dangling);
            let lookups = wanted.iter().map(|(target, keys)| async move {
                let def = target.def();
                let st = t.prepare_cached(&PG.exists[*target as usize]).await?;
                let key_rows: Vec<&[Owned]> = keys.iter().map(Vec::as_slice).collect();
                let vals: Vec<Vec<V<'_>>> = key_rows
                    .iter()
                    .map(|k| k.iter().map(Owned::as_v).collect())
                    .collect();
                let args = arrays(def.key_columns(), vals.iter().map(Vec::as_slice));
                let params: Vec<&(dyn ToSql + Sync)> =
                    args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
                let rows = t.query(&st, &params).await?;
                let mut set = HashSet::new();
                for r in rows {
                    let key = def
                        .key_columns()
                        .iter()
                        .enumerate()
                        .map(|(i, col)| get(&r, i, col.kind))
                        .collect::<Result<Vec<_>, _>>()?;
                    set.insert(key);
                }
                Ok::<_, tokio_postgres::Error>((*target, set))
            });
            let found: HashMap<Tbl, HashSet<Vec<Owned>>> = try_join_all(lookups)
                .await
                .map_err(db_err)?
                .into_iter()
                .collect();
            unresolved(&dangling, &found)?;
        }
        let mut total = ImportCounts::default();
        for table in ALL {
            let rows = values(c, table);
            if rows.is_empty() {
                continue;
            }
            let def = table.def();
            let st = t
                .prepare_cached(&PG.upsert[table as usize])
                .await
                .map_err(db_err)?;
            let args = arrays(def.columns, rows.iter().map(Vec::as_slice));
            let params: Vec<&(dyn ToSql + Sync)> =
                args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
            let r = t.query_one(&st, &params).await.map_err(db_err)?;
            let inserted = r.try_get::<_, i64>(0).map_err(db_err)? as usize;
            let updated = r.try_get::<_, i64>(1).map_err(db_err)? as usize;
            let counts = ImportCounts {
                inserted,
                updated,
                unchanged: rows.len() - inserted - updated,
            };
            add(&mut total, &counts);
            if let Some(p) = progress {
                p(&TableDone { table, counts });
            }
        }
        Ok(total)
    }

    pub async fn vet_exists(
        c: &deadpool_postgres::Client,
        cod_etp: &str,
        cod_vrs_vet: i32,
    ) -> Result<Option<bool>, StoreError> {
        let st = c.prepare_cached(VET_EXISTS_PG).await.map_err(db_err)?;
        let r = c
            .query_one(&st, &[&cod_etp, &cod_vrs_vet])
            .await
            .map_err(db_err)?;
        let this: bool = r.try_get(0).map_err(db_err)?;
        let any: bool = r.try_get(1).map_err(db_err)?;
        Ok(any.then_some(this))
    }
}

// ---------------------------------------------------------------------------
// Demo catalogue
// ---------------------------------------------------------------------------

/// The demo course structure (`src/store/demo_offre.yaml`, the import-offre
/// format), loaded by `seed_demo` after the demo geography.
pub static DEMO: LazyLock<Catalogue> = LazyLock::new(|| {
    parse(include_str!("demo_offre.yaml"), Format::Yaml)
        .unwrap_or_else(|e| panic!("src/store/demo_offre.yaml: {e}"))
});

// ---------------------------------------------------------------------------
// Files and the import-offre command
// ---------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Yaml,
}

impl Format {
    /// `.json` is JSON, anything else YAML.
    pub fn of(path: &std::path::Path) -> Format {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("json") => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// Reads a catalogue. The message of an error names the line and column and,
/// when the syntax is right but a value is not, the path of the entry
/// (`versions_etape[3].cod_vrs_vet: invalid type: …`).
pub fn parse(text: &str, format: Format) -> Result<Catalogue, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    match format {
        Format::Yaml => {
            // An empty document (or comments only) is an empty catalogue.
            if serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text).is_ok_and(|v| v.is_null()) {
                return Ok(Catalogue::default());
            }
            // serde_yaml_ng's messages carry the path and the position, except
            // at the very start of the document (an unknown first table).
            serde_yaml_ng::from_str(text).map_err(|e| {
                let m = e.to_string();
                let unknown = m
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split_once('`'))
                    .map(|(name, _)| name);
                match unknown {
                    Some(name) if !m.contains(" at line ") => text
                        .lines()
                        .position(|l| l.starts_with(&format!("{name}:")))
                        .map_or(m.clone(), |i| format!("{m} at line {}", i + 1)),
                    _ => m,
                }
            })
        }
        Format::Json => serde_json::from_str(text).map_err(|e| {
            let path = e
                .is_data()
                .then(|| serde_json::from_str::<serde_json::Value>(text).ok())
                .flatten()
                .and_then(|doc| locate_json(&doc));
            match path {
                Some(p) if !p.is_empty() => format!("{p}: {e}"),
                _ => e.to_string(),
            }
        }),
    }
}

/// Why `import-offre` stopped.
#[derive(Debug, thiserror::Error)]
pub enum ImportFileError {
    /// The file is not a valid catalogue (exit code 2): nothing was written.
    #[error("{0}")]
    Invalid(String),
    /// The import could not run (exit code 1): file unreadable, database
    /// unavailable or failing.
    #[error("{0}")]
    Cannot(String),
}

impl ImportFileError {
    pub fn exit_code(&self) -> u8 {
        match self {
            ImportFileError::Invalid(_) => 2,
            ImportFileError::Cannot(_) => 1,
        }
    }
}

/// What `import-offre` did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSummary {
    pub file: String,
    pub tables: Vec<TableDone>,
    pub total: ImportCounts,
    pub elapsed: std::time::Duration,
}

impl fmt::Display for FileSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>9} {:>9} {:>9}",
            "table", "inserted", "updated", "unchanged"
        )?;
        for t in &self.tables {
            writeln!(
                f,
                "{:<22} {:>9} {:>9} {:>9}",
                t.table.def().table,
                t.counts.inserted,
                t.counts.updated,
                t.counts.unchanged
            )?;
        }
        write!(
            f,
            "{}: {} rows: {} inserted, {} updated, {} unchanged ({:.1} s)",
            self.file,
            self.total.inserted + self.total.updated + self.total.unchanged,
            self.total.inserted,
            self.total.updated,
            self.total.unchanged,
            self.elapsed.as_secs_f64()
        )
    }
}

/// Lists the problems of a refused catalogue, one per line.
fn invalid_message(file: &str, e: &Invalid) -> String {
    let mut m = format!("{file}: {INVALID}, nothing imported:");
    for p in &e.0 {
        m.push_str("\n  ");
        m.push_str(p);
    }
    m
}

/// `passerelle import-offre FILE`: reads the file (JSON when it ends in
/// `.json`, else YAML), checks it, opens the database and imports it in one
/// transaction, with a progress bar over the tables on standard error
/// (drawn only on a terminal).
pub async fn import_file(
    path: &std::path::Path,
    cfg: &crate::Config,
) -> Result<FileSummary, ImportFileError> {
    let started = std::time::Instant::now();
    let file = path.display().to_string();
    let bytes = std::fs::read(path)
        .map_err(|e| ImportFileError::Cannot(format!("cannot read {file}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        ImportFileError::Invalid(format!(
            "{file}: not UTF-8 (byte {}): save the file as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })?;
    let c = parse(&text, Format::of(path))
        .map_err(|e| ImportFileError::Invalid(format!("{file}: {e}")))?;
    // The file on its own first: a file refused for itself does not need the database.
    check(&c).map_err(|e| ImportFileError::Invalid(invalid_message(&file, &e)))?;
    let store = super::open(&cfg.database_url, &cfg.database)
        .await
        .map_err(|e| ImportFileError::Cannot(e.to_string()))?;

    let pb = indicatif::ProgressBar::with_draw_target(
        Some(steps(&c) as u64),
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            indicatif::ProgressDrawTarget::stderr()
        } else {
            indicatif::ProgressDrawTarget::hidden()
        },
    );
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bar:40.cyan/blue} {pos}/{len} tables {msg} [{elapsed}]",
    ) {
        pb.set_style(style.progress_chars("=> "));
    }
    pb.set_message(format!("{} rows", rows(&c)));
    let done = Arc::new(std::sync::Mutex::new(Vec::new()));
    let hook: Progress = {
        let pb = pb.clone();
        let done = done.clone();
        Arc::new(move |t: &TableDone| {
            pb.inc(1);
            pb.set_message(t.table.def().table);
            if let Ok(mut d) = done.lock() {
                d.push(t.clone());
            }
        })
    };
    let result = with_progress(hook, store.import_catalogue(&c)).await;
    pb.finish_and_clear();
    let total = result.map_err(|e| match &e {
        StoreError::Database(m) if is_invalid(&e) => ImportFileError::Invalid(format!(
            "{file}: {INVALID}, nothing imported:\n  {}",
            m.trim_start_matches(INVALID)
                .trim_start_matches(": ")
                .replace("; ", "\n  ")
        )),
        _ => ImportFileError::Cannot(e.to_string()),
    })?;
    let tables = done.lock().map(|d| d.clone()).unwrap_or_default();
    Ok(FileSummary {
        file,
        tables,
        total,
        elapsed: started.elapsed(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_in_enum_order_and_refer_backwards() {
        for (i, t) in ALL.iter().enumerate() {
            assert_eq!(*t as usize, i);
            assert_eq!(TABLES[i].id, *t);
            for r in t.def().refs {
                assert!(
                    r.target < *t,
                    "{:?} refers to {:?}, which comes later",
                    t,
                    r.target
                );
                let target = r.target.def();
                assert_eq!(r.columns.len(), target.key);
                for (j, k) in r.columns.iter().zip(target.key_columns()) {
                    assert_eq!(t.def().columns[*j].kind.is_int(), k.kind.is_int());
                }
            }
        }
    }

    #[test]
    fn the_demo_catalogue_is_valid_and_fills_every_table() {
        let c = &*DEMO;
        assert_eq!(check(c), Ok(vec![]), "the demo refers only to itself");
        for t in ALL {
            let def = t.def();
            let rows = values(c, t);
            assert!(!rows.is_empty(), "demo: {} is empty", def.table);
            // The row structs and the column lists agree (count and kinds).
            for row in &rows {
                assert_eq!(row.len(), def.columns.len(), "{}", def.table);
                for (v, col) in row.iter().zip(def.columns) {
                    let ok = match v {
                        V::Int(_) => col.kind.is_int(),
                        V::Flag(_) => col.kind == Kind::Flag,
                        V::Text(_) => !col.kind.is_int() && col.kind != Kind::Flag,
                    };
                    assert!(ok, "{}.{}: {v:?}", def.table, col.name);
                }
            }
        }
        // Exactly the VETs the OPI tests wish for.
        for (etp, vrs) in [
            ("L1INF", 101),
            ("L1MAT", 101),
            ("L1DRT", 101),
            ("L2INF", 201),
        ] {
            assert!(c
                .versions_etape
                .iter()
                .any(|v| v.cod_etp == etp && v.cod_vrs_vet == vrs));
        }
        assert!(!c.elp_regroupe_lse.is_empty());
    }

    #[test]
    fn the_example_file_is_valid() {
        let c = parse(include_str!("../../examples/offre.yaml"), Format::Yaml).unwrap();
        assert_eq!(check(&c), Ok(vec![]));
        for t in ALL {
            assert!(
                len(&c, t) > 0,
                "examples/offre.yaml: {} is empty",
                t.def().table
            );
        }
    }

    /// The migrations have the columns of [`TABLES`], in order, with their
    /// lengths (SQLite: the CHECKs; PostgreSQL: checked in tests/store_offre.rs).
    #[test]
    fn sqlite_migration_matches_the_tables() {
        let c = rusqlite::Connection::open_in_memory().unwrap();
        c.execute_batch(include_str!("../../migrations/sqlite/V1__geographie.sql"))
            .unwrap();
        c.execute_batch(include_str!("../../migrations/sqlite/V3__offre.sql"))
            .unwrap();
        let migration = include_str!("../../migrations/sqlite/V3__offre.sql");
        for t in ALL {
            let def = t.def();
            let cols: Vec<(String, bool, i64)> = c
                .prepare(&format!("PRAGMA table_info({})", def.table))
                .unwrap()
                .query_map([], |r| Ok((r.get(1)?, r.get::<_, bool>(3)?, r.get(5)?)))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            let names: Vec<&str> = cols.iter().map(|c| c.0.as_str()).collect();
            let expected: Vec<&str> = def.columns.iter().map(|c| c.name).collect();
            assert_eq!(names, expected, "{}", def.table);
            for (col, (name, notnull, pk)) in def.columns.iter().zip(&cols) {
                assert_eq!(
                    col.required,
                    *notnull || *pk > 0,
                    "{}.{name}: NOT NULL",
                    def.table
                );
                if let (Some(n), true) = (col.kind.max_len(), !matches!(col.kind, Kind::OneOf(_))) {
                    assert!(
                        migration.contains(&format!("CHECK (length({name}) <= {n})")),
                        "{}.{name}: CHECK (length({name}) <= {n})",
                        def.table
                    );
                }
            }
            let pk: Vec<&str> = {
                let mut k: Vec<&(String, bool, i64)> = cols.iter().filter(|c| c.2 > 0).collect();
                k.sort_by_key(|c| c.2);
                k.iter().map(|c| c.0.as_str()).collect()
            };
            let key: Vec<&str> = def.key_columns().iter().map(|c| c.name).collect();
            assert_eq!(pk, key, "{}: primary key", def.table);
        }
    }

    fn demo_with(f: impl FnOnce(&mut Catalogue)) -> Catalogue {
        let mut c = DEMO.clone();
        f(&mut c);
        c
    }

    #[test]
    fn check_names_the_row() {
        let c = demo_with(|c| {
            c.versions_etape.push(VersionEtapeRow {
                cod_etp: "L1XXX".into(),
                cod_vrs_vet: 101,
                ..Default::default()
            })
        });
        let d = check(&c).unwrap();
        let i = c.versions_etape.len() - 1;
        assert_eq!(
            d.iter().map(Dangling::problem).collect::<Vec<_>>(),
            [format!(
                "versions_etape[{i}] (cod_etp=L1XXX): unknown étape"
            )]
        );
        assert_eq!(
            unresolved(&d, &HashMap::new()).unwrap_err().to_string(),
            format!("{INVALID}: versions_etape[{i}] (cod_etp=L1XXX): unknown étape")
        );

        let c = demo_with(|c| {
            let mut e = c.etapes[0].clone();
            e.lib_etp = "x".repeat(61);
            c.etapes.push(e);
            c.versions_etape[0].cod_vrs_vet = 1000;
            c.listes_elp[0].cod_typ_lse = Some("Z".into());
            c.elements_pedagogi[0].nbr_crd_elp = Some("6,5".into());
            c.vdi_fractionner_vet[0].daa_deb_rct_vet = Some("24".into());
            c.composantes[0].code = " SC".into();
        });
        let e = check(&c).unwrap_err();
        let n = c.etapes.len() - 1;
        let expected = [
            "composantes[0].cod_cmp: «  SC » has leading or trailing blanks".to_string(),
            "versions_etape[0].cod_vrs_vet: 1000 is not a version number (1 to 999)".into(),
            "vdi_fractionner_vet[0].daa_deb_rct_vet: « 24 » is not a year (yyyy)".into(),
            format!("etapes[{n}].lib_etp: « {} » has 61 characters, at most 60", "x".repeat(61)),
            format!(
                "etapes[{n}] (cod_etp={}): the same key as etapes[0]",
                c.etapes[0].cod_etp
            ),
            "listes_elp[0].cod_typ_lse: « Z » is not one of O, X, F".into(),
            "elements_pedagogi[0].nbr_crd_elp: « 6,5 » is not a decimal number (digits, then optionally a dot and digits)".into(),
        ];
        for p in &expected {
            assert!(e.0.contains(p), "{p}\nnot in\n{:#?}", e.0);
        }
    }

    #[test]
    fn a_list_that_contains_itself_is_refused() {
        // L → E → L2 → E2 → L
        let c = Catalogue {
            listes_elp: ["L", "L2"]
                .map(|l| ListeElpRow {
                    cod_lse: l.into(),
                    ..Default::default()
                })
                .into(),
            elements_pedagogi: ["E", "E2"]
                .map(|e| ElementPedagogiRow {
                    cod_elp: e.into(),
                    ..Default::default()
                })
                .into(),
            lse_regroupe_elp: [("L", "E"), ("L2", "E2")]
                .map(|(l, e)| LseRegroupeElpRow {
                    cod_lse: l.into(),
                    cod_elp: e.into(),
                })
                .into(),
            elp_regroupe_lse: [("E", "L2"), ("E2", "L")]
                .map(|(e, l)| ElpRegroupeLseRow {
                    cod_elp: e.into(),
                    cod_lse: l.into(),
                })
                .into(),
            ..Default::default()
        };
        let e = check(&c).unwrap_err();
        assert_eq!(
            e.0,
            ["elp_regroupe_lse[1] (cod_elp=E2, cod_lse=L): the list L would contain itself (L → L2 → L)"]
        );
    }

    #[test]
    fn parse_errors_name_the_place() {
        let e = parse(
            "versions_etape:\n  - cod_etp: L1INF\n    cod_vrs_vet: abc\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(
            e.contains("versions_etape[0].cod_vrs_vet") && e.contains("line 3"),
            "{e}"
        );
        let e = parse(
            "etapes:\n  - cod_etp: L1INF\n    lib_etp: x\n    colour: red\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert!(
            e.contains("unknown field `colour`") && e.contains("line 4"),
            "{e}"
        );
        let e = parse("etapes: [\n", Format::Yaml).unwrap_err();
        assert!(e.contains("line"), "{e}");

        let json = "{\"etapes\": [{\"cod_etp\": \"A\", \"lib_etp\": \"a\"},\n {\"cod_etp\": 12, \"lib_etp\": \"b\"}]}";
        let e = parse(json, Format::Json).unwrap_err();
        assert!(
            e.starts_with("etapes[1].cod_etp: invalid type") && e.contains("line 2"),
            "{e}"
        );
        let e = parse("{\"etapes\": [}", Format::Json).unwrap_err();
        assert!(e.contains("line 1 column"), "{e}");
        let e = parse("{\"tables\": []}", Format::Json).unwrap_err();
        assert!(e.starts_with("tables: unknown field `tables`"), "{e}");

        assert_eq!(
            parse("# nothing yet\n", Format::Yaml),
            Ok(Catalogue::default())
        );
        let c = parse(&serde_json::to_string(&*DEMO).unwrap(), Format::Json).unwrap();
        assert_eq!(c, *DEMO);
    }
}
