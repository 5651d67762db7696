//! candor compiled to WebAssembly.
//!
//! The same library the native CLI uses (without its `native` feature), so
//! a report from node or a browser is the native report, byte for byte. The
//! caller does the I/O: the node CLI (`wasm/npm/bin/candor.js`) walks and
//! reads files, the playground holds them in text areas.
//!
//! Exports: [`scan`] (files + config text → report JSON), [`rules`],
//! [`badge`], [`render_text`], and for callers that want more control the
//! [`Scanner`] / [`ScanResult`] pair and the [`IgnoreFile`] matcher.

use std::path::Path;

use candor::finding::Diagnostic;
use candor::report::text::{self, Style};
use candor::workspace::InputFile;
use candor::{Config, Report, ScanOptions, Severity, Workspace};
use wasm_bindgen::prelude::*;

fn js_error(message: impl std::fmt::Display) -> JsError {
    JsError::new(&message.to_string())
}

/// Parses a configuration file's text exactly as the native CLI does.
/// `file` is the name shown in errors and decides the format
/// (`pyproject.toml` or `candor.toml`). `Ok(None)`: a `pyproject.toml`
/// without `[tool.candor]`.
///
/// The last result is kept: the node CLI asks [`config_applies`] while it
/// looks for the configuration, then builds its [`Scanner`] from the same
/// text, and resolving a configuration (its globs, tier rules) is a large
/// part of a small scan's start-up in WebAssembly.
fn parse_config(text: &str, file: &str) -> Result<Option<Config>, JsError> {
    type Parsed = (String, String, Option<Config>);
    thread_local! {
        static LAST: std::cell::RefCell<Option<Parsed>> = const { std::cell::RefCell::new(None) };
    }
    if let Some(config) = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(t, f, _)| t == text && f == file)
            .map(|(_, _, c)| c.clone())
    }) {
        return Ok(config);
    }
    let config = Config::from_file_text(text, file).map_err(js_error)?;
    LAST.set(Some((text.to_string(), file.to_string(), config.clone())));
    Ok(config)
}

/// Whether a configuration file applies: `true` for a valid `candor.toml`
/// or a `pyproject.toml` with `[tool.candor]`, `false` for a `pyproject.toml`
/// without it; throws the native error message when it is invalid.
#[wasm_bindgen(js_name = configApplies)]
pub fn config_applies(text: &str, file: &str) -> Result<bool, JsError> {
    Ok(parse_config(text, file)?.is_some())
}

/// The file name a configuration text is parsed as when the caller gives
/// none: `pyproject.toml` when it has a `[tool.candor]` table.
fn default_config_name(text: &str) -> &'static str {
    if text.contains("[tool.candor") {
        "pyproject.toml"
    } else {
        "candor.toml"
    }
}

fn parse_severity(s: &str) -> Result<Severity, JsError> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| js_error(format!("unknown severity `{s}` (error, warning, info)")))
}

/// A scan being assembled: configuration first, then files, then
/// [`Scanner::finish`].
#[wasm_bindgen]
pub struct Scanner {
    config: Config,
    inputs: Vec<InputFile>,
    diagnostics: Vec<Diagnostic>,
    options: ScanOptions,
}

#[wasm_bindgen]
impl Scanner {
    /// `config_text`: a `candor.toml` / `pyproject.toml` text, or nothing for
    /// the defaults. `config_file`: its name for errors (and format).
    #[wasm_bindgen(constructor)]
    pub fn new(
        config_text: Option<String>,
        config_file: Option<String>,
    ) -> Result<Scanner, JsError> {
        let config = match config_text {
            Some(text) => {
                let file = config_file.unwrap_or_else(|| default_config_name(&text).into());
                parse_config(&text, &file)?.unwrap_or_default()
            }
            None => Config::default(),
        };
        Ok(Scanner {
            config,
            inputs: Vec::new(),
            diagnostics: Vec::new(),
            options: ScanOptions::default(),
        })
    }

    /// `--select` / `--extend-select` / `--ignore` (comma-separated lists,
    /// empty = not given) and `--report-unused-suppressions`, applied like
    /// the native CLI does.
    #[wasm_bindgen(js_name = overrideSelection)]
    pub fn override_selection(
        &mut self,
        select: Option<String>,
        extend_select: &str,
        ignore: &str,
        report_unused_suppressions: bool,
    ) -> Result<(), JsError> {
        let split = |s: &str| -> Vec<String> {
            s.split(',')
                .filter(|x| !x.is_empty())
                .map(str::to_string)
                .collect()
        };
        let select = select.map(|s| split(&s));
        let mut extend = split(extend_select);
        let ignore = split(ignore);
        self.options.report_unused_suppressions = report_unused_suppressions;
        if report_unused_suppressions {
            extend.push("candor/unused-suppression".into());
        }
        if select.is_some() || !extend.is_empty() || !ignore.is_empty() {
            self.config
                .override_selection(select.as_deref(), &extend, &ignore)
                .map_err(js_error)?;
        }
        Ok(())
    }

