//! The one decision of `mock/fake-implementation` and the messages of
//! `mock/silent-fallback`, over language-neutral facts. Each language's
//! visitor (`python_pretence.rs`, `typescript_pretence.rs`,
//! `rust_pretence.rs`) reads its own syntax into a [`FunctionFacts`] and a
//! made-up-data description; what counts as a pretence is decided here,
//! once, so the three languages cannot drift apart.

use std::cell::OnceCell;
use std::ops::Range;

use super::facts::{Pretence, PretenceKind, comments_near};
use super::vocabulary::{Vocabulary, words};

/// What one function body does, as its visitor read it. Nested functions
/// and classes (closures in Rust) are not part of it.
#[derive(Debug, Default)]
pub struct FunctionFacts {
    pub name: String,
    /// The function's name, where a log-only body is reported.
    pub name_range: Range<usize>,
    /// The function is given inputs (parameters; in Rust also a receiver).
    pub has_inputs: bool,
    /// It reads at least one of them.
    pub uses_inputs: bool,
    /// Calls (and in Rust macro invocations) of any kind.
    pub calls: usize,
    /// Calls that could do the promised work: not logging, clocks, ids,
    /// conversions or simulated latency.
    pub work_calls: usize,
    pub logging_calls: usize,
    /// A method of a subclass or trait implementation: a scalar literal
    /// there overrides a hook with its value.
    pub in_subclass: bool,
    /// The body is nothing but logging, literal assignments and returns of
    /// literals.
    pub only_literals: bool,
    /// Its return values, in source order (Rust: the tail expression too).
    pub returns: Vec<Returned>,
    /// The literal text of its calls' first arguments (log messages).
    pub log_text: Vec<String>,
}

/// One returned value, classified.
#[derive(Debug, Default)]
pub struct Returned {
    /// The return statement (or tail expression), where a finding points.
    pub range: Range<usize>,
    /// A random value: `Some(None)` when the value itself is random,
    /// `Some(Some(name))` when a result-named key or variable holds one.
    pub random: Option<Option<String>>,
    /// A fabricated success response, shown as its claim
    /// (`"status": 200`, `Ok(())`).
    pub success: Option<String>,
    /// An answer-like literal (not a default such as 0, 1, "" or empty).
    pub literal: Option<Literal>,
    /// `True` / `true`.
    pub is_true: bool,
}

/// A substantive literal returned.
#[derive(Debug)]
pub struct Literal {
    pub range: Range<usize>,
    /// "a literal dict", "a fixed number", … for the message.
    pub what: &'static str,
    /// A string or a number (not a structure).
    pub scalar: bool,
}

/// The comment that confesses a simulation in or above `range`, formatted
/// for a message.
pub fn confession_note(
    text: &str,
    range: Range<usize>,
    marker: &str,
    vocab: &Vocabulary,
) -> Option<String> {
    comments_near(text, range, marker)
        .into_iter()
        .find_map(|c| vocab.confession(c))
        .map(|c| {
            let c: String = c.chars().take(80).collect();
            format!(" (a comment says: \"{c}\")")
        })
}

