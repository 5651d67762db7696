//! Coverage thresholds and task definitions read from parsed
//! configuration: `fail_under` in coverage.py's sections, pytest `addopts`,
//! jest/c8/nyc settings in package.json, codecov targets, tarpaulin; and
//! the scripts, Makefile/justfile targets and tox commands a CI step may
//! run by name.

use serde_json::Value;

use super::shell::{self, Command};

/// What one configuration file defines.
#[derive(Debug, Default, Clone)]
pub struct ConfigEvidence {
    /// (line, value, setting) of every coverage threshold, 0 included.
    pub thresholds: Vec<(usize, f64, String)>,
    /// (line, setting) where coverage measurement is configured.
    pub measured: Option<(usize, String)>,
    /// pytest options that measure coverage on every run (`--cov` in
    /// `addopts`), with the line.
    pub pytest_cov: Option<usize>,
    /// package.json `scripts`: name -> commands.
    pub scripts: Vec<(String, Vec<Command>)>,
    /// Makefile/justfile targets: name -> recipe commands. The first is the
    /// default target.
    pub targets: Vec<(String, Vec<Command>)>,
    /// tox `commands` of every environment.
    pub tox_commands: Vec<Command>,
}

impl ConfigEvidence {
    /// Nothing defined (every field named: a new one must be added here).
    pub fn is_empty(&self) -> bool {
        let Self {
            thresholds,
            measured,
            pytest_cov,
            scripts,
            targets,
            tox_commands,
        } = self;
        thresholds.is_empty()
            && measured.is_none()
            && pytest_cov.is_none()
            && scripts.is_empty()
            && targets.is_empty()
            && tox_commands.is_empty()
    }
}

fn line_of(text: &str, needle: &str) -> usize {
    super::ci::line_of(text, needle, 0).0
}

/// The line that sets `key` (`key = `, `key:`, `"key":`), not one that
/// mentions it in a comment; 1 when none does.
fn key_line(text: &str, key: &str) -> usize {
    text.lines()
        .position(|l| {
            let t = l.trim_start().trim_start_matches('"');
            t.strip_prefix(key).is_some_and(|rest| {
                let rest = rest.trim_start_matches('"').trim_start();
                rest.starts_with('=') || rest.starts_with(':')
            })
        })
        .map_or(1, |i| i + 1)
}

/// A number or a `"80%"` string.
fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().trim_end_matches('%').trim().parse().ok(),
        _ => None,
    }
}

/// `--cov-fail-under=80`, `--cov-fail-under 80`, `--fail-under=80`,
/// `--fail-under-lines 80`: the threshold an option list sets.
pub fn cli_threshold(words: &[String]) -> Option<(f64, String)> {
    for (i, w) in words.iter().enumerate() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (w.as_str(), None),
        };
        let is_flag = matches!(
            flag,
            "--cov-fail-under" | "--fail-under" | "--check-coverage"
        ) || flag.starts_with("--fail-under-")
            || flag.starts_with("--coverage.thresholds.");
        if !is_flag {
            continue;
        }
        let v = inline
            .map(str::to_string)
            .or_else(|| words.get(i + 1).cloned())?;
        if let Ok(n) = v.trim_end_matches('%').parse::<f64>() {
            return Some((n, flag.to_string()));
        }
    }
    None
}

/// Whether a command measures coverage: `pytest --cov`, `coverage run`,
/// `jest --coverage`, `c8`, `nyc`, `cargo llvm-cov`, `cargo tarpaulin`,
/// `go test -cover`.
pub fn measures_coverage(c: &Command) -> bool {
    let has = |p: &str| {
        c.words
            .iter()
            .any(|w| w == p || w.starts_with(&format!("{p}=")))
    };
    match c.program() {
        "pytest" | "py.test" => c.words.iter().any(|w| w.starts_with("--cov")),
        "coverage" => matches!(c.arg(1), "run" | "report" | "xml" | "json" | "lcov"),
        "jest" | "vitest" => {
            has("--coverage") || c.words.iter().any(|w| w.starts_with("--coverage."))
        }
        "c8" | "nyc" => true,
        "cargo" => matches!(c.arg(1), "llvm-cov" | "tarpaulin"),
        "go" => c.arg(1) == "test" && c.words.iter().any(|w| w.starts_with("-cover")),
        _ => false,
    }
}

