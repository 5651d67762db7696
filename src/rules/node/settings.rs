//! `[node]` settings: which registration conventions are in force.

use serde::{Deserialize, Deserializer};

use super::{Pack, builtin_packs};

/// `[node]` in the configuration.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct NodeSettings {
    /// Built-in packs to use (default: all of them, i.e. `["kailash"]`).
    #[serde(default, deserialize_with = "known_packs")]
    pub packs: Option<Vec<String>>,
    /// Your own conventions, in the pack format.
    #[serde(default)]
    pub conventions: Vec<Pack>,
    /// Also check classes in test files (off: tests define throwaway nodes).
    #[serde(default)]
    pub check_tests: bool,
}

fn known_packs<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    let names: Vec<String> = Vec::deserialize(d)?;
    for n in &names {
        if !builtin_packs().iter().any(|p| &p.name == n) {
            let all: Vec<&str> = builtin_packs().iter().map(|p| p.name.as_str()).collect();
            return Err(serde::de::Error::custom(format!(
                "unknown registration pack `{n}`; built-in packs: {}{}",
                all.join(", "),
                crate::text::did_you_mean(n, all.iter().copied())
            )));
        }
    }
    Ok(Some(names))
}

impl NodeSettings {
    /// The conventions in force: the selected built-in packs, then the
    /// configured ones.
    pub fn packs(&self) -> Vec<&Pack> {
        let mut out: Vec<&Pack> = builtin_packs()
            .iter()
            .filter(|p| self.packs.as_ref().is_none_or(|sel| sel.contains(&p.name)))
            .collect();
        out.extend(self.conventions.iter());
        out
    }
}
