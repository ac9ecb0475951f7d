//! The reference docs stay complete: every fault code of `src/` is in
//! docs/FAULTS.md, every configuration field is in docs/CONFIGURATION.md.

use passerelle::Config;
use std::collections::BTreeSet;
use std::path::Path;

fn read(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// Every `"technical.…"` string literal of `src/` outside test modules: the
/// fixed codes, and for the ones built with `format!`, the part before `{`.
fn codes_in_source() -> (BTreeSet<String>, BTreeSet<String>) {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let (mut fixed, mut patterns) = (BTreeSet::new(), BTreeSet::new());
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        let code = match text.find("#[cfg(test)]") {
            Some(i) => &text[..i],
            None => &text,
        };
        for (i, _) in code.match_indices("\"technical.") {
            let rest = &code[i + 1..];
            let end = rest.find('"').unwrap();
            let lit = &rest[..end];
            if let Some(brace) = lit.find('{') {
                patterns.insert(lit[..brace].to_string());
            } else if lit.ends_with('.') {
                // A prefix test (`code.starts_with("technical.parameter.")`).
            } else if lit.contains(' ') && !lit.ends_with(' ') {
                // Prose mentioning a code (help texts).
            } else {
                fixed.insert(lit.to_string());
            }
        }
    }
    (fixed, patterns)
}

#[test]
fn every_fault_code_is_documented() {
    let doc = read("docs/FAULTS.md");
    let (fixed, patterns) = codes_in_source();
    assert!(fixed.len() > 30, "found only {fixed:?}");
    let missing: Vec<_> = fixed
        .iter()
        .filter(|c| !doc.contains(&format!("`{c}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/FAULTS.md does not name these codes: {missing:#?}"
    );
    let missing: Vec<_> = patterns
        .iter()
        .filter(|p| !doc.contains(&format!("`{p}<")))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/FAULTS.md has no `prefix<…>` pattern for: {missing:#?}"
    );
}

/// The fields `serde` expects in a section, read from the error that an
/// unknown field gives (`deny_unknown_fields`): `None` when `section` is not a
/// table of fields.
fn fields_of(section: &str) -> Option<Vec<String>> {
    let toml = if section.is_empty() {
        "zz_unknown_field = 1\n".to_string()
    } else {
        format!("[{section}]\nzz_unknown_field = 1\n")
    };
    let err = Config::from_toml(&toml).err()?.to_string();
    let list = err.split("expected one of ").nth(1)?;
    Some(
        list.split(',')
            .map(|f| f.trim().trim_matches('`').to_string())
            .filter(|f| !f.is_empty())
            .map(|f| f.lines().next().unwrap().trim_matches('`').to_string())
            .collect(),
    )
}

#[test]
fn every_configuration_field_is_documented() {
    let doc = read("docs/CONFIGURATION.md");
    let top = fields_of("").expect("the top level refuses unknown fields");
    assert!(top.contains(&"listen".to_string()), "{top:?}");
    let mut undocumented = Vec::new();
    for f in &top {
        let sub = fields_of(f);
        if sub.is_none() && !doc.contains(&format!("`{f}`")) {
            undocumented.push(f.clone());
        }
        if let Some(sub) = sub {
            assert!(
                doc.contains(&format!("[{f}]")),
                "docs/CONFIGURATION.md has no [{f}] section"
            );
            for g in sub {
                if !doc.contains(&format!("`{g}`")) {
                    undocumented.push(format!("{f}.{g}"));
                }
            }
        }
    }
    assert!(
        undocumented.is_empty(),
        "docs/CONFIGURATION.md does not describe: {undocumented:?}"
    );
}