fn addopts_words(v: &Value) -> Vec<String> {
    match v {
        Value::String(s) => shell::commands(&format!("x {s}"))
            .into_iter()
            .flat_map(|c| c.words)
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect(),
        _ => Vec::new(),
    }
}

/// Reads a configuration file by name; `Err` when it does not parse.
pub fn collect(name: &str, text: &str) -> Result<ConfigEvidence, String> {
    let mut out = ConfigEvidence::default();
    match name {
        "pyproject.toml" => {
            let v: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
            let v = serde_json::to_value(v).unwrap_or(Value::Null);
            let tool = &v["tool"];
            if tool.get("coverage").is_some() {
                out.measured = Some((line_of(text, "[tool.coverage"), "[tool.coverage]".into()));
            }
            if let Some(n) = number(&tool["coverage"]["report"]["fail_under"]) {
                out.thresholds
                    .push((key_line(text, "fail_under"), n, "fail_under".into()));
            }
            pytest_addopts(&tool["pytest"]["ini_options"]["addopts"], text, &mut out);
        }
        "setup.cfg" | "tox.ini" | ".coveragerc" | "pytest.ini" => {
            for (section, key, value, line) in ini(text) {
                let coverage_report =
                    section == "coverage:report" || (name == ".coveragerc" && section == "report");
                if section.starts_with("coverage:") || name == ".coveragerc" {
                    out.measured.get_or_insert((line, format!("[{section}]")));
                }
                if coverage_report
                    && key == "fail_under"
                    && let Ok(n) = value.trim().parse::<f64>()
                {
                    out.thresholds.push((line, n, "fail_under".into()));
                }
                if matches!(section.as_str(), "tool:pytest" | "pytest") && key == "addopts" {
                    pytest_addopts(&Value::String(value.clone()), text, &mut out);
                }
                if name == "tox.ini" && section.starts_with("testenv") && key == "commands" {
                    for mut c in shell::commands(&value) {
                        c.line += line - 1;
                        out.tox_commands.push(c);
                    }
                }
            }
        }
        "package.json" => {
            let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            if let Some(Value::Object(scripts)) = v.get("scripts") {
                for (k, cmd) in scripts {
                    if let Some(cmd) = cmd.as_str() {
                        let line = line_of(text, &format!("\"{k}\""));
                        let mut cs = shell::commands(cmd);
                        cs.iter_mut().for_each(|c| c.line = line);
                        out.scripts.push((k.clone(), cs));
                    }
                }
            }
            if let Some(t) = v.get("jest").and_then(|j| j.get("coverageThreshold")) {
                let line = key_line(text, "coverageThreshold");
                out.measured = Some((line, "jest coverageThreshold".into()));
                let max = all_numbers(t).into_iter().reduce(f64::max).unwrap_or(0.0);
                out.thresholds
                    .push((line, max, "jest coverageThreshold".into()));
            }
            for tool in ["c8", "nyc"] {
                if let Some(cfg) = v.get(tool) {
                    js_coverage_rc(cfg, text, tool, &mut out);
                }
            }
        }
        ".nycrc" | ".nycrc.json" | ".c8rc" | ".c8rc.json" => {
            let v: Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
            js_coverage_rc(&v, text, name, &mut out);
        }
        "codecov.yml" | ".codecov.yml" | "codecov.yaml" => {
            let v: Value = serde_saphyr::from_str(text).map_err(|e| e.to_string())?;
            out.measured = Some((1, "codecov".into()));
            if let Some(Value::Object(project)) = v.pointer("/coverage/status/project") {
                for flag in project.values() {
                    if let Some(n) = flag.get("target").and_then(number) {
                        out.thresholds
                            .push((key_line(text, "target"), n, "codecov target".into()));
                    }
                }
            }
        }
        "tarpaulin.toml" | ".tarpaulin.toml" => {
            let v: toml::Value = toml::from_str(text).map_err(|e| e.to_string())?;
            let v = serde_json::to_value(v).unwrap_or(Value::Null);
            out.measured = Some((1, "tarpaulin".into()));
            if let Value::Object(m) = v {
                for cfg in m.values() {
                    if let Some(n) = cfg
                        .get("fail-under")
                        .or(cfg.get("fail_under"))
                        .and_then(number)
                    {
                        out.thresholds.push((
                            key_line(text, "fail-under").max(key_line(text, "fail_under")),
                            n,
                            "tarpaulin fail-under".into(),
                        ));
                    }
                }
            }
        }
        "Makefile" | "makefile" | "GNUmakefile" | "justfile" | "Justfile" => {
            out.targets = make_targets(text);
        }
        _ => {}
    }
    Ok(out)
}

