//! Configuration: `candor.toml`, or `[tool.candor]` in `pyproject.toml`.
//!
//! Zero configuration works. The library parses configuration text; finding
//! the file on disk is the caller's job (see [`CONFIG_FILE_NAMES`]).

use globset::GlobSet;
use rustc_hash::FxHashMap;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;

use crate::finding::Severity;
use crate::rules::select::{check_selector, is_enabled, selector_matches, specificity};
use crate::rules::{self, RuleMeta, Settings};
pub use crate::text::{closest, did_you_mean};
use crate::tier::{TierRules, TierSettings, globset};

/// Files a caller looks for, in this order, walking up from the scanned path.
/// A `pyproject.toml` counts only when it has a `[tool.candor]` table.
pub const CONFIG_FILE_NAMES: &[&str] = &["candor.toml", ".candor.toml", "pyproject.toml"];

pub const DEFAULT_MAX_FILE_SIZE: u64 = 1024 * 1024;

/// Folders never walked into unless named on the command line.
pub const DEFAULT_EXCLUDE: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    "node_modules",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
];

/// A configuration file that cannot be used. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ConfigError {
    /// The file the error is in (as given by the caller).
    pub file: String,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// A size in bytes, or a string such as `"2MiB"`, `"512k"`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
enum Size {
    Bytes(u64),
    Text(String),
}

/// The file format, as written by users. Unknown keys are errors.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawConfig {
    select: Option<Vec<String>>,
    #[serde(default)]
    extend_select: Vec<String>,
    #[serde(default)]
    ignore: Vec<String>,
    #[serde(default)]
    per_file_ignores: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    severity: BTreeMap<String, String>,
    exclude: Option<Vec<String>>,
    #[serde(default)]
    extend_exclude: Vec<String>,
    max_file_size: Option<Size>,
    fail_on: Option<String>,
    #[serde(default)]
    tiers: TierSettings,
    #[serde(default)]
    secret: rules::secret::SecretSettings,
    #[serde(default)]
    mock: rules::mock::MockSettings,
    #[serde(default)]
    node: rules::node::NodeSettings,
    #[serde(default)]
    migration: rules::migration::MigrationSettings,
    #[serde(default)]
    claim: rules::claim::ClaimSettings,
    #[serde(default)]
    score: ScoreTable,
}

/// `[score]`: how the readiness scorecard weighs its criteria.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct ScoreTable {
    /// Criterion id -> weight; 0 leaves a criterion out of the score.
    #[serde(default)]
    weights: BTreeMap<String, f64>,
}

/// Resolved configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the configuration came from (for messages), if anywhere.
    pub source: Option<String>,
    /// Things the file says that still work but should change (deprecated
    /// keys). Shown as diagnostics of the configuration file.
    pub warnings: Vec<String>,
    /// Scorecard weights by criterion id (`[score] weights`).
    pub score_weights: BTreeMap<String, f64>,
    per_file_ignores: Vec<(GlobSet, Vec<String>)>,
    exclude: crate::tier::Exclude,
    pub max_file_size: u64,
    pub fail_on: Option<Severity>,
    pub tiers: TierRules,
    /// What rules see: enabled rules, severities, family settings.
    pub rules: Settings,
}

impl Default for Config {
    fn default() -> Self {
        Self::resolve(RawConfig::default(), None).expect("the default configuration is valid")
    }
}

impl Config {
    /// Parses a `candor.toml`'s text. `file` names it in errors.
    pub fn from_candor_toml(text: &str, file: &str) -> Result<Self, ConfigError> {
        let raw: RawConfig = toml::from_str(text).map_err(|e| toml_error(file, text, &e, ""))?;
        Self::resolve(raw, Some(file.to_string()))
    }

