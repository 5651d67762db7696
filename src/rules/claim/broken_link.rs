use super::common;
use super::instructions::Instructions;
use super::project;
use crate::finding::Finding;
use crate::lang::doc_elements;
use crate::rules::{RepoContext, Rule};
use crate::text::did_you_mean;
use crate::workspace::Language;

crate::declare_rule! {
    /// ## What it does
    /// Checks the relative links and images of Markdown and reST documents
    /// (`[guide](docs/guide.md)`, `![logo](img/logo.png)`,
    /// `` `guide <docs/guide.rst>`_ ``, `.. image::`) against the files and
    /// folders of the repository, and `#anchors` against the headings of
    /// the target document (GitHub's slug rules, `-1` for a repeated
    /// heading, HTML `id`/`name` anchors). Links to the repository's own
    /// GitHub address (`https://github.com/OWNER/REPO/blob/main/PATH`, the
    /// address read from package.json `repository`, pyproject
    /// `[project.urls]` or Cargo.toml `repository`) are checked the same
    /// way when they name a branch (`main`, `master`, `HEAD`, `develop`),
    /// not a commit or tag. External URLs are never fetched.
    ///
    /// In a documentation site's tree (Sphinx, MkDocs, Docusaurus,
    /// VitePress, Mintlify `docs.json`, …) extensionless targets are routes
    /// or labels and are not judged, and a `/`-rooted target is looked up
    /// from the site's folder (and its `static/`, `public/`) as well as the
    /// repository's root.
    ///
    /// Binary files, files over the size limit and excluded folders count
    /// as existing; a link that leaves the repository is not checked. In a
    /// packaged copy (an sdist with `PKG-INFO`, an npm tarball: a root
    /// package.json without `.gitignore`, `.npmignore` or lockfile, or with a
    /// `files` list and no tests) a missing file is not reported, since the
    /// package may have left it out; anchors still are. The same holds for
    /// the navigation file of a MkDocs site with the literate-nav plugin
    /// (`nav_file`, default `SUMMARY.md`, in its `docs_dir`, read from
    /// mkdocs.yml): it lists pages the build generates. Changelogs, release
    /// notes and upgrade guides are history: their links are not checked,
    /// nor are those of old releases' documentation and translations (see
    /// `claim/unknown-command` for the documents the instruction rules
    /// read).
    ///
    /// ## Why is this bad?
    /// "See docs/operations.md" is the document telling the reader where the
    /// rest of the instructions are; a 404 there is an instruction that
    /// does not work.
    ///
    /// ## Example
    /// ```markdown
    /// Runbook: [operations](docs/operations.md#restore)
    /// ```
    /// when `docs/` holds only `deploy.md`.
    ///
    /// ## How to fix
    /// Point the link at the file that exists, or write the document it
    /// promises.
    pub struct BrokenLink {
        id: "claim/broken-link",
        severity: Warning,
        summary: "Documentation links to a file, folder or heading that does not exist",
    }
}

/// Branch names: a link to one follows the current tree.
const BRANCHES: &[&str] = &["main", "master", "HEAD", "develop", "dev", "trunk"];

impl Rule for BrokenLink {
    fn check_repo(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let ins = repo.memo.instructions(repo);
        // Pages a MkDocs literate-nav file lists that the repository lacks
        // are generated when the site is built (API references): links to
        // them from the site's other pages work there.
        let mut generated = std::collections::BTreeSet::new();
        for doc in &ins.docs {
            let rel = &repo.files[doc.file].rel;
            if !ins.project.is_literate_nav(rel) {
                continue;
            }
            for link in &doc.elements.links {
                if let Some((path, _)) = resolve(ins, project::parent(rel), rel, &link.target)
                    && !ins.project.exists(&path)
                {
                    generated.insert(path);
                }
            }
        }
        let mut links = Links {
            repo,
            ins,
            anchors: Default::default(),
            generated,
        };
        // Changelogs link what existed when each release was made.
        for doc in ins.docs.iter().filter(|d| !d.history) {
            let f = &repo.files[doc.file];
            let dir = project::parent(&f.rel);
            for link in &doc.elements.links {
                let Some(msg) = links.check(dir, &f.rel, &link.target, doc) else {
                    continue;
                };
                let what = if link.image { "image" } else { "link" };
                out.push(
                    common::finding(
                        repo,
                        &Self::META,
                        doc.file,
                        link.range.clone(),
                        format!("{what} {msg}"),
                    )
                    .with_fix("point it at a path that exists, or add the file"),
                );
            }
        }
    }
}