fn all_numbers(v: &Value) -> Vec<f64> {
    match v {
        Value::Number(n) => n.as_f64().into_iter().collect(),
        Value::Object(m) => m.values().flat_map(all_numbers).collect(),
        _ => Vec::new(),
    }
}

fn js_coverage_rc(cfg: &Value, text: &str, tool: &str, out: &mut ConfigEvidence) {
    out.measured.get_or_insert((1, tool.to_string()));
    if cfg.get("check-coverage") == Some(&Value::Bool(true))
        || cfg.get("checkCoverage") == Some(&Value::Bool(true))
    {
        let max = ["lines", "statements", "branches", "functions"]
            .iter()
            .filter_map(|k| cfg.get(*k).and_then(number))
            .reduce(f64::max)
            .unwrap_or(0.0);
        out.thresholds.push((
            key_line(text, "check-coverage").max(key_line(text, "checkCoverage")),
            max,
            format!("{tool} check-coverage"),
        ));
    }
}

fn pytest_addopts(v: &Value, text: &str, out: &mut ConfigEvidence) {
    let words = addopts_words(v);
    if words.is_empty() {
        return;
    }
    let line = key_line(text, "addopts");
    if words
        .iter()
        .any(|w| w.starts_with("--cov") && !w.starts_with("--cov-fail-under"))
    {
        out.pytest_cov = Some(line);
        out.measured
            .get_or_insert((line, "pytest addopts --cov".into()));
    }
    if let Some((n, flag)) = cli_threshold(&words) {
        out.thresholds.push((line, n, format!("addopts {flag}")));
    }
}

/// `(section, key, value, line)` of an INI file; continuation lines
/// (indented) join their key's value with newlines.
fn ini(text: &str) -> Vec<(String, String, String, usize)> {
    let mut out: Vec<(String, String, String, usize)> = Vec::new();
    let mut section = String::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim_end();
        let t = line.trim_start();
        if t.is_empty() || t.starts_with('#') || t.starts_with(';') {
            continue;
        }
        if t.starts_with('[') && t.ends_with(']') {
            section = t[1..t.len() - 1].trim().to_string();
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if let Some(last) = out.last_mut() {
                last.2.push('\n');
                last.2.push_str(t);
            }
            continue;
        }
        if let Some((k, v)) = t.split_once(['=', ':']) {
            out.push((
                section.clone(),
                k.trim().to_string(),
                v.trim().to_string(),
                i + 1,
            ));
        }
    }
    out
}

