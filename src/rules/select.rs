//! Rule selection: `select`/`extend-select`/`ignore` selectors resolved
//! against the registry, with ruff's semantics.

use super::RuleMeta;

/// `ALL`, a family (`secret`), or a rule id (`secret/private-key`).
pub fn check_selector(sel: &str) -> Result<(), String> {
    if sel == "ALL" {
        return Ok(());
    }
    let sel_trim = sel.trim_end_matches('/');
    let known =
        super::all_meta().any(|m| m.id == sel_trim || crate::finding::family_of(m.id) == sel_trim);
    if known {
        return Ok(());
    }
    let mut candidates: Vec<&str> = super::all_meta().map(|m| m.id).collect();
    candidates.extend(super::all_meta().map(|m| crate::finding::family_of(m.id)));
    Err(format!(
        "unknown rule or family `{sel}`{}",
        crate::text::did_you_mean(sel, candidates)
    ))
}

/// How specific a selector is: ALL < family < rule.
pub fn specificity(sel: &str) -> u8 {
    if sel == "ALL" {
        0
    } else if sel.trim_end_matches('/').contains('/') {
        2
    } else {
        1
    }
}

pub fn selector_matches(sel: &str, rule: &str) -> bool {
    let sel = sel.trim_end_matches('/');
    sel == "ALL" || sel == rule || crate::finding::family_of(rule) == sel
}

/// ruff's semantics: the most specific matching selector decides; on a tie
/// `ignore` wins.
pub fn is_enabled(
    meta: &RuleMeta,
    select: &[String],
    extend: &[String],
    ignore: &[String],
) -> bool {
    let best = |list: &mut dyn Iterator<Item = &String>| {
        list.filter(|s| selector_matches(s, meta.id))
            .map(|s| specificity(s))
            .max()
    };
    let on = best(&mut select.iter().chain(extend.iter()));
    let off = best(&mut ignore.iter());
    let default_on = meta.default_enabled;
    match (on, off) {
        (Some(on), Some(off)) => on > off,
        // `ALL` (the default) leaves opt-in rules off unless named.
        (Some(0), None) => default_on,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The rule ids a selection turns on, in registry order.
pub fn resolve(select: &[String], extend: &[String], ignore: &[String]) -> Vec<&'static str> {
    super::all_meta()
        .filter(|m| is_enabled(m, select, extend, ignore))
        .map(|m| m.id)
        .collect()
}

/// Every rule id a selector names.
pub fn matching(sel: &str) -> impl Iterator<Item = &'static str> + '_ {
    super::all_meta()
        .map(|m| m.id)
        .filter(move |id| selector_matches(sel, id))
}
