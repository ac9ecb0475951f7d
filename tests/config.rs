//! docs/CONFIGURATION.md stays true: its example file parses and lists the
//! defaults of the code.

use passerelle::Config;

#[test]
fn documented_example_is_the_default_configuration() {
    let doc = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/docs/CONFIGURATION.md"
    ))
    .unwrap();
    let start = doc
        .find("```toml\n")
        .expect("a ```toml block in docs/CONFIGURATION.md")
        + 8;
    let end = start + doc[start..].find("```").unwrap();
    let example = &doc[start..end];
    let parsed = Config::from_toml(example)
        .unwrap_or_else(|e| panic!("the documented example does not parse: {e}"));
    assert_eq!(
        parsed,
        Config::default(),
        "docs/CONFIGURATION.md and src/config.rs disagree"
    );
    // Every field of the limits and database sections is named in the example.
    for field in [
        "max_body_bytes",
        "max_depth",
        "max_children",
        "max_elements",
        "max_attributes",
        "max_text_bytes",
        "max_attribute_bytes",
        "max_name_bytes",
        "header_read_timeout_secs",
        "body_read_timeout_secs",
        "handler_timeout_secs",
        "max_in_flight",
        "shutdown_grace_secs",
        "pool_size",
        "acquire_timeout_secs",
        "connect_timeout_secs",
        "sqlite_busy_timeout_ms",
        "listen",
        "database_url",
        "base_path",
        "demo",
    ] {
        assert!(
            example.contains(&format!("{field} =")),
            "{field} is not documented"
        );
    }
}
