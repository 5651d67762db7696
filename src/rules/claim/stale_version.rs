use super::common;
use super::instructions::{Instructions, Word};
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds install commands and version badges in the documentation that
    /// pin a version of this repository's own package that is not the
    /// version its manifest declares: `pip install pkg==X` (also `pip3`,
    /// `python -m pip`, `uv pip`, `uv add`, `pipx`, `poetry add`),
    /// `npm install pkg@X` (`npm i`, `yarn add`, `pnpm add`, `bun add`),
    /// `cargo add pkg@X`, `cargo install pkg --version X` / `pkg@X`, and
    /// static shields.io badges (`img.shields.io/badge/version-1.2.0-blue`).
    /// The package is the repository's own when its name is the `name` of a
    /// package.json, pyproject.toml or Cargo.toml of the repository; the
    /// version is compared with that manifest's (`2` or `2.1` match any
    /// `2.x` / `2.1.x`). Other packages' pins, ranges (`>=`, `^` without a
    /// full version), dist-tags (`@latest`), dynamic or placeholder
    /// manifest versions (`0.0.0`, `dynamic = ["version"]`) and changelogs
    /// are not checked.
    ///
    /// ## Why is this bad?
    /// The reader installs the old release the README pins and then meets
    /// the documented features missing, or the bugs fixed since.
    ///
    /// ## Example
    /// ```markdown
    /// pip install acme-client==1.2.0
    /// ```
    /// with `version = "1.4.0"` in pyproject.toml.
    ///
    /// ## How to fix
    /// Pin the current version (or none), or automate the README's version
    /// with the release.
    pub struct StaleVersion {
        id: "claim/stale-version",
        severity: Warning,
        summary: "Install command or badge pins a version of this package that is not the manifest's",
    }
}

/// An own package: name, version, manifest.
struct Own {
    name: String,
    version: String,
    manifest: String,
    ecosystem: Ecosystem,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Ecosystem {
    Python,
    Npm,
    Cargo,
}

fn normalize(name: &str, eco: Ecosystem) -> String {
    match eco {
        Ecosystem::Python => name.to_ascii_lowercase().replace(['_', '.'], "-"),
        _ => name.to_string(),
    }
}

fn placeholder_version(v: &str) -> bool {
    let v = v.trim_start_matches('v');
    v.is_empty() || v.starts_with("0.0.0") || v.contains("dev") || v.contains("placeholder") || v.contains('{')
}

fn owns(ins: &Instructions) -> Vec<Own> {
    let p = &ins.project;
    let mut out = Vec::new();
    for n in &p.npm {
        if let (Some(name), Some(v)) = (&n.name, &n.version) {
            out.push(Own {
                name: name.clone(),
                version: v.clone(),
                manifest: super::project::join(&n.dir, "package.json").unwrap_or_default(),
                ecosystem: Ecosystem::Npm,
            });
        }
    }
    for py in &p.python {
        if let (Some(name), Some(v), false) = (&py.name, &py.version, py.dynamic_version) {
            out.push(Own {
                name: name.clone(),
                version: v.clone(),
                manifest: py.manifest.clone(),
                ecosystem: Ecosystem::Python,
            });
        }
    }
    for c in &p.crates {
        if let (Some(name), Some(v)) = (&c.name, &c.version) {
            out.push(Own {
                name: name.clone(),
                version: v.clone(),
                manifest: super::project::join(&c.dir, "Cargo.toml").unwrap_or_default(),
                ecosystem: Ecosystem::Cargo,
            });
        }
    }
    out.retain(|o| !placeholder_version(&o.version));
    out
}

/// Whether a pinned version names the manifest's: equal, or a prefix of
/// whole components (`2`, `2.1` for `2.1.3`).
fn matches(pin: &str, version: &str) -> bool {
    let pin = pin.trim_start_matches(['v', '=']);
    let version = version.trim_start_matches('v');
    pin == version || version.starts_with(&format!("{pin}."))
}

/// A full numeric version (`1.2.0`, `2.0.0rc1`); ranges and tags are not.
fn is_pin(v: &str) -> bool {
    let v = v.trim_start_matches('v');
    v.starts_with(|c: char| c.is_ascii_digit())
        && v.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-' || c == '+')
}

impl Rule for StaleVersion {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let ins = repo.memo.instructions(repo);
        let own = owns(ins);
        if own.is_empty() {
            return;
        }
        let find = |name: &str, eco: Ecosystem| {
            own.iter()
                .find(|o| o.ecosystem == eco && normalize(&o.name, eco) == normalize(name, eco))
        };
        let mut report = |file: usize, range: std::ops::Range<usize>, o: &Own, pin: &str, what: &str| {
            let msg = format!(
                "{what} pins {} {pin}, but {} declares version {}",
                o.name, o.manifest, o.version
            );
            out.push(
                common::finding(repo, &Self::META, file, range, msg)
                    .with_fix("pin the manifest's version, or none"),
            );
        };
        for c in &ins.commands {
            for (w, name, pin, eco) in pins(&c.words) {
                if let Some(o) = find(&name, eco)
                    && is_pin(&pin)
                    && !matches(&pin, &o.version)
                {
                    report(c.file, w.range.clone(), o, &pin, "install command");
                }
            }
        }
        for doc in ins.docs.iter().filter(|d| !d.history) {
            let dir = super::project::parent(&repo.files[doc.file].rel);
            let here: Vec<&Own> = own
                .iter()
                .filter(|o| super::project::parent(&o.manifest) == dir)
                .collect();
            for l in doc.elements.links.iter().filter(|l| l.image) {
                let Some(rest) = l.target.split("img.shields.io/badge/").nth(1) else {
                    continue;
                };
                let rest = rest.split('?').next().unwrap_or(rest);
                // `label-message-color`, `--` escaping a dash.
                let parts: Vec<String> = rest
                    .replace("--", "\u{0}")
                    .split('-')
                    .map(|s| s.replace('\u{0}', "-").replace("%20", " ").replace('_', " "))
                    .collect();
                if parts.len() < 3 {
                    continue;
                }
                let label = parts[0].to_ascii_lowercase();
                let message = parts[1].trim().trim_start_matches('v');
                // The package the label names, or the one of the
                // document's folder for a generic label.
                let generic = matches!(
                    label.as_str(),
                    "version" | "release" | "latest" | "pypi" | "npm" | "crates.io" | "crate"
                );
                let o = own
                    .iter()
                    .find(|o| label == o.name.to_ascii_lowercase())
                    .or_else(|| (generic && here.len() == 1).then(|| here[0]))
                    .or_else(|| (generic && own.len() == 1).then(|| &own[0]));
                if let Some(o) = o
                    && is_pin(message)
                    && message.contains('.')
                    && !matches(message, &o.version)
                {
                    report(doc.file, l.range.clone(), o, message, "version badge");
                }
            }
        }
    }
}