/// `$(NAME)` and `${NAME}` in a recipe replaced by the variable's value, in
/// one pass over the recipe (a big generated Makefile has hundreds of
/// variables and thousands of recipe lines); values are expanded in turn a
/// few levels deep, as make expands recursively. Unknown names stay.
fn expand_make_vars(recipe: &str, vars: &rustc_hash::FxHashMap<&str, &str>) -> String {
    let mut text = recipe.to_string();
    for _ in 0..4 {
        if !text.contains("$(") && !text.contains("${") {
            break;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        let mut changed = false;
        while let Some(at) = rest.find('$') {
            out.push_str(&rest[..at]);
            let after = &rest[at + 1..];
            let close = match after.as_bytes().first() {
                Some(b'(') => Some(')'),
                Some(b'{') => Some('}'),
                _ => None,
            };
            let value = close.and_then(|close| {
                let end = after.find(close)?;
                let name = &after[1..end];
                vars.get(name).map(|v| (*v, end + 1))
            });
            match value {
                Some((v, len)) => {
                    out.push_str(v);
                    rest = &after[len..];
                    changed = true;
                }
                None => {
                    out.push('$');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        text = out;
        if !changed {
            break;
        }
    }
    text
}

/// Targets of a Makefile or justfile and their recipe commands (`@`, `-`,
/// `+` prefixes dropped).
fn make_targets(text: &str) -> Vec<(String, Vec<Command>)> {
    let mut out: Vec<(String, Vec<Command>)> = Vec::new();
    // `PY ?= python`: recipes say `$(PY) -m pytest`.
    // The first definition of a name wins.
    let mut vars: rustc_hash::FxHashMap<&str, &str> = rustc_hash::FxHashMap::default();
    for line in text.lines().filter(|l| !l.starts_with(['\t', ' '])) {
        for op in ["?=", "::=", ":=", "+=", "="] {
            if let Some((k, v)) = line.split_once(op)
                && !k.trim().is_empty()
                && k.trim().chars().all(|c| c.is_alphanumeric() || c == '_')
            {
                vars.entry(k.trim()).or_insert(v.trim());
                break;
            }
        }
    }
    for (i, line) in text.lines().enumerate() {
        if line.starts_with(['\t', ' ']) {
            let Some((_, recipe)) = out.last_mut() else {
                continue;
            };
            let body = expand_make_vars(line.trim().trim_start_matches(['@', '-', '+']), &vars);
            for mut c in shell::commands(&body) {
                c.line = i + 1;
                // `$(MAKE) x` runs make.
                if c.program() == "$(MAKE)" || c.program() == "${MAKE}" {
                    c.words[0] = "make".into();
                }
                recipe.push(c);
            }
            continue;
        }
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || t.starts_with('.') {
            continue;
        }
        if let Some((names, _)) = t.split_once(':')
            && !t[names.len()..].starts_with(":=")
            && !names.contains('=')
        {
            for n in names.split_whitespace() {
                out.push((n.to_string(), Vec::new()));
            }
        } else {
            // A variable or directive ends the previous rule.
            out.push((String::new(), Vec::new()));
        }
    }
    out.retain(|(n, _)| !n.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_are_numbers_from_their_settings() {
        let c = collect("pyproject.toml", "[tool.coverage.report]\nfail_under = 0\n").unwrap();
        assert_eq!(c.thresholds, [(2, 0.0, "fail_under".to_string())]);
        let c = collect(
            "pyproject.toml",
            "[tool.coverage.report]\n# fail_under = 99\nfail_under = 80\n",
        )
        .unwrap();
        assert_eq!(c.thresholds, [(3, 80.0, "fail_under".to_string())]);
        let c = collect(
            "setup.cfg",
            "[coverage:report]\n# fail_under = 99\nfail_under = 85\n",
        )
        .unwrap();
        assert_eq!(c.thresholds[0].1, 85.0);
        let c = collect(
            "package.json",
            r#"{"jest": {"coverageThreshold": {"global": {"lines": 80, "branches": 70}}}}"#,
        )
        .unwrap();
        assert_eq!(c.thresholds[0].1, 80.0);
        let c = collect(
            "codecov.yml",
            "coverage:\n  status:\n    project:\n      default:\n        target: 75%\n",
        )
        .unwrap();
        assert_eq!(c.thresholds[0].1, 75.0);
        assert!(collect("pyproject.toml", "[tool.coverage\n").is_err());
        assert_eq!(
            cli_threshold(&["pytest".into(), "--cov-fail-under".into(), "90".into()]).map(|t| t.0),
            Some(90.0)
        );
    }

    #[test]
    fn make_variables_expand_in_recipes() {
        let vars: rustc_hash::FxHashMap<&str, &str> =
            [("PY", "$(BIN)/python"), ("BIN", "venv/bin"), ("X", "${PY}")]
                .into_iter()
                .collect();
        assert_eq!(
            expand_make_vars("$(PY) -m pytest", &vars),
            "venv/bin/python -m pytest"
        );
        assert_eq!(
            expand_make_vars("${X} $(NOPE) $$HOME $", &vars),
            "venv/bin/python $(NOPE) $$HOME $"
        );
        assert_eq!(expand_make_vars("$(MAKE) test", &vars), "$(MAKE) test");
        // A variable that names itself stops after a few rounds.
        let own: rustc_hash::FxHashMap<&str, &str> = [("A", "x$(A)")].into_iter().collect();
        assert_eq!(expand_make_vars("$(A)", &own), "xxxx$(A)");
    }

    #[test]
    fn make_targets_and_scripts() {
        let t = make_targets(
            "PY ?= python3\ntest: deps\n\t@$(PY) -m pytest -q\nlint:\n\truff check .\n",
        );
        assert_eq!(t[0].0, "test");
        assert_eq!(t[0].1[0].words, ["pytest", "-q"]);
        let c = collect(
            "package.json",
            r#"{"scripts": {"test": "echo \"Error: no test specified\" && exit 1"}}"#,
        )
        .unwrap();
        assert!(c.scripts[0].1.iter().all(Command::is_noop));
    }
}
