use super::analysis::Category;
use super::common;
use crate::finding::Finding;
use crate::rules::{RepoContext, Rule};

crate::declare_rule! {
    /// ## What it does
    /// Finds claims of production readiness
    /// ("production-ready", "enterprise-grade", "battle-tested", a pyproject
    /// classifier `Development Status :: 5 - Production/Stable` or `6 -
    /// Mature`, a package.json / Cargo.toml description) when the repository
    /// shows otherwise. Each finding names every piece of missing evidence:
    ///
    /// - the version of the nearest manifest (pyproject.toml, package.json,
    ///   Cargo.toml) is 0.x or a pre-release (`2.0.0rc1`, `1.0.0-beta.2`,
    ///   `1.0.0.dev0`). The development version a default branch carries
    ///   between final releases (`8.5.0.dev`, `2.3.0-SNAPSHOT`) is not one,
    ///   and a `"private": true` package.json at `0.0.0` (never published
    ///   nor versioned: a docs site, a workspace root) declares no release;
    /// - there are no test files;
    /// - no CI configuration (`.github/workflows/*.yml`, `.gitlab-ci.yml`,
    ///   CircleCI, Azure Pipelines, Jenkinsfiles and others) has a step, run
    ///   on push or pull request, whose command invokes a test runner (step
    ///   names, comments, `echo`, `if: false` do not count; npm/pnpm/yarn
    ///   scripts and Makefile/justfile targets are resolved to what they
    ///   run) for the claim's component (below);
    /// - other candor families have open findings in the production code of
    ///   the claim's component (mocks in production code, committed
    ///   secrets, missing migrations, broken registrations). Findings in
    ///   test files do not count here: a test that asserts nothing, among
    ///   many that do, says nothing about the code that ships
    ///   (`claim/unsupported-testing` weighs the tests).
    ///
    /// A claim is judged against the component it is about: the folder of
    /// the nearest package manifest above the document (pyproject.toml,
    /// setup.py, package.json, Cargo.toml, go.mod, pom.xml). A package's
    /// README is answered by that package's findings and CI steps; a root
    /// README by the whole repository's. A CI step tests the folder it runs
    /// in (`working-directory`, `defaults.run.working-directory`, `cd
    /// services/api && ...`, a Jenkins `dir('services/api') {}`), moved by
    /// `npm --prefix`, `pnpm -C`, `yarn --cwd`, `make -C`, `cargo
    /// --manifest-path`, narrowed by the runner's path arguments (`pytest
    /// services/api`, `go test ./services/api/...`); a step at the root
    /// tests every component of its runner's ecosystem (a bare `pytest`
    /// covers the Python packages, not a JavaScript one). A step whose
    /// working directory is an expression (`${{ matrix.dir }}`) may be any
    /// folder and counts for all. A sibling component's tests back nothing.
    ///
    /// One finding per document and claim category (readiness, testing,
    /// security, scale): it points at the first unsupported claim phrase
    /// (its own line and column) and lists the document's other
    /// occurrences as related locations (SARIF `relatedLocations`, "also
    /// at" lines in text and Markdown). Files written for AI coding agents
    /// (`.claude/`, `.cursor/`, `AGENTS.md`, `CLAUDE.md`, `QWEN.md`,
    /// `.github/copilot-instructions.md`, prompt folders) and archived
    /// documents are not read, for every `claim/` rule: a folder named
    /// `archive`, `archived`, `archives` or `attic`; changelogs and release
    /// notes (CHANGELOG, CHANGES, HISTORY, NEWS, RELEASES, release-notes);
    /// the older release snapshots of versioned documentation (sibling
    /// folders named like releases, `docs/v1.10.0/` beside `docs/v1.15.2/`:
    /// all but the newest); translations (a locale folder such as
    /// `docs/ko/` beside `docs/en/`, a `README_KO.md` or `README.zh-CN.md`:
    /// the English text is read). Each
    /// records or restates what the current documents say. `[claim]
    /// include-agent-files = true` and `include-archived = true` read them.
    /// Documents in example, sample, demo and cookbook folders describe
    /// the example, not the repository, and are not read.
    ///
    /// A sentence that opens with a link to another site (`[Portkey](https://portkey.ai)
    /// makes your apps production-ready`) is about the linked product. The
    /// same sentence with the same verdict in several documents (a README
    /// copied into a package, a page kept in two doc trees) is one claim,
    /// reported in the first document with the copies as related
    /// locations.
    ///
    /// Prose is read from Markdown and reStructuredText with a Markdown
    /// parser: code blocks, inline code, block quotes, HTML comments, link
    /// targets and struck-through text are not claims. A negation, hedge,
    /// condition or future counts when it governs the phrase: it comes
    /// before the phrase in the same clause ("not yet production-ready",
    /// "near production-ready", "to be production-ready", "if it is
    /// production-ready"), or, for plan and status words (goal, target,
    /// planned, pending, in progress), anywhere in the clause. After the
    /// phrase it governs something else: "production-ready when deployed
    /// behind our gateway" and "production-ready and requires no setup" are
    /// claims. Also not claims: "75% production-ready", quoted words, a
    /// phrase naming a norm ("NO MOCKING policy"), a sentence about the
    /// notion itself ("100% coverage doesn't guarantee ...", "the closer
    /// you get to 100% coverage"), unchecked task items,
    /// the "before" half of a before/after comparison (a "Before ...:"
    /// lead-in answered by an "After ...:" one), and sections whose heading,
    /// lead-in or table column says roadmap, plan, target, goals, next
    /// steps or requirements. Headings themselves are never claims.
    ///
    /// ## Why is this bad?
    /// "Production-ready" is the sentence users act on. When it is written
    /// next to a 0.x version, with no CI running the tests, teams deploy on
    /// the strength of the README and discover the gaps in production; later
    /// the claim has to be retracted by hand.
    ///
    /// ## Example
    /// ```markdown
    /// OrderFlow is a **production-ready** order-processing service.
    /// ```
    /// with `version = "0.4.0"` in pyproject.toml and a CI workflow that
    /// only lints.
    ///
    /// ## How to fix
    /// Make the claim true (a 1.0 release, CI that runs the tests, the other
    /// findings fixed) or say what is true: "validated for development and
    /// staging; see the roadmap for production".
    pub struct UnsupportedReadiness {
        id: "claim/unsupported-readiness",
        severity: Warning,
        summary: "Production-readiness claim the repository does not support",
    }
}

impl Rule for UnsupportedReadiness {
    fn check_late(&self, repo: &RepoContext, out: &mut Vec<Finding>) {
        common::unsupported(
            repo,
            &Self::META,
            Category::Readiness,
            "claims production readiness",
            "make the claim true (release 1.0, run the tests in CI, fix the open findings) or state what has been validated",
            |c, ev| common::readiness_reasons(repo, c, ev),
            out,
        );
    }
}
