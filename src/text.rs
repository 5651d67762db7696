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

/// The largest char boundary at or below `i` (`text.len()` when past it).
/// `%XX` escapes decoded (and `+` as a space when `plus_as_space`, as in
/// query strings and shields.io badge labels); invalid escapes are kept.
pub fn percent_decode(s: &str, plus_as_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(v) = s
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(if plus_as_space && b[i] == b'+' {
            b' '
        } else {
            b[i]
        });
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
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

/// The smallest char boundary at or above `i` (`text.len()` when past it).
pub fn ceil_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// `text[range]` for byte offsets that came from somewhere else (a regex
/// match on another string, arithmetic on a match): never panics. The
/// range is clamped to the text and widened to whole characters; an
/// inverted range is empty.
pub fn slice(text: &str, range: std::ops::Range<usize>) -> &str {
    let start = floor_char_boundary(text, range.start);
    let end = ceil_char_boundary(text, range.end).max(start);
    &text[start..end]
}

/// The byte range of the line holding `range`, but at most `reach` bytes
/// either side of it: on a minified file's one 50 MB line, per-match
/// line context stays constant-time instead of scanning the whole line.
pub fn line_around(
    text: &str,
    range: std::ops::Range<usize>,
    reach: usize,
) -> std::ops::Range<usize> {
    let start = floor_char_boundary(text, range.start);
    let end = ceil_char_boundary(text, range.end).max(start);
    let lo = floor_char_boundary(text, start.saturating_sub(reach));
    let hi = ceil_char_boundary(text, end.saturating_add(reach));
    let line_start = text[lo..start].rfind('\n').map_or(lo, |i| lo + i + 1);
    let line_end = text[end..hi].find('\n').map_or(hi, |i| end + i);
    line_start..line_end
}

/// The last `n` bytes of `text`, or a little more so it starts on a char
/// boundary.
pub fn tail(text: &str, n: usize) -> &str {
    slice(text, text.len().saturating_sub(n)..text.len())
}

#[cfg(test)]
mod tests {
    #[test]
    fn percent_decode_keeps_invalid_escapes() {
        assert_eq!(super::percent_decode("a%20b+c%2", false), "a b+c%2");
        assert_eq!(
            super::percent_decode("85%25+coverage%zz", true),
            "85% coverage%zz"
        );
        assert_eq!(super::percent_decode("caf%C3%A9%", false), "café%");
    }

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
    fn slice_widens_to_whole_characters_and_clamps() {
        let text = "日本key";
        assert_eq!(slice(text, 1..4), "日本");
        assert_eq!(slice(text, 5..99), "本key");
        let (from, to) = (7, 2);
        assert_eq!(slice(text, from..to), "");
        assert_eq!(tail(text, 4), "本key");
        assert_eq!(tail("ab", 8), "ab");
    }

    #[test]
    fn line_around_is_the_line_within_reach() {
        let text = "one\ntwo three\nfour";
        let at = text.find("three").unwrap();
        assert_eq!(&text[line_around(text, at..at + 5, 100)], "two three");
        assert_eq!(&text[line_around(text, at..at + 5, 2)], "o three");
        let long = "x".repeat(100) + "日本";
        let r = line_around(&long, 100..103, 4);
        assert_eq!(&long[r], "xxxx日本");
    }

    #[test]
    fn offset_past_end_is_clamped() {
        let text = "ab";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 99), (1, 3));
    }
}