    /// Parses a `pyproject.toml`'s text; `Ok(None)` when it has no
    /// `[tool.candor]` table.
    pub fn from_pyproject(text: &str, file: &str) -> Result<Option<Self>, ConfigError> {
        #[derive(Deserialize)]
        struct Pyproject {
            tool: Option<Tool>,
        }
        #[derive(Deserialize)]
        struct Tool {
            candor: Option<toml::Value>,
        }
        let doc: Pyproject = toml::from_str(text).map_err(|e| toml_error(file, text, &e, ""))?;
        let Some(value) = doc.tool.and_then(|t| t.candor) else {
            return Ok(None);
        };
        // Re-serialize the table so errors point at keys by name; line numbers
        // come from a search for the key in the original text.
        let table = toml::to_string(&value).unwrap_or_default();
        let raw: RawConfig =
            toml::from_str(&table).map_err(|e| toml_error(file, text, &e, "tool.candor."))?;
        Self::resolve(raw, Some(file.to_string())).map(Some)
    }

    /// Parses whichever format `file`'s name says.
    pub fn from_file_text(text: &str, file: &str) -> Result<Option<Self>, ConfigError> {
        if file.ends_with("pyproject.toml") {
            Self::from_pyproject(text, file)
        } else {
            Self::from_candor_toml(text, file).map(Some)
        }
    }

    fn resolve(raw: RawConfig, source: Option<String>) -> Result<Self, ConfigError> {
        let file = source.clone().unwrap_or_else(|| "<default>".into());
        let err = |message: String| ConfigError {
            file: file.clone(),
            message,
        };

        let select = raw.select.clone().unwrap_or_else(|| vec!["ALL".into()]);
        for (key, list) in [
            ("select", &select),
            ("extend-select", &raw.extend_select),
            ("ignore", &raw.ignore),
        ] {
            for s in list {
                check_selector(s).map_err(|m| err(format!("`{key}`: {m}")))?;
            }
        }
        let enabled = rules::select::resolve(&select, &raw.extend_select, &raw.ignore);

        let mut severity = FxHashMap::default();
        // Less specific selectors first, so `secret/x` beats `secret`.
        let mut sev: Vec<(&String, &String)> = raw.severity.iter().collect();
        sev.sort_by_key(|(sel, _)| specificity(sel));
        for (sel, value) in sev {
            check_selector(sel).map_err(|m| err(format!("`severity`: {m}")))?;
            let level = Severity::parse(value).ok_or_else(|| {
                err(format!(
                    "`severity.\"{sel}\"`: {} is not a severity; use one of `error`, `warning`, `info`{}",
                    shown_value(value),
                    did_you_mean(value, ["error", "warning", "info"])
                ))
            })?;
            for id in rules::select::matching(sel) {
                severity.insert(id, level);
            }
        }

        let mut per_file_ignores = Vec::new();
        for (pattern, sels) in &raw.per_file_ignores {
            for s in sels {
                check_selector(s)
                    .map_err(|m| err(format!("`per-file-ignores.\"{pattern}\"`: {m}")))?;
            }
            let set = globset(
                &[
                    pattern.clone(),
                    format!("{}/**", pattern.trim_end_matches('/')),
                ],
                "per-file-ignores",
            )
            .map_err(err)?;
            per_file_ignores.push((set, sels.clone()));
        }

        let mut exclude: Vec<String> = raw
            .exclude
            .clone()
            .unwrap_or_else(|| DEFAULT_EXCLUDE.iter().map(|s| s.to_string()).collect());
        exclude.extend(raw.extend_exclude.iter().cloned());
        let exclude = crate::tier::Exclude::new(&exclude).map_err(err)?;

        let max_file_size = match raw.max_file_size {
            None => DEFAULT_MAX_FILE_SIZE,
            Some(Size::Bytes(n)) => n,
            Some(Size::Text(t)) => parse_size(&t).ok_or_else(|| {
                err(format!(
                    "`max-file-size`: {} is not a size; write bytes (1048576) or `1MiB`, `512KiB`",
                    shown_value(&t)
                ))
            })?,
        };
        let fail_on = match &raw.fail_on {
            None => None,
            Some(v) => Some(Severity::parse(v).ok_or_else(|| {
                err(format!(
                    "`fail-on`: {} is not a severity; use one of `error`, `warning`, `info`{}",
                    shown_value(v),
                    did_you_mean(v, ["error", "warning", "info"])
                ))
            })?),
        };
        check_claim_settings(&raw.claim).map_err(err)?;
        let tiers = TierRules::new(&raw.tiers).map_err(err)?;
        let mut warnings = Vec::new();
        // `[claim.score-weights]` came first; `[score] weights` wins.
        let mut score_weights = raw.claim.score_weights.clone();
        if !score_weights.is_empty() {
            warnings.push(
                "`[claim.score-weights]` is deprecated; move the weights to `[score] weights`"
                    .to_string(),
            );
        }
        score_weights.extend(raw.score.weights.clone());
        let ids: Vec<&str> = crate::score::CRITERIA.iter().map(|c| c.0).collect();
        for (id, w) in &score_weights {
            if !ids.contains(&id.as_str()) {
                return Err(err(format!(
                    "`[score] weights`: unknown criterion `{id}`{}; criteria: {}",
                    did_you_mean(id, ids.iter().copied()),
                    ids.join(", ")
                )));
            }
            if !w.is_finite() || *w < 0.0 {
                return Err(err(format!(
                    "`[score] weights.{id}`: a weight is a number of 0 or more"
                )));
            }
        }
        if let Err(e) = raw.mock.non_production_globs() {
            return Err(err(e.clone()));
        }

        Ok(Config {
            source,
            warnings,
            score_weights,
            per_file_ignores,
            exclude,
            max_file_size,
            fail_on,
            tiers,
            rules: Settings::new(
                enabled,
                severity,
                (raw.secret, raw.mock, raw.node, raw.migration, raw.claim),
            ),
        })
    }