/// Whether a function so described fabricates its answer, and how. The
/// visitor has already left out what is not production code by its
/// language's means (abstract bases, decorators, tests, trait defaults).
/// `confession` is read only when the decision needs it: most functions are
/// decided without it, and a minified file holds a million of them.
pub fn fake_implementation(
    f: &FunctionFacts,
    vocab: &Vocabulary,
    confession: impl Fn() -> Option<String>,
) -> Option<Pretence> {
    let name = f.name.as_str();
    if vocab.names_random_purpose(name) {
        return None;
    }
    let cell = OnceCell::new();
    let confession = || cell.get_or_init(&confession).clone().unwrap_or_default();
    let confessed = || !confession().is_empty();
    let verb = vocab.work_verb(name);
    let pretence = |range: Range<usize>, message: String| {
        Some(Pretence {
            kind: PretenceKind::FakeImplementation,
            range,
            message,
        })
    };

    // Randomness returned as the result.
    for r in &f.returns {
        if let Some(as_what) = &r.random
            && (verb.as_ref().is_some_and(|(_, strong)| *strong)
                || vocab.names_result(name)
                || as_what.is_some())
        {
            let as_what = as_what
                .as_ref()
                .map_or("its result".to_string(), |n| format!("`{n}`"));
            return pretence(
                r.range.clone(),
                format!(
                    "`{name}` returns a random value as {as_what} instead of computing it{}",
                    confession()
                ),
            );
        }
    }

    let (verb, strong) = verb?;
    if f.work_calls > 0 {
        return None;
    }
    // A fabricated success response: `{"status": "sent"}`, `Ok(())`.
    if strong
        && let Some((r, key)) = f
            .returns
            .iter()
            .find_map(|r| Some((r, r.success.as_ref()?)))
    {
        return pretence(
            r.range.clone(),
            format!(
                "`{name}` returns a success response (`{key}`) without doing anything; its name promises to {verb}{}",
                confession()
            ),
        );
    }
    if !f.has_inputs || f.uses_inputs && f.logging_calls == 0 || !f.only_literals {
        return None;
    }
    // Inputs unused, a substantive literal returned.
    let literal = f.returns.iter().find_map(|r| r.literal.as_ref());
    if let Some(l) = literal
        && !f.uses_inputs
        && !(f.in_subclass && l.scalar && !confessed())
        && (strong || confessed())
    {
        return pretence(
            l.range.clone(),
            format!(
                "`{name}` returns {} without using its inputs or calling anything; its name promises to {verb}{}",
                l.what,
                confession()
            ),
        );
    }
    // Only logs what it would do.
    if strong && f.logging_calls > 0 && f.logging_calls == f.calls {
        let says_would = f.log_text.iter().any(|t| {
            words(t).iter().any(|x| {
                matches!(
                    x.as_str(),
                    "would" | "simulating" | "simulated" | "pretending"
                )
            }) || vocab.is_fake_text(t)
        });
        let returns_true = f.returns.iter().any(|r| r.is_true);
        if says_would || returns_true || confessed() {
            return pretence(
                f.name_range.clone(),
                format!(
                    "`{name}` only logs; its name promises to {verb}{}",
                    confession()
                ),
            );
        }
    }
    None
}

/// A failure or absence branch answering with made-up data: `what` is the
/// data ("a literal record"), `why` the branch ("`ImportError` is raised").
pub fn fallback_return(range: Range<usize>, what: &str, why: &str, confession: &str) -> Pretence {
    Pretence {
        kind: PretenceKind::SilentFallback,
        range,
        message: format!(
            "returns {what} when {why} instead of raising or returning an empty result{confession}"
        ),
    }
}

/// A default operator (`??`, `||`, `unwrap_or`) whose default is made-up
/// data; `left` names the missing value.
pub fn fallback_default(range: Range<usize>, what: &str, left: &str, confession: &str) -> Pretence {
    Pretence {
        kind: PretenceKind::SilentFallback,
        range,
        message: format!(
            "falls back to {what} when `{left}` is missing instead of failing or returning an empty result{confession}"
        ),
    }
}

/// Whether an identifier names made-up data (`SAMPLE_RESULTS`,
/// `demo_results`, `mockResponse`). Not a default or a quantity of a
/// sample (`DEFAULT_SAMPLE`, `sampleRate`, `sample_size`), not a type
/// or variant (`Shard::Dummy` is a real state of the system), and not an
/// error or what raises one (`trackMissingSampleErrorAndThrow`,
/// `SAMPLE_ERROR`).
pub fn names_made_up_data(vocab: &Vocabulary, name: &str) -> bool {
    if is_errorish(name)
        || words(name)
            .iter()
            .any(|w| matches!(w.as_str(), "throw" | "throws" | "raise" | "raises"))
    {
        return false;
    }
    let w = words(name);
    let quantity = w.iter().any(|w| {
        matches!(
            w.as_str(),
            "default"
                | "rate"
                | "rates"
                | "size"
                | "count"
                | "limit"
                | "ratio"
                | "interval"
                | "frequency"
                | "freq"
                | "width"
                | "bits"
                | "format"
        )
    });
    // `_DummyLock` is a private type: a null object, not data.
    let bare = name.trim_start_matches('_');
    let camel_type =
        bare.starts_with(|c: char| c.is_ascii_uppercase()) && bare.contains(char::is_lowercase);
    !quantity && !camel_type && vocab.is_fake_text(&w.join(" "))
}