    /// The configured `max-file-size` in bytes (the walker skips bigger
    /// files without reading them).
    #[wasm_bindgen(js_name = maxFileSize)]
    pub fn max_file_size(&self) -> f64 {
        self.config.max_file_size as f64
    }

    /// Whether a path relative to the project root is excluded (walkers
    /// prune folders with it).
    #[wasm_bindgen(js_name = isExcluded)]
    pub fn is_excluded(&self, rel: &str) -> bool {
        self.config.is_excluded(rel)
    }

    /// Adds a file: `path` as users see it, `rel` relative to the project
    /// root, raw bytes (binary files are skipped, invalid UTF-8 decoded
    /// lossily, as natively).
    #[wasm_bindgen(js_name = addBytes)]
    pub fn add_bytes(&mut self, path: String, rel: String, bytes: Vec<u8>) {
        self.inputs.push(InputFile { path, rel, bytes });
    }

    /// Adds a file from text.
    #[wasm_bindgen(js_name = addText)]
    pub fn add_text(&mut self, path: String, rel: String, text: String) {
        self.inputs.push(InputFile {
            path,
            rel,
            bytes: text.into_bytes(),
        });
    }

    /// A problem met while walking (unreadable file, symlink loop…).
    #[wasm_bindgen(js_name = addDiagnostic)]
    pub fn add_diagnostic(&mut self, path: String, message: String) {
        self.diagnostics.push(Diagnostic::new(path, message));
    }

    /// Runs the scan.
    pub fn finish(self) -> ScanResult {
        let Scanner {
            config,
            inputs,
            mut diagnostics,
            options,
        } = self;
        let mut ws = Workspace::new(inputs, &config.file_rules());
        diagnostics.sort();
        diagnostics.dedup();
        for d in diagnostics {
            ws.push_diagnostic(d);
        }
        let report = candor::scan(&ws, &config, &options);
        ScanResult { report, config }
    }
}

/// A finished scan and its configuration.
#[wasm_bindgen]
pub struct ScanResult {
    report: Report,
    config: Config,
}

#[wasm_bindgen]
impl ScanResult {
    /// The JSON report (what `candor check --format json` prints).
    pub fn json(&self) -> String {
        self.report.to_json()
    }

    /// The text report (what `candor check` prints on stdout).
    pub fn text(&self, color: bool, quiet: bool) -> String {
        text::render(&self.report, Style { color }, quiet)
    }

    /// `--statistics` output.
    pub fn statistics(&self) -> String {
        text::statistics(&self.report)
    }

    /// Diagnostics, for stderr.
    pub fn diagnostics(&self, color: bool) -> String {
        text::diagnostics(&self.report, Style { color })
    }

    /// Whether the scan fails: a finding at or above `fail_on` (`error`,
    /// `warning`, `info`), else the configured `fail-on`, else `warning`.
    pub fn fails(&self, fail_on: Option<String>) -> Result<bool, JsError> {
        let threshold = match fail_on {
            Some(s) => parse_severity(&s)?,
            None => self.config.fail_on.unwrap_or(Severity::Warning),
        };
        Ok(self.report.fails(threshold))
    }

    /// The readiness badge (SVG) for this scan.
    pub fn badge(&self) -> String {
        candor::report::badge::svg(self.report.scorecard.as_ref())
    }

    /// The number of findings.
    #[wasm_bindgen(getter)]
    pub fn findings(&self) -> usize {
        self.report.findings.len()
    }
}

fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsError> {
    js_sys::Reflect::get(obj, &JsValue::from_str(key))
        .map_err(|_| js_error(format!("cannot read `{key}`")))
}

fn build(
    files: &JsValue,
    config: Option<String>,
    config_file: Option<String>,
) -> Result<ScanResult, JsError> {
    let mut scanner = Scanner::new(config, config_file)?;
    let array: &js_sys::Array = files
        .dyn_ref()
        .ok_or_else(|| js_error("files: expected an array of {path, content}"))?;
    for item in array.iter() {
        let path = get(&item, "path")?
            .as_string()
            .ok_or_else(|| js_error("files: every item needs a string `path`"))?;
        let rel = get(&item, "rel")?
            .as_string()
            .unwrap_or_else(|| path.clone());
        let content = get(&item, "content")?;
        if let Some(text) = content.as_string() {
            scanner.add_text(path, rel, text);
        } else if let Some(bytes) = content.dyn_ref::<js_sys::Uint8Array>() {
            scanner.add_bytes(path, rel, bytes.to_vec());
        } else {
            return Err(js_error(format!(
                "files: `{path}` needs a `content` string or Uint8Array"
            )));
        }
    }
    Ok(scanner.finish())
}