    /// Applies command-line `--select`/`--extend-select`/`--ignore` on top:
    /// a CLI `--select` replaces the configured selection (like ruff).
    pub fn override_selection(
        &mut self,
        select: Option<&[String]>,
        extend_select: &[String],
        ignore: &[String],
    ) -> Result<(), ConfigError> {
        let err = |message: String| ConfigError {
            file: "command line".into(),
            message,
        };
        for s in select
            .unwrap_or_default()
            .iter()
            .chain(extend_select)
            .chain(ignore)
        {
            check_selector(s).map_err(err)?;
        }
        // The command line is a layer on top of the file: `--select`
        // replaces the set, `--extend-select` adds, `--ignore` removes.
        let mut enabled: Vec<&'static str> = match select {
            Some(sel) => rules::all_meta()
                .filter(|m| is_enabled(m, sel, &[], &[]))
                .map(|m| m.id)
                .collect(),
            None => self.rules.enabled_rules().to_vec(),
        };
        for m in rules::all_meta() {
            if extend_select.iter().any(|s| selector_matches(s, m.id)) && !enabled.contains(&m.id) {
                enabled.push(m.id);
            }
        }
        enabled.retain(|id| !ignore.iter().any(|s| selector_matches(s, id)));
        self.rules.set_enabled(enabled);
        Ok(())
    }

    pub fn is_enabled(&self, rule: &str) -> bool {
        self.rules.is_enabled(rule)
    }

    /// Whether any rule of these families is enabled.
    pub fn any_enabled_in(&self, families: &[&str]) -> bool {
        self.rules.any_enabled_in(families)
    }

    pub fn enabled_rules(&self) -> &[&'static str] {
        self.rules.enabled_rules()
    }

    pub fn severity_of(&self, meta: &RuleMeta) -> Severity {
        self.rules.severity_of(meta)
    }

    /// Whether `per-file-ignores` turns `rule` off for the file at `rel`.
    pub fn is_ignored_for(&self, rule: &str, rel: &str) -> bool {
        self.per_file_ignores
            .iter()
            .any(|(set, sels)| set.is_match(rel) && sels.iter().any(|s| selector_matches(s, rule)))
    }

    /// Whether a path (relative to the project root) is excluded. Callers
    /// that walk directories use it to prune folders.
    pub fn is_excluded(&self, rel: &str) -> bool {
        self.exclude.is_match(rel)
    }

    /// What a [`Workspace`](crate::workspace::Workspace) needs of the
    /// configuration to pick and classify its files.
    pub fn file_rules(&self) -> crate::workspace::FileRules<'_> {
        crate::workspace::FileRules {
            exclude: &self.exclude,
            max_file_size: self.max_file_size,
            tiers: &self.tiers,
        }
    }
}

