//! Positions in source text: byte offsets to 1-based lines and columns
//! counted in characters (like ruff), and the text of a line.

/// Maps byte offsets of one text to 1-based (line, column) pairs.
///
/// Lines end at `\n`; a `\r` before it belongs to the line ending, so CRLF
/// files count lines like LF files. A UTF-8 byte-order mark at the start of
/// the text is not a column.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    bom: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr_newlines(text).map(|i| i + 1));
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        Self { starts, bom }
    }

    /// 0-based index of the line holding `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    pub fn line_start(&self, line0: usize) -> usize {
        self.starts[line0]
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// 1-based line and character column of a byte offset.
    pub fn position(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line0 = self.line_of(offset);
        let mut start = self.starts[line0];
        if line0 == 0 {
            start = start.max(self.bom.min(offset));
        }
        let col = text[start..offset].chars().count() + 1;
        (line0 + 1, col)
    }

    /// The text of a 0-based line without its line ending.
    pub fn line_text<'a>(&self, text: &'a str, line0: usize) -> &'a str {
        let start = if line0 == 0 {
            self.bom.min(text.len())
        } else {
            self.starts[line0]
        };
        let end = self.starts.get(line0 + 1).copied().unwrap_or(text.len());
        let line = &text[start.min(end)..end];
        line.strip_suffix('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .unwrap_or(line)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|&(_, b)| b == b'\n')
        .map(|(i, _)| i)
}

/// The largest char boundary at or below `i`.
pub fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// ` (did you mean `x`?)` for the closest candidate, or nothing.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!(" (did you mean `{c}`?)"))
        .unwrap_or_default()
}

/// The candidate closest to `word` by edit distance, if close enough.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = levenshtein(&word.to_ascii_lowercase(), &c.to_ascii_lowercase());
        if best.is_none_or(|(bd, _)| d < bd) {
            best = Some((d, c));
        }
    }
    let (d, c) = best?;
    let limit = (word.chars().count().max(c.chars().count()) / 3).max(1);
    (d <= limit && d > 0).then_some(c)
}

fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let text = "a = \"é\"; key\n";
        let idx = LineIndex::new(text);
        let off = text.find("key").unwrap();
        assert_eq!(idx.position(text, off), (1, 10));
    }

    #[test]
    fn crlf_counts_like_lf() {
        let text = "one\r\ntwo\r\nthree";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, text.find("three").unwrap()), (3, 1));
        assert_eq!(idx.line_text(text, 1), "two");
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}KEY=1";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, text.find("KEY").unwrap()), (1, 1));
        assert_eq!(idx.line_text(text, 0), "KEY=1");
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let text = "ab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 99), (1, 3));
    }
}