/// What checking links needs across documents.
struct Links<'a> {
    repo: &'a RepoContext<'a>,
    ins: &'a Instructions,
    /// Anchors of each document, parsed once.
    anchors: std::collections::BTreeMap<String, Vec<String>>,
    /// Paths the documentation build generates.
    generated: std::collections::BTreeSet<String>,
}

/// The path (and anchor) of a link to this repository: relative, or the
/// repository's own GitHub blob/tree address on a branch.
fn local_target<'t>(ins: &Instructions, target: &'t str) -> Option<(bool, &'t str)> {
    if let Some(rest) = target
        .strip_prefix("https://github.com/")
        .or_else(|| target.strip_prefix("http://github.com/"))
        .or_else(|| target.strip_prefix("https://raw.githubusercontent.com/"))
    {
        let raw = target.contains("raw.githubusercontent.com");
        let mut parts = rest.splitn(4, '/');
        let owner = parts.next()?;
        let name = parts.next()?;
        let repo = format!("{owner}/{name}").to_ascii_lowercase();
        if !ins.project.github.contains(&repo) {
            return None;
        }
        let (kind, rest) = if raw {
            ("blob", rest.splitn(3, '/').nth(2)?)
        } else {
            (parts.next()?, parts.next()?)
        };
        if kind != "blob" && kind != "tree" {
            return None;
        }
        let (branch, path) = rest.split_once('/').unwrap_or((rest, ""));
        if !BRANCHES.contains(&branch) {
            return None;
        }
        return Some((true, path));
    }
    let scheme = target
        .split_once(':')
        .is_some_and(|(s, _)| !s.is_empty() && !s.contains('/') && !s.contains('#'));
    if scheme || target.starts_with("//") || target.is_empty() {
        return None;
    }
    Some((false, target))
}

/// The repository path of a link (relative to `dir`, the linking
/// document's folder; empty for `#anchor` alone) and its anchor; `None` for
/// external links and placeholders.
fn resolve<'t>(
    ins: &Instructions,
    dir: &str,
    self_rel: &str,
    target: &'t str,
) -> Option<(String, Option<&'t str>)> {
    let (absolute, t) = local_target(ins, target)?;
    if super::instructions::is_placeholder(t) && t.contains(['{', '<', '$']) {
        return None;
    }
    let (path, anchor) = match t.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (t, None),
    };
    let path = path.split('?').next().unwrap_or(path);
    let path = crate::text::percent_decode(path, false);
    let rel = if path.is_empty() {
        self_rel.to_string()
    } else if absolute {
        project::join("", &path)?
    } else {
        project::join(dir, &path)?
    };
    Some((rel, anchor))
}