/// The packages an install command pins: (word, name, version,
/// ecosystem).
fn pins(words: &[Word]) -> Vec<(&Word, String, String, Ecosystem)> {
    let w = |i: usize| words.get(i).map_or("", |w| w.text.as_str());
    let program = w(0).rsplit('/').next().unwrap_or("");
    // Where the package operands start, and the ecosystem.
    let (start, eco) = match (program, w(1), w(2)) {
        ("pip" | "pip3" | "pipx", "install", _) => (2, Ecosystem::Python),
        (p, "-m", "pip") if p.starts_with("python") && w(3) == "install" => (4, Ecosystem::Python),
        ("uv", "pip", "install") => (3, Ecosystem::Python),
        ("uv" | "poetry" | "pdm" | "rye", "add", _) => (2, Ecosystem::Python),
        ("npm" | "pnpm" | "bun", "install" | "i" | "add", _) => (2, Ecosystem::Npm),
        ("yarn", "add", _) => (2, Ecosystem::Npm),
        ("cargo", "add" | "install", _) => (2, Ecosystem::Cargo),
        _ => return Vec::new(),
    };
    let mut out = Vec::new();
    let mut i = start;
    while i < words.len() {
        let word = &words[i];
        let t = word.text.as_str();
        if t == "--version" && eco == Ecosystem::Cargo {
            // `cargo install NAME --version X`
            if let (Some(v), Some(name)) = (words.get(i + 1), words[start..i].iter().rev().find(|w| !w.text.starts_with('-'))) {
                out.push((v, name.text.clone(), v.text.trim_start_matches(['=', '^']).to_string(), eco));
            }
            i += 2;
            continue;
        }
        if t.starts_with('-') {
            i += 1;
            continue;
        }
        let split = match eco {
            Ecosystem::Python => t.split_once("==").or_else(|| t.split_once('@').filter(|(_, v)| !v.contains('/'))),
            // `@scope/name@1.2.3`: the version is after the last `@`.
            Ecosystem::Npm => t.rfind('@').filter(|&at| at > 0).map(|at| (&t[..at], &t[at + 1..])),
            Ecosystem::Cargo => t.split_once('@'),
        };
        if let Some((name, v)) = split {
            let name = name.split('[').next().unwrap_or(name);
            out.push((word, name.to_string(), v.trim_start_matches('=').to_string(), eco));
        }
        i += 1;
    }
    out
}
