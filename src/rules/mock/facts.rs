//! What the `mock/` rules look for, shared by both rules and all three
//! languages: the mocking libraries, the names of hand-written doubles,
//! and the names of mock switches.

use std::ops::Range;

/// One mocking construct in a file: the span to report and what it is
/// (already formatted for a message, library named).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MockFact {
    pub range: Range<usize>,
    pub what: String,
}

impl MockFact {
    pub fn new(range: Range<usize>, what: impl Into<String>) -> Self {
        Self {
            range,
            what: what.into(),
        }
    }
}

/// What a piece of code pretends, for the fake and fallback rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PretenceKind {
    /// A function that promises work and fabricates its answer.
    FakeImplementation,
    /// A failure or absence branch that answers with made-up data.
    SilentFallback,
}

/// One pretence in a file: the span to report and the message (what the
/// code pretends and where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pretence {
    pub kind: PretenceKind,
    pub range: Range<usize>,
    pub message: String,
}

/// The comments of a source text that sit inside `range` or in the block of
/// comment lines directly above it, without their markers. `marker` is `#`
/// or `//`; a marker inside a string literal on the same line is skipped by
/// counting quotes before it.
pub fn comments_near<'t>(text: &'t str, range: Range<usize>, marker: &str) -> Vec<&'t str> {
    // Lines are looked for within a bounded reach, so a minified file's one
    // huge line costs constant time per call, not the line's length.
    const REACH: usize = 4096;
    const ABOVE: usize = 16;
    let start = crate::text::floor_char_boundary(text, range.start.min(text.len()));
    let end = crate::text::floor_char_boundary(text, range.end.min(text.len())).max(start);
    let line_start_of = |at: usize| {
        let lo = crate::text::floor_char_boundary(text, at.saturating_sub(REACH));
        text[lo..at].rfind('\n').map_or(lo, |i| lo + i + 1)
    };
    let mut out = Vec::new();
    let mut line_start = line_start_of(start);
    // The comment block above.
    let mut above = line_start;
    for _ in 0..ABOVE {
        if above == 0 {
            break;
        }
        let prev = line_start_of(above - 1);
        let line = text[prev..above - 1].trim();
        let is_comment = line.starts_with(marker)
            || line.starts_with("/*")
            || line.starts_with('*')
            || line.starts_with('@');
        if !is_comment {
            break;
        }
        if !line.starts_with('@') {
            out.push(line.trim_start_matches(['#', '/', '*']).trim());
        }
        above = prev;
    }
    while line_start < end {
        let hi = crate::text::ceil_char_boundary(text, end.saturating_add(REACH).min(text.len()));
        let line_end = text[line_start..hi]
            .find('\n')
            .map_or(hi, |i| line_start + i);
        let line = &text[line_start..line_end];
        if let Some(at) = comment_start(line, marker) {
            out.push(line[at..].trim_start_matches(['#', '/', '*']).trim());
        } else if line.trim_start().starts_with("/*") || line.trim_start().starts_with('*') {
            out.push(line.trim_start().trim_start_matches(['/', '*']).trim());
        }
        line_start = line_end + 1;
    }
    out
}

fn comment_start(line: &str, marker: &str) -> Option<usize> {
    // One pass, keeping the parity of each quote seen so far.
    let (mut dq, mut sq, mut bq) = (false, false, false);
    for (at, c) in line.char_indices() {
        if !dq && !sq && !bq && line[at..].starts_with(marker) {
            return Some(at);
        }
        match c {
            '"' => dq = !dq,
            '\'' => sq = !sq,
            '`' => bq = !bq,
            _ => {}
        }
    }
    None
}

/// `Mock*`, `Fake*`, `Stub*`, `Dummy*`, `InMemory*`, `Simulated*`: a class
/// named as a stand-in for the real thing.
pub fn is_stand_in_class_name(name: &str) -> bool {
    let bare = name.trim_start_matches('_');
    is_double_class_name(name)
        || ["InMemory", "Simulated", "Placeholder"].iter().any(|p| {
            bare.strip_prefix(p).is_some_and(|rest| {
                rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_uppercase())
            })
        })
}

/// Python modules that only exist to fake something, with the name users
/// know them by.
pub const PYTHON_LIBRARIES: &[(&str, &str)] = &[
    ("unittest.mock", "unittest.mock"),
    ("mock", "mock"),
    ("pytest_mock", "pytest-mock"),
    ("responses", "responses"),
    ("requests_mock", "requests-mock"),
    ("httpretty", "httpretty"),
    ("respx", "respx"),
    ("aioresponses", "aioresponses"),
    ("moto", "moto"),
    ("fakeredis", "fakeredis"),
    ("mongomock", "mongomock"),
    ("pytest_httpx", "pytest-httpx"),
];