/// A key or value that reports an error, a skip or an absence: a record
/// holding one is an error response (`{"result": "skipped"}`,
/// `{"type": "none"}`), and a string holding one is a failure message
/// (`"The request does not match any registered mock"`), not made-up data.
pub fn is_errorish(s: &str) -> bool {
    words(s).iter().any(|w| {
        matches!(
            w.as_str(),
            "error"
                | "skipped"
                | "cannot"
                | "unable"
                | "not"
                | "none"
                | "disconnect"
                | "disconnected"
                | "timeout"
                | "errors"
                | "err"
                | "fail"
                | "failed"
                | "failure"
                | "unavailable"
                | "exception"
                | "detail"
                | "reason"
                | "unknown"
                | "invalid"
        )
    })
}

/// A key that disqualifies a response from being a success claim.
pub fn is_error_key(key: &str) -> bool {
    words(key)
        .iter()
        .any(|w| matches!(w.as_str(), "error" | "errors" | "reason" | "detail"))
}

/// A string value that claims success (`"sent"`, `"ok"`).
pub fn is_success_text(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "success"
            | "succeeded"
            | "successful"
            | "sent"
            | "delivered"
            | "ok"
            | "queued"
            | "completed"
            | "complete"
            | "accepted"
            | "published"
            | "charged"
            | "processed"
            | "done"
    )
}

/// A number that is an HTTP success status.
pub fn is_success_status(n: f64) -> bool {
    (200.0..300.0).contains(&n) && n.fract() == 0.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        Vocabulary::build(&Default::default())
    }

    fn literal_fn(name: &str) -> FunctionFacts {
        FunctionFacts {
            name: name.into(),
            has_inputs: true,
            only_literals: true,
            returns: vec![Returned {
                range: 10..20,
                literal: Some(Literal {
                    range: 12..20,
                    what: "a fixed number",
                    scalar: true,
                }),
                ..Returned::default()
            }],
            ..FunctionFacts::default()
        }
    }

    #[test]
    fn literal_from_a_work_verb_is_a_fake_and_from_a_plain_name_is_not() {
        let v = vocab();
        let p = fake_implementation(&literal_fn("fetch_price"), &v, || None).unwrap();
        assert_eq!(p.range, 12..20);
        assert!(p.message.contains("promises to fetch"), "{}", p.message);
        assert!(fake_implementation(&literal_fn("price"), &v, || None).is_none());
        // Weak verbs need a confession.
        assert!(fake_implementation(&literal_fn("get_price"), &v, || None).is_none());
        let p = fake_implementation(&literal_fn("get_price"), &v, || Some(" (c)".into())).unwrap();
        assert!(p.message.ends_with(" (c)"));
    }

    #[test]
    fn inputs_used_or_work_done_is_not_a_fake() {
        let v = vocab();
        let mut f = literal_fn("fetch_price");
        f.uses_inputs = true;
        assert!(fake_implementation(&f, &v, || None).is_none());
        let mut f = literal_fn("fetch_price");
        f.work_calls = 1;
        f.calls = 1;
        assert!(fake_implementation(&f, &v, || None).is_none());
        let mut f = literal_fn("fetch_price");
        f.in_subclass = true;
        assert!(fake_implementation(&f, &v, || None).is_none());
    }

    #[test]
    fn made_up_data_names() {
        let v = vocab();
        for yes in [
            "SAMPLE_RESULTS",
            "demo_results",
            "mockResponse",
            "fake_items",
        ] {
            assert!(names_made_up_data(&v, yes), "{yes}");
        }
        for no in [
            "DEFAULT_SAMPLE",
            "sampleRate",
            "DEFAULT_SAMPLE_RATE",
            "sample_size",
            "Dummy",
            "_DummyLock",
            "results",
        ] {
            assert!(!names_made_up_data(&v, no), "{no}");
        }
    }

    #[test]
    fn random_result_needs_a_result_name_or_a_strong_verb() {
        let v = vocab();
        let random = |name: &str, as_what: Option<&str>| FunctionFacts {
            name: name.into(),
            returns: vec![Returned {
                range: 0..5,
                random: Some(as_what.map(str::to_string)),
                ..Returned::default()
            }],
            ..FunctionFacts::default()
        };
        assert!(fake_implementation(&random("score", None), &v, || None).is_some());
        assert!(fake_implementation(&random("pick", None), &v, || None).is_none());
        assert!(fake_implementation(&random("pick", Some("confidence")), &v, || None).is_some());
        assert!(fake_implementation(&random("retry_jitter", None), &v, || None).is_none());
    }
}