fn parse_size(t: &str) -> Option<u64> {
    let t = t.trim();
    let split = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (num, unit) = t.split_at(split);
    let n: u64 = num.parse().ok()?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1024,
        "m" | "mb" | "mib" => 1024 * 1024,
        "g" | "gb" | "gib" => 1024 * 1024 * 1024,
        _ => return None,
    };
    n.checked_mul(mult)
}

/// A configured value as error messages show it: short values that no
/// secret detector matches as themselves (`` `warn` ``), others only by kind
/// and length, so a token pasted into the wrong key is never printed.
fn shown_value(value: &str) -> String {
    use crate::rules::secret::engine::compute;
    use crate::rules::secret::{GenericCredential, KnownToken};
    // A token format, or a high-entropy value where a credential would be;
    // the context rules would take any word (`warn`) under `token = `.
    let strong = |hits: Vec<crate::rules::secret::engine::Hit>| {
        hits.iter()
            .any(|h| h.rule == KnownToken::META.id || h.rule == GenericCredential::META.id)
    };
    // Long letters-and-digits runs (`Zq8vR2mLp7TtWw4s`) are how most
    // secrets look; the words these keys take (`warn`, `2MiB`) are not.
    let mixed = value.chars().count() >= 10
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_alphabetic());
    let looks_secret = mixed
        || value.chars().count() > 24
        || strong(compute(
            "candor.toml",
            &format!("token = \"{value}\"\n"),
            false,
        ))
        || strong(compute("value.txt", value, false));
    if looks_secret {
        format!("a {}-character string", value.chars().count())
    } else {
        format!("`{value}`")
    }
}

/// `[claim]`: every phrase is a regular expression and every score weight
/// names a criterion and is not negative.
fn check_claim_settings(claim: &rules::claim::ClaimSettings) -> Result<(), String> {
    for (key, list) in [
        ("readiness", &claim.readiness),
        ("testing", &claim.testing),
        ("security", &claim.security),
        ("scale", &claim.scale),
        ("hedges", &claim.hedges),
        ("sections", &claim.sections),
    ] {
        for (i, pattern) in list.iter().enumerate() {
            if let Err(e) = regex::Regex::new(pattern) {
                // The regex crate's message ends with one line saying what
                // is wrong; the lines above quote the pattern.
                let why = e.to_string();
                let why = why
                    .lines()
                    .rev()
                    .find(|l| !l.trim().is_empty())
                    .unwrap_or("");
                let why = why.trim().trim_start_matches("error: ");
                return Err(format!(
                    "`claim.{key}[{i}]` is not a regular expression ({why}); escape literal characters such as `(` with `\\\\`"
                ));
            }
        }
    }
    let ids = crate::score::CRITERIA.iter().map(|c| c.0);
    for (key, weight) in &claim.score_weights {
        if !ids.clone().any(|id| id == key) {
            return Err(format!(
                "unknown key `claim.score-weights.{key}`{}; the criteria are {}",
                did_you_mean(key, ids.clone()),
                ids.clone()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if !weight.is_finite() || *weight < 0.0 {
            return Err(format!(
                "`claim.score-weights.{key}`: a weight is a number of 0 or more (0 leaves the criterion out)"
            ));
        }
    }
    Ok(())
}

/// serde's messages quote the value they could not use (`invalid type:
/// string "ghp_…", expected a sequence`); keep the kind, drop the value.
fn without_quoted_values(msg: &str) -> String {
    static QUOTED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(string|character|bytes|unit variant|newtype variant|tuple variant|struct variant) "(?:[^"\\]|\\.)*""#)
            .expect("valid regex")
    });
    QUOTED.replace_all(msg, "a $1").into_owned()
}