impl Links<'_> {
fn check(
    &mut self,
    dir: &str,
    self_rel: &str,
    target: &str,
    doc: &super::instructions::Doc,
) -> Option<String> {
    let (repo, ins) = (self.repo, self.ins);
    let (rel, anchor) = resolve(ins, dir, self_rel, target)?;
    let p = &ins.project;
    // Site generators (Sphinx, MkDocs, Docusaurus, …) resolve `page` and
    // `page.html` to `page.md`/`page.rst`, and extensionless targets may be
    // their labels or routes.
    let name = project::file_name(&rel);
    let stem = rel.strip_suffix(".html").unwrap_or(&rel);
    let generated = ["md", "rst", "mdx", "txt", "ipynb"]
        .iter()
        .any(|e| p.exists(&format!("{stem}.{e}")))
        || p.exists(&format!("{stem}/index.md"))
        || p.exists(&format!("{stem}/README.md"));
    if generated && (rel.ends_with(".html") || !name.contains('.')) {
        return None;
    }
    // In a generator's tree, `attrs.frozen` or `api-validators` is a
    // label or an object, not a file: only targets with a file extension
    // are paths there.
    let file_like = name
        .rsplit_once('.')
        .is_some_and(|(_, ext)| FILE_EXTENSIONS.contains(&ext.to_ascii_lowercase().as_str()));
    let site = site_root(p, dir);
    if !p.exists(&rel) && !file_like && site.is_some() {
        return None;
    }
    // A site generator serves `/images/x.png` from its own root (or its
    // `static/`, `public/` folder), not the repository's.
    let root_relative = !target.contains("://") && target.starts_with('/');
    if !p.exists(&rel)
        && root_relative
        && let Some(site) = &site
        && ["", "static", "public", "docs"].iter().any(|sub| {
            let base = project::join(site, sub).unwrap_or_default();
            project::join(&base, &rel).is_some_and(|r| p.exists(&r))
        })
    {
        return None;
    }
    // A packaged copy leaves files out, and a MkDocs literate-nav file
    // lists pages the build generates: only anchors can be judged.
    if !p.exists(&rel)
        && (p.packaged || p.is_literate_nav(self_rel) || self.generated.contains(&rel))
    {
        return None;
    }
    if !p.exists(&rel) {
        let parent = project::parent(&rel);
        let siblings: Vec<&str> = p
            .files
            .iter()
            .filter(|f| project::parent(f) == parent)
            .map(|f| project::file_name(f))
            .chain(
                p.dirs
                    .iter()
                    .filter(|d| project::parent(d) == parent)
                    .map(|d| project::file_name(d)),
            )
            .collect();
        let hint = did_you_mean(project::file_name(&rel), siblings.iter().copied());
        let where_ = if parent.is_empty() || p.is_dir(parent) {
            String::new()
        } else {
            format!(" (no folder `{parent}` either)")
        };
        return Some(format!("to `{rel}`, which does not exist{where_}{hint}"));
    }
    let anchor = anchor.filter(|a| !a.is_empty())?;
    let anchor = crate::text::percent_decode(anchor, false).to_lowercase();
    let anchor = anchor.strip_prefix("user-content-").unwrap_or(&anchor).to_string();
    // Anchors of documents only: `#L10` on a code file is GitHub's line.
    let anchors = &mut self.anchors;
    let defined: &Vec<String> = if rel == self_rel {
        anchors
            .entry(rel.clone())
            .or_insert_with(|| doc.elements.anchors.clone())
    } else {
        let f = repo.files.iter().find(|f| f.rel == rel)?;
        if !matches!(f.language, Language::Markdown | Language::ReStructuredText) {
            return None;
        }
        // A page whose front matter pulls its content from another
        // (`source: app/api/image`) has the anchors of that one.
        if let Some(front) = f.text.strip_prefix("---\n")
            && let Some(end) = front.find("\n---")
            && front[..end].lines().any(|l| l.starts_with("source:"))
        {
            return None;
        }
        anchors.entry(rel.clone()).or_insert_with(|| {
            if f.language == Language::Markdown {
                doc_elements::markdown(&crate::lang::markdown::without_mdx_comments(&f.rel, &f.text))
                    .anchors
            } else {
                doc_elements::rst(&f.text).anchors
            }
        })
    };
    // reST section anchors and headings with markup are approximated:
    // only a document with headings is judged.
    // The link's anchor through the same slug rules: `#Title` and
    // `#title` both reach "Title".
    let slugged = doc_elements::slug(&anchor);
    if defined.is_empty()
        || defined
            .iter()
            .any(|d| d.to_lowercase() == anchor || *d == slugged)
    {
        return None;
    }
    let shown = if rel == self_rel {
        "this document".to_string()
    } else {
        format!("`{rel}`")
    };
    Some(format!(
        "to `#{anchor}`, which no heading of {shown} defines{}",
        did_you_mean(&anchor, defined.iter().map(String::as_str))
    ))
}

}

/// Configuration files of documentation site generators, in the
/// document's folder or any folder above it: the folder of the nearest
/// one is the site's root. Mintlify's `docs.json`/`mint.json` count when
/// their parse says so (see [`project::Project::site_roots`]).
fn site_root(p: &project::Project, dir: &str) -> Option<String> {
    const CONFIGS: &[&str] = &[
        "conf.py",
        "mkdocs.yml",
        "mkdocs.yaml",
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "book.toml",
        "_config.yml",
        "next.config.js",
        "next.config.mjs",
        "next.config.ts",
        "astro.config.mjs",
        "astro.config.ts",
        "hugo.toml",
        "antora.yml",
        ".vitepress/config.ts",
        ".vitepress/config.js",
        ".vitepress/config.mts",
        "source/conf.py",
        "docs/conf.py",
        "docs/mkdocs.yml",
    ];
    let mut d = dir;
    loop {
        if p.site_roots.iter().any(|r| r == d)
            || CONFIGS.iter().any(|c| {
                let f = if d.is_empty() { c.to_string() } else { format!("{d}/{c}") };
                p.files.contains(&f)
            })
        {
            return Some(d.to_string());
        }
        if d.is_empty() {
            return None;
        }
        d = project::parent(d);
    }
}

/// Extensions that make a link target a file path.
const FILE_EXTENSIONS: &[&str] = &[
    "md", "mdx", "rst", "txt", "html", "htm", "pdf", "png", "jpg", "jpeg", "gif", "svg", "webp",
    "ico", "py", "js", "mjs", "cjs", "ts", "tsx", "jsx", "json", "yml", "yaml", "toml", "ini",
    "cfg", "sh", "rs", "go", "java", "rb", "css", "scss", "ipynb", "csv", "xml", "lock", "sql",
    "zip", "gz", "mp4", "webm", "mov", "env", "example", "lua", "c", "h", "cpp", "kt", "swift",
];
