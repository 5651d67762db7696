use super::analysis::{Figure, Metric};
use super::common;
use crate::finding::{Finding, Related};
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds two documents of the repository that state different figures
    /// for the same metric as current fact: test coverage ("95% test
    /// coverage", "coverage: 62%"), production readiness ("75%
    /// production-ready", "Production Readiness Baseline: 65%") or the size
    /// of the test suite ("644/650 tests passing" against "640/700 tests
    /// passing"; counts for one named file or folder are not the suite's,
    /// and fully passing counts such as "44/44" are left out).
    /// Changelogs (CHANGELOG, HISTORY, NEWS, RELEASE notes) record past
    /// figures and are not compared. Figures in
    /// code blocks, quotations, hedged sentences and roadmap/target/phase
    /// sections are not stated as fact and are ignored; so is a "N%
    /// production readiness gap". The finding sits on the later document
    /// (by path) and names the earlier one: one finding per document and
    /// metric, the document's other contradicting figures of that metric
    /// as related locations.
    ///
    /// ## Why is this bad?
    /// At most one of the figures is true, and readers cannot tell which;
    /// usually one document was corrected and the other was not.
    ///
    /// ## Example
    /// `docs/adr/009.md`: "Current Production Readiness Baseline: 65%";
    /// `docs/requirements.md`: "Current State: 35% production ready".
    ///
    /// ## How to fix
    /// Keep the figure in one place (generated from a measurement, if it is
    /// one) and link to it from the others.
    pub struct Contradiction {
        id: "claim/contradiction",
        severity: Warning,
        summary: "Documents state different figures for the same metric",
    }
}

impl Rule for Contradiction {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        let claims = repo.memo.claims(repo);
        // A changelog records past figures; it cannot contradict today's.
        let historical = |file: usize| {
            let name = repo.files[file]
                .rel
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            ["changelog", "changes", "history", "release", "news"]
                .iter()
                .any(|h| name.starts_with(h))
        };
        let figs: Vec<_> = claims
            .figures
            .iter()
            .filter(|f| !historical(f.file))
            .cloned()
            .collect();
        let figs = &figs;
        // One finding per (document, metric); the document's other
        // contradicting figures of that metric are related locations.
        // (figure, the earlier figure it contradicts).
        type Pairs<'f> = Vec<(&'f Figure, &'f Figure)>;
        let mut groups: Vec<((usize, Metric), Pairs)> = Vec::new();
        for f in figs {
            // An earlier file stating a different value, and no figure of
            // that file agreeing with this one.
            let Some(other) = figs.iter().find(|g| {
                g.metric == f.metric
                    && repo.files[g.file].path < repo.files[f.file].path
                    && (g.value - f.value).abs() > 0.05
                    && !figs.iter().any(|h| {
                        h.file == g.file
                            && h.metric == f.metric
                            && (h.value - f.value).abs() <= 0.05
                    })
            }) else {
                continue;
            };
            let key = (f.file, f.metric);
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, v)) => {
                    if !v.iter().any(|(g, _)| (g.value - f.value).abs() <= 0.05) {
                        v.push((f, other));
                    }
                }
                None => groups.push((key, vec![(f, other)])),
            }
        }
        for ((file, metric), items) in groups {
            let unit = if metric == Metric::TestCount { "" } else { "%" };
            let describe = |f: &Figure, other: &Figure| {
                format!(
                    "states {}{unit} {}; {} states {}{unit}",
                    f.value,
                    metric.describe(),
                    common::location(repo, other.file, other.range.start),
                    other.value
                )
            };
            let (f, other) = items[0];
            let related = items[1..]
                .iter()
                .map(|(g, o)| Related::new(&repo.files[file], g.range.clone(), describe(g, o)))
                .collect();
            out.push(
                common::finding(repo, &Self::META, file, f.range.clone(), describe(f, other))
                    .with_fix("state the figure in one place and link to it")
                    .with_related(related),
            );
        }
    }
}