/// The members of `unittest.mock` (and the `mock` backport) that create a
/// double. `call`, `ANY`, `sentinel`, `DEFAULT` only describe calls.
pub const UNITTEST_MOCK_CONSTRUCTS: &[&str] = &[
    "patch",
    "Mock",
    "MagicMock",
    "AsyncMock",
    "NonCallableMock",
    "NonCallableMagicMock",
    "PropertyMock",
    "create_autospec",
    "mock_open",
    "ThreadingMock",
];

/// Members of the other libraries that inspect, stop or reset a double
/// rather than create one: using them is not a further construct.
pub const NOT_A_CONSTRUCT: &[&str] = &[
    "stop",
    "stopall",
    "resetall",
    "reset",
    "reset_mock",
    "disable",
    "calls",
    "call_count",
    "last_request",
    "latest_requests",
    "matchers",
    "exceptions",
    "assert_all_requests_are_fired",
    "assert_call_count",
    "assert_all_called",
    "is_enabled",
    "ANY",
    "call",
    "sentinel",
    "DEFAULT",
    "seal",
];

/// pytest fixtures that hand a test a mocking object.
pub const PYTHON_MOCK_FIXTURES: &[(&str, &str)] = &[
    ("mocker", "pytest-mock"),
    ("class_mocker", "pytest-mock"),
    ("module_mocker", "pytest-mock"),
    ("package_mocker", "pytest-mock"),
    ("session_mocker", "pytest-mock"),
    ("requests_mock", "requests-mock"),
    ("respx_mock", "respx"),
    ("httpx_mock", "pytest-httpx"),
];

/// The library a dotted Python name belongs to, if it is a mocking one.
pub fn python_library(qualified: &str) -> Option<(&'static str, &'static str)> {
    PYTHON_LIBRARIES
        .iter()
        .filter(|(module, _)| {
            qualified == *module
                || qualified
                    .strip_prefix(module)
                    .is_some_and(|r| r.starts_with('.'))
        })
        // `unittest.mock` before a hypothetical shorter prefix.
        .max_by_key(|(module, _)| module.len())
        .copied()
}

/// JS/TS packages that only exist to fake something.
pub const JS_LIBRARIES: &[&str] = &[
    "sinon",
    "nock",
    "msw",
    "testdouble",
    "jest-mock",
    "jest-mock-extended",
    "fetch-mock",
    "jest-fetch-mock",
    "axios-mock-adapter",
    "ts-mockito",
];

/// The package a module specifier names (`msw/node` → `msw`), if it is a
/// mocking library.
pub fn js_library(specifier: &str) -> Option<&'static str> {
    let package = if specifier.starts_with('@') {
        specifier
            .splitn(3, '/')
            .take(2)
            .collect::<Vec<_>>()
            .join("/")
    } else {
        specifier.split('/').next().unwrap_or(specifier).to_string()
    };
    JS_LIBRARIES.iter().find(|l| **l == package).copied()
}

/// Rust crates that only exist to fake something.
pub const RUST_CRATES: &[&str] = &["mockall", "mockito", "wiremock", "httpmock", "faux"];

const DOUBLE_PREFIXES: &[&str] = &["Mock", "Fake", "Stub", "Dummy"];

/// In production code only `Mock*`/`Fake*` (and `mock_*`/`fake_*`) public
/// names count: `Dummy*` and `Stub*` there are mostly null objects
/// (`threading._DummyThread`, `importlib._DummyModuleLock`) and type stubs
/// (jedi's `StubModuleValue`), and private `_Fake*` helpers are
/// implementation details (click's `_FakeSubclassCheck`).
pub fn is_production_double_name(name: &str) -> bool {
    !name.starts_with('_')
        && (is_double_function_name(name) || is_double_class_name(name))
        && ["mock", "fake", "Mock", "Fake"]
            .iter()
            .any(|p| name.starts_with(p))
}

/// Python packages that are mocking libraries themselves (their own
/// sources import themselves and define doubles by design), as paths.
const LIBRARY_SOURCES: &[&str] = &[
    "unittest/mock.py",
    "mock/",
    "pytest_mock/",
    "responses/",
    "requests_mock/",
    "httpretty/",
    "respx/",
    "aioresponses/",
    "moto/",
    "fakeredis/",
    "mongomock/",
    "pytest_httpx/",
    "sinon/",
    "nock/",
    "msw/",
    "testdouble/",
    "mockall/",
    "mockall_derive/",
    "mockito/",
    "wiremock/",
    "httpmock/",
    "faux/",
];

/// Whether `rel` is a file of a mocking library's own package: at the top
/// of the project, or under `site-packages`, `node_modules`, `src`, `lib`.
pub fn is_mocking_library_source(rel: &str) -> bool {
    LIBRARY_SOURCES.iter().any(|lib| {
        let mut from = 0;
        while let Some(i) = rel[from..].find(lib) {
            let at = from + i;
            let parent = rel[..at].trim_end_matches('/');
            let parent = parent.rsplit('/').next().unwrap_or("");
            if at == 0
                || (rel.as_bytes()[at - 1] == b'/'
                    && matches!(
                        parent,
                        "site-packages" | "dist-packages" | "node_modules" | "src" | "lib"
                    ))
            {
                return true;
            }
            from = at + lib.len();
        }
        false
    })
}