/// Scans `files` (an array of `{path, content}`; `content` a string or a
/// `Uint8Array`; optional `rel`, the path relative to the project root)
/// with `config` (the text of a `candor.toml`, or of a `pyproject.toml` with
/// `[tool.candor]`, or nothing for the defaults; `config_file` optionally
/// names it, for errors and the format). Returns the JSON report, the same
/// bytes `candor check --format json` prints. Throws on an invalid
/// configuration.
#[wasm_bindgen]
pub fn scan(
    files: JsValue,
    config: Option<String>,
    config_file: Option<String>,
) -> Result<String, JsError> {
    Ok(build(&files, config, config_file)?.json())
}

/// Like [`scan`], but the text report `candor check` prints (no colour).
#[wasm_bindgen(js_name = renderText)]
pub fn render_text(
    files: JsValue,
    config: Option<String>,
    config_file: Option<String>,
) -> Result<String, JsError> {
    Ok(build(&files, config, config_file)?.text(false, false))
}

/// Every rule as JSON, the same as `candor rules --format json`.
#[wasm_bindgen]
pub fn rules() -> String {
    candor::rules::catalog_json()
}

/// A rule's documentation page (`candor rule ID`), or nothing.
#[wasm_bindgen(js_name = rulePage)]
pub fn rule_page(id: &str) -> Option<String> {
    candor::rules::find(id).map(|m| m.page())
}

/// The badge SVG for a JSON report (from [`scan`]): its `scorecard.score`,
/// or "unknown" when the report has no scorecard.
#[wasm_bindgen]
pub fn badge(report: &str) -> Result<String, JsError> {
    let value: serde_json::Value = serde_json::from_str(report).map_err(js_error)?;
    let card = value
        .get("scorecard")
        .and_then(|c| c.get("score"))
        .and_then(serde_json::Value::as_f64)
        .map(|score| candor::score::Scorecard {
            score,
            criteria: Vec::new(),
        });
    Ok(candor::report::badge::svg(card.as_ref()))
}

/// The library version (`tool.version` in reports).
#[wasm_bindgen]
pub fn version() -> String {
    candor::VERSION.to_string()
}

/// One ignore file (`.gitignore`, `.ignore`, `.candorignore`, a git
/// `info/exclude`) of folder `dir`, matched with the same code the native
/// walker uses (the `ignore` crate). Paths are absolute, `/`-separated.
#[wasm_bindgen]
pub struct IgnoreFile {
    matcher: ignore::gitignore::Gitignore,
}

#[wasm_bindgen]
impl IgnoreFile {
    #[wasm_bindgen(constructor)]
    pub fn new(dir: &str, text: &str) -> IgnoreFile {
        let mut builder = ignore::gitignore::GitignoreBuilder::new(dir);
        for line in text.lines() {
            // A bad glob line is skipped, as the native walker does.
            let _ = builder.add_line(None, line);
        }
        let matcher = builder
            .build()
            .unwrap_or_else(|_| ignore::gitignore::Gitignore::empty());
        IgnoreFile { matcher }
    }

    /// 1 = ignored, -1 = whitelisted (`!pattern`), 0 = no opinion.
    pub fn matched(&self, path: &str, is_dir: bool) -> i32 {
        match self.matcher.matched(Path::new(path), is_dir) {
            ignore::Match::None => 0,
            ignore::Match::Ignore(_) => 1,
            ignore::Match::Whitelist(_) => -1,
        }
    }

    /// Whether the file has no patterns.
    #[wasm_bindgen(js_name = isEmpty)]
    pub fn is_empty(&self) -> bool {
        self.matcher.is_empty()
    }
}

/// Runs the shared language front-end (Python, TypeScript/JavaScript or
/// Rust, by the file name) on `text`, whether or not any rule would, and
/// returns `"parsed"`, the syntax-error diagnostic, or `"no parser"`. For
/// the deep-nesting tests: the parsers recurse, and a wasm stack overflow
/// traps instead of failing politely.
#[wasm_bindgen(js_name = parseProbe)]
pub fn parse_probe(path: &str, text: &str) -> String {
    let config = Config::default();
    let file = candor::SourceFile::new(path.into(), path.into(), text.into(), &config.tiers);
    let arena = candor::lang::typescript::Allocator::default();
    let ctx = candor::lang::parsed::ParsedFile::new(&file, &arena);
    let ok = match file.language {
        candor::Language::Python => ctx.python().is_some(),
        candor::Language::TypeScript => ctx.typescript().is_some(),
        candor::Language::Rust => ctx.rust().is_some(),
        _ => return "no parser".into(),
    };
    if ok {
        "parsed".into()
    } else {
        ctx.into_diagnostics()
            .into_iter()
            .map(|d| d.message)
            .collect::<Vec<_>>()
            .join("\n")
    }
}