/// Turns a TOML/serde error into one line that names the file, the line,
/// the key and a suggestion.
fn toml_error(file: &str, text: &str, e: &toml::de::Error, prefix: &str) -> ConfigError {
    let msg = e.message().trim().to_string();
    let line = e
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let mut message = if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (key, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let line = line.or_else(|| {
            text.lines()
                .position(|l| l.trim_start().starts_with(key))
                .map(|i| i + 1)
        });
        let at = line.map(|l| format!(" (line {l})")).unwrap_or_default();
        format!(
            "unknown key `{prefix}{key}`{at}{}",
            did_you_mean(key, expected)
        )
    } else if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (value, rest) = rest.split_once('`').unwrap_or((rest, ""));
        let expected: Vec<&str> = rest.split('`').skip(1).step_by(2).collect();
        let suggestion = did_you_mean(value, expected.iter().copied());
        let accepted = if suggestion.is_empty() && !expected.is_empty() {
            format!(
                "; use one of {}",
                expected
                    .iter()
                    .map(|e| format!("`{e}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        } else {
            suggestion
        };
        format!("{} is not an accepted value{accepted}", shown_value(value))
    } else {
        let msg = without_quoted_values(&msg);
        // serde names the expected type, not the key: name the key from
        // the line the error is on.
        let key = line
            .and_then(|l| text.lines().nth(l - 1))
            .and_then(|l| l.split_once('='))
            .map(|(k, _)| k.trim().trim_matches('"'))
            .filter(|k| !k.is_empty() && !k.starts_with('['));
        match key {
            Some(key) if msg.contains("expected a sequence") => {
                format!("`{prefix}{key}`: {msg}; write a list: `{key} = [\"...\"]`")
            }
            Some(key) => format!("`{prefix}{key}`: {msg}"),
            None => msg,
        }
    };
    if let (Some(l), false) = (line, message.contains("(line")) {
        message = format!("line {l}: {message}");
    }
    ConfigError {
        file: file.to_string(),
        message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_config_enables_default_rules() {
        let c = Config::default();
        assert!(c.is_enabled("secret/private-key"));
        assert!(!c.is_enabled("candor/unused-suppression"));
    }

    #[test]
    fn selection_follows_ruff() {
        let c = Config::from_candor_toml(
            "select = [\"secret\"]\nignore = [\"secret/private-key\"]\n",
            "candor.toml",
        )
        .unwrap();
        assert!(!c.is_enabled("secret/private-key"));
        let c = Config::from_candor_toml(
            "ignore = [\"secret\"]\nextend-select = [\"secret/private-key\"]\n",
            "c",
        )
        .unwrap();
        assert!(c.is_enabled("secret/private-key"));
    }

    #[test]
    fn unknown_key_names_file_line_and_suggestion() {
        let e = Config::from_candor_toml("ignore = []\nselct = [\"ALL\"]\n", "candor.toml")
            .unwrap_err();
        assert_eq!(e.file, "candor.toml");
        assert!(e.message.contains("unknown key `selct`"), "{}", e.message);
        assert!(e.message.contains("line 2"), "{}", e.message);
        assert!(
            e.message.contains("did you mean `select`?"),
            "{}",
            e.message
        );
    }

    #[test]
    fn unknown_key_in_pyproject_is_prefixed() {
        let text = "[project]\nname = \"x\"\n\n[tool.candor]\nmax-file-sise = 10\n";
        let e = Config::from_pyproject(text, "pyproject.toml").unwrap_err();
        assert!(
            e.message.contains("`tool.candor.max-file-sise`"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("did you mean `max-file-size`?"),
            "{}",
            e.message
        );
        assert!(
            Config::from_pyproject("[project]\nname='x'\n", "pyproject.toml")
                .unwrap()
                .is_none()
        );
    }

    #[test]
    fn bad_values_are_errors() {
        let e = Config::from_candor_toml("select = [\"secrte\"]\n", "c").unwrap_err();
        assert!(
            e.message.contains("did you mean `secret`?"),
            "{}",
            e.message
        );
        let e = Config::from_candor_toml("[severity]\n\"secret\" = \"eror\"\n", "c").unwrap_err();
        assert!(e.message.contains("did you mean `error`?"), "{}", e.message);
        let e = Config::from_candor_toml("max-file-size = \"lots\"\n", "c").unwrap_err();
        assert!(e.message.contains("max-file-size"), "{}", e.message);
        let e = Config::from_candor_toml("select = \"ALL\"\n", "c").unwrap_err();
        assert!(e.message.contains("line 1"), "{}", e.message);
    }

    #[test]
    fn sizes_and_severities() {
        let c = Config::from_candor_toml(
            "max-file-size = \"2MiB\"\n[severity]\nsecret = \"warning\"\n",
            "c",
        )
        .unwrap();
        assert_eq!(c.max_file_size, 2 * 1024 * 1024);
        let meta = rules::all_meta()
            .find(|m| m.id == "secret/private-key")
            .unwrap();
        assert_eq!(c.severity_of(meta), Severity::Warning);
    }

    #[test]
    fn excludes_and_per_file_ignores() {
        let c = Config::from_candor_toml(
            "extend-exclude = [\"fixtures\", \"docs/old\"]\n[per-file-ignores]\n\"tests/**\" = [\"secret\"]\n",
            "c",
        )
        .unwrap();
        assert!(c.is_excluded("node_modules"));
        assert!(c.is_excluded("a/fixtures/x.py"));
        assert!(c.is_excluded("docs/old/x.md"));
        assert!(!c.is_excluded("src/docs/old/x.md"));
        // A bare name is a whole path component, at any depth, file or folder.
        assert!(c.is_excluded("a/node_modules/p/index.js"));
        assert!(c.is_excluded("web/.git"));
        assert!(!c.is_excluded("a/node_modules_x/p.js"));
        assert!(!c.is_excluded("xfixtures/a.py"));
        assert!(!c.is_excluded("fixtures.py"));
        // Glob syntax in a name keeps it a glob.
        let g = Config::from_candor_toml("exclude = [\"*.min.js\", \"gen[0-9]\"]\n", "c").unwrap();
        assert!(g.is_excluded("a/b.min.js"));
        assert!(g.is_excluded("src/gen1/x.py"));
        assert!(!g.is_excluded("src/gen/x.py"));
        assert!(!g.is_excluded("node_modules/x.js"));
        assert!(c.is_ignored_for("secret/private-key", "tests/k.pem"));
        assert!(!c.is_ignored_for("secret/private-key", "src/k.pem"));
    }

    #[test]
    fn suggestions() {
        assert_eq!(closest("selct", ["select", "ignore"]), Some("select"));
        assert_eq!(closest("zzzzzz", ["select", "ignore"]), None);
    }

    #[test]
    fn score_weights_live_in_their_own_table() {
        let c = Config::from_candor_toml("[score.weights]\ntests-ci = 2\n", "candor.toml").unwrap();
        assert_eq!(c.score_weights.get("tests-ci"), Some(&2.0));
        assert!(c.warnings.is_empty());
        // The old place still works, with a deprecation warning; the new
        // table wins where both set a weight.
        let c = Config::from_candor_toml(
            "[claim.score-weights]\ncoverage = 1\ntests-ci = 9\n\n[score.weights]\ntests-ci = 3\n",
            "candor.toml",
        )
        .unwrap();
        assert_eq!(c.score_weights.get("coverage"), Some(&1.0));
        assert_eq!(c.score_weights.get("tests-ci"), Some(&3.0));
        assert_eq!(c.warnings.len(), 1);
        assert!(c.warnings[0].contains("deprecated"), "{:?}", c.warnings);
        let err =
            Config::from_candor_toml("[score.weights]\ntest-ci = 2\n", "candor.toml").unwrap_err();
        assert!(
            err.message.contains("did you mean `tests-ci`"),
            "{}",
            err.message
        );
        let err = Config::from_candor_toml("[score.weights]\ntests-ci = -1\n", "candor.toml")
            .unwrap_err();
        assert!(err.message.contains("0 or more"), "{}", err.message);
    }
}
