//! The lines a pull request adds or shows, from the `patch` of each file
//! in `GET /repos/{repo}/pulls/{n}/files` (a unified diff without headers).

use std::collections::BTreeSet;

/// New-side line numbers of one file's diff.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileDiff {
    /// Lines the PR adds (`+`).
    pub added: BTreeSet<usize>,
    /// Added lines and the context lines around them (`+` and ` `).
    pub context: BTreeSet<usize>,
}

/// Parses hunks (`@@ -a,b +c,d @@`). Malformed input yields what could be
/// read; it never panics.
pub fn parse_patch(patch: &str) -> FileDiff {
    let mut diff = FileDiff::default();
    let mut line: Option<usize> = None;
    for l in patch.lines() {
        if let Some(rest) = l.strip_prefix("@@") {
            line = hunk_start(rest);
            continue;
        }
        let Some(n) = line.as_mut() else { continue };
        match l.as_bytes().first() {
            Some(b'+') => {
                diff.added.insert(*n);
                diff.context.insert(*n);
                *n += 1;
            }
            Some(b'-') | Some(b'\\') => {}
            _ => {
                diff.context.insert(*n);
                *n += 1;
            }
        }
    }
    diff
}

/// `-a,b +c,d @@ …` → `c`.
fn hunk_start(rest: &str) -> Option<usize> {
    let plus = rest.split_whitespace().find(|p| p.starts_with('+'))?;
    let start = plus[1..].split(',').next()?;
    start.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_added_and_context_lines() {
        let patch = "@@ -1,3 +1,4 @@\n a\n-b\n+c\n+d\n e\n@@ -10,2 +11,2 @@ def f():\n x\n+y\n\\ No newline at end of file";
        let d = parse_patch(patch);
        assert_eq!(d.added.iter().copied().collect::<Vec<_>>(), vec![2, 3, 12]);
        assert_eq!(
            d.context.iter().copied().collect::<Vec<_>>(),
            vec![1, 2, 3, 4, 11, 12]
        );
    }

    #[test]
    fn garbage_is_empty() {
        assert_eq!(parse_patch("+x\n@@ nonsense @@\n+y"), FileDiff::default());
    }
}