/// `FakeClock`, `MockRepo`, `Stub`, `Dummy_Service`: a hand-written test
/// double by its name. `Mockingbird` and `Stubborn` are not.
pub fn is_double_class_name(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    DOUBLE_PREFIXES.iter().any(|p| {
        name.strip_prefix(p).is_some_and(|rest| {
            rest.is_empty()
                || rest
                    .starts_with(|c: char| c.is_ascii_uppercase() || c == '_' || c.is_ascii_digit())
        })
    })
}

/// `fake_payment`, `mock_response`, `stubLlm`, `dummyData`: a function
/// named as a double.
pub fn is_double_function_name(name: &str) -> bool {
    let name = name.trim_start_matches('_');
    ["mock", "fake", "stub", "dummy"].iter().any(|p| {
        name.strip_prefix(p).is_some_and(|rest| {
            rest.starts_with('_') || rest.starts_with(|c: char| c.is_ascii_uppercase())
        })
    }) || is_double_class_name(name)
}

/// `USE_MOCK_LLM`, `MOCK_MODE`, `enable_fake_payments`, `useMockApi`,
/// `SIMULATION_MODE`: a switch that turns the real thing off. `is_stub`,
/// `use_stubs` and `dummy_mode` are not: "stub" names type stubs and
/// linker stubs, "dummy" null objects, far more often than test doubles.
pub fn is_mock_switch_name(name: &str) -> bool {
    let w = super::vocabulary::words(name);
    let double = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "mock"
                | "mocks"
                | "mocked"
                | "fake"
                | "fakes"
                | "faked"
                | "stubbed"
                | "simulate"
                | "simulated"
                | "simulation"
        )
    });
    if !double || w.len() < 2 {
        return false;
    }
    let first = w[0].as_str();
    let last = w[w.len() - 1].as_str();
    matches!(first, "use" | "enable" | "enabled" | "with")
        || matches!(last, "mode" | "enabled" | "on" | "only")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn double_names() {
        for yes in [
            "FakeClock",
            "MockRepo",
            "Stub",
            "DummyService",
            "_FakeDB",
            "Fake_Db",
        ] {
            assert!(is_double_class_name(yes), "{yes}");
        }
        for no in [
            "Mockingbird",
            "Stubborn",
            "Faker",
            "Dummyx",
            "Clock",
            "MagicMock",
        ] {
            assert!(!is_double_class_name(no), "{no}");
        }
        assert!(is_double_function_name("fake_payment"));
        assert!(is_double_function_name("mockResponse"));
        assert!(!is_double_function_name("mockingbird"));
        assert!(!is_double_function_name("stubborn"));
    }

    #[test]
    fn library_sources() {
        assert!(is_mocking_library_source("unittest/mock.py"));
        assert!(is_mocking_library_source("site-packages/moto/s3/models.py"));
        assert!(is_mocking_library_source("moto/core/models.py"));
        assert!(!is_mocking_library_source("app/responses/json.py"));
        assert!(!is_mocking_library_source("app/unittest/mock_helpers.py"));
        assert!(is_production_double_name("FakeLLM"));
        assert!(is_production_double_name("mock_response"));
        assert!(!is_production_double_name("_FakeSubclassCheck"));
        assert!(!is_production_double_name("DummyProcess"));
        assert!(!is_production_double_name("StubModuleValue"));
    }

    #[test]
    fn switches() {
        for yes in [
            "USE_MOCK_LLM",
            "MOCK_MODE",
            "enable_fake_payments",
            "useMockApi",
            "SIMULATION_MODE",
            "use_mocks",
        ] {
            assert!(is_mock_switch_name(yes), "{yes}");
        }
        for no in [
            "MOCK_RESPONSE",
            "mock",
            "USE_CACHE",
            "mock_calls",
            "fake_data",
            "is_stub",
            "use_stubs",
            "dummy_mode",
            "_is_instance_mock",
        ] {
            assert!(!is_mock_switch_name(no), "{no}");
        }
    }

    #[test]
    fn libraries() {
        assert_eq!(
            python_library("unittest.mock.patch"),
            Some(("unittest.mock", "unittest.mock"))
        );
        assert_eq!(python_library("mockito"), None);
        assert_eq!(python_library("moto.mock_aws").map(|l| l.1), Some("moto"));
        assert_eq!(js_library("msw/node"), Some("msw"));
        assert_eq!(js_library("@jest/globals"), None);
        assert_eq!(js_library("./sinon"), None);
    }
}
