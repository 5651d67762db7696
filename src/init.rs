//! `candor init`: a starting configuration, either a new `candor.toml` or a
//! `[tool.candor]` table added to an existing `pyproject.toml`. Editing goes
//! through `toml_edit`, so the user's comments, order and formatting stay.
//! No I/O here: the CLI reads and writes the files.

use toml_edit::{Array, DocumentMut, Item, Table, value};

/// The body of a fresh `candor.toml`.
pub fn candor_toml() -> String {
    "\
# candor configuration: https://github.com/candor-dev/candor
# Every rule family runs by default; list rules or families to turn off.
ignore = []
# Exit 1 when a finding is at least this severe: error, warning or info.
fail-on = \"warning\"
# Folders to skip in addition to the defaults (node_modules, .venv, …).
extend-exclude = []
"
    .to_string()
}

/// Why `pyproject.toml` could not be edited.
#[derive(Debug, PartialEq, Eq)]
pub enum InitError {
    /// The file is not valid TOML (message from the parser).
    Invalid(String),
    /// `[tool.candor]` is already there; nothing was changed.
    AlreadyConfigured,
}

/// `text` (a `pyproject.toml`) with a `[tool.candor]` table appended.
pub fn add_to_pyproject(text: &str) -> Result<String, InitError> {
    let mut doc: DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| InitError::Invalid(e.to_string()))?;
    let tool = doc.entry("tool").or_insert_with(|| {
        let mut t = Table::new();
        t.set_implicit(true);
        Item::Table(t)
    });
    let Some(tool) = tool.as_table_mut() else {
        return Err(InitError::Invalid("`tool` is not a table".into()));
    };
    if tool.contains_key("candor") {
        return Err(InitError::AlreadyConfigured);
    }
    let mut candor = Table::new();
    candor.insert("ignore", value(Array::new()));
    candor.insert("fail-on", value("warning"));
    candor.insert("extend-exclude", value(Array::new()));
    candor
        .decor_mut()
        .set_prefix("\n# candor: https://github.com/candor-dev/candor\n");
    tool.insert("candor", Item::Table(candor));
    let mut out = doc.to_string();
    if !out.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;

    const PYPROJECT: &str = "\
# Project metadata (keep this comment)
[project]
name = \"app\"   # the name
version = \"1.0\"

[tool.ruff]
# ruff settings
line-length = 100

[build-system]
requires = [\"hatchling\"]
";

    #[test]
    fn keeps_comments_and_order_and_is_a_valid_config() {
        let out = add_to_pyproject(PYPROJECT).unwrap();
        // toml_edit puts the new table after the other `[tool.*]` tables;
        // everything else is byte for byte the original.
        let block = "\n# candor: https://github.com/candor-dev/candor\n[tool.candor]\nignore = []\nfail-on = \"warning\"\nextend-exclude = []\n";
        assert!(out.contains(block), "{out}");
        assert_eq!(out.replacen(block, "", 1), PYPROJECT, "{out}");
        assert!(out.find("[tool.candor]") > out.find("[tool.ruff]"));
        let config = Config::from_pyproject(&out, "pyproject.toml").unwrap();
        assert!(config.is_some());
        assert_eq!(add_to_pyproject(&out), Err(InitError::AlreadyConfigured));
    }

    #[test]
    fn works_without_a_tool_table_and_rejects_invalid_toml() {
        let out = add_to_pyproject("[project]\nname = \"a\"").unwrap();
        assert!(out.contains("[tool.candor]"));
        assert!(!out.contains("[tool]\n"));
        assert!(matches!(
            add_to_pyproject("[project"),
            Err(InitError::Invalid(_))
        ));
        assert!(matches!(
            add_to_pyproject("tool = 1"),
            Err(InitError::Invalid(_))
        ));
    }

    #[test]
    fn fresh_candor_toml_is_valid() {
        Config::from_candor_toml(&candor_toml(), "candor.toml").unwrap();
    }
}
