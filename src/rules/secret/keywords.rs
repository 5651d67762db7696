//! The keyword search: which detectors' keywords occur in a text, and
//! where. An Aho-Corasick DFA over the keywords (ASCII case-insensitive,
//! every overlapping match), walked in several interleaved lanes.
//!
//! Why its own DFA and not the `aho-corasick` crate's: a DFA walk is one
//! chain of dependent table loads, one per byte, so it runs at the latency
//! of a load whatever the CPU's width (aho-corasick's DFA: ~570 MB/s over
//! the standard library). Here the text is cut into [`LANES`] pieces, each
//! walked by its own chain in the same loop, so the loads overlap: ~900
//! MB/s in the same scan (8 lanes measured slower than 4). A lane
//! starts `longest - 1` bytes before its piece, from the start state: an
//! Aho-Corasick state is the longest suffix of the text read that is a
//! prefix of a keyword, never longer than the longest keyword, so by the
//! piece's first byte the lane is in the state a walk from the start of
//! the text would be in. It reports only matches that end inside its
//! piece; the pieces follow each other, so matches come out in the order
//! of their ends, as a single walk reports them.

/// Independent walks per search.
const LANES: usize = 4;
/// Below this a text is walked in one lane (the warm-up would dominate).
const MIN_LANE: usize = 256;

/// One keyword found: which, and where it starts and ends in the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeywordMatch {
    pub keyword: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug)]
pub struct KeywordDfa {
    /// Byte -> its class (ASCII letters fold to their lowercase's class;
    /// bytes in no keyword share class 0). A `u8` is enough: keywords are
    /// UTF-8, which never holds 13 of the 256 byte values.
    classes: [u8; 256],
    stride: usize,
    /// `trans[state + class]`: the next state, premultiplied by `stride`.
    trans: Vec<u32>,
    /// States at or above this (premultiplied) end a keyword.
    first_match: u32,
    /// Per match state (`(state - first_match) / stride`): the range of
    /// `outputs` that lists the keywords ending there.
    output_ranges: Vec<(u32, u32)>,
    outputs: Vec<u32>,
    lens: Vec<usize>,
    longest: usize,
}

impl KeywordDfa {
    /// The automaton over `keywords` (an empty keyword never matches).
    pub fn new(keywords: &[&str]) -> KeywordDfa {
        let patterns: Vec<Vec<u8>> = keywords
            .iter()
            .map(|k| k.as_bytes().to_ascii_lowercase())
            .collect();
        let mut classes = [0u8; 256];
        let mut next_class = 1usize;
        for b in patterns.iter().flatten() {
            if classes[usize::from(*b)] == 0 {
                classes[usize::from(*b)] = next_class as u8;
                if b.is_ascii_lowercase() {
                    classes[usize::from(b.to_ascii_uppercase())] = next_class as u8;
                }
                next_class += 1;
            }
        }
        let stride = next_class;
        const NONE: u32 = u32::MAX;
        // The trie: `goto` rows of `stride` entries, state 0 the root.
        let mut goto: Vec<u32> = vec![NONE; stride];
        let mut own: Vec<Vec<u32>> = vec![Vec::new()];
        for (i, p) in patterns.iter().enumerate() {
            if p.is_empty() {
                continue;
            }
            let mut s = 0usize;
            for b in p {
                let c = usize::from(classes[usize::from(*b)]);
                if goto[s * stride + c] == NONE {
                    let new = own.len();
                    goto[s * stride + c] = new as u32;
                    goto.extend(std::iter::repeat_n(NONE, stride));
                    own.push(Vec::new());
                }
                s = goto[s * stride + c] as usize;
            }
            own[s].push(i as u32);
        }
        let n = own.len();
        // Breadth first: each state's failure state is shallower, so its
        // transitions and outputs are complete when the state is reached.
        let mut delta: Vec<u32> = vec![0; n * stride];
        let mut fail = vec![0usize; n];
        let mut out: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut queue = std::collections::VecDeque::new();
        for c in 0..stride {
            let t = goto[c];
            if t != NONE {
                delta[c] = t;
                queue.push_back(t as usize);
            }
        }
        while let Some(s) = queue.pop_front() {
            let mut o = own[s].clone();
            o.extend(out[fail[s]].iter().copied());
            out[s] = o;
            for c in 0..stride {
                let t = goto[s * stride + c];
                let via_fail = delta[fail[s] * stride + c];
                if t == NONE {
                    delta[s * stride + c] = via_fail;
                } else {
                    delta[s * stride + c] = t;
                    fail[t as usize] = via_fail as usize;
                    queue.push_back(t as usize);
                }
            }
        }
        // Renumber: states without output first (the root stays 0), then
        // the match states, so one comparison tells a match.
        let mut order: Vec<usize> = (0..n).filter(|&s| out[s].is_empty()).collect();
        let first_match = order.len();
        order.extend((0..n).filter(|&s| !out[s].is_empty()));
        let mut new_id = vec![0u32; n];
        for (new, &old) in order.iter().enumerate() {
            new_id[old] = (new * stride) as u32;
        }
        let mut trans = vec![0u32; n * stride];
        let mut output_ranges = Vec::with_capacity(n - first_match);
        let mut outputs = Vec::new();
        for (new, &old) in order.iter().enumerate() {
            for c in 0..stride {
                trans[new * stride + c] = new_id[delta[old * stride + c] as usize];
            }
            if new >= first_match {
                let from = outputs.len() as u32;
                outputs.extend(out[old].iter().copied());
                output_ranges.push((from, outputs.len() as u32));
            }
        }
        KeywordDfa {
            classes,
            stride,
            trans,
            first_match: (first_match * stride) as u32,
            output_ranges,
            outputs,
            lens: patterns.iter().map(Vec::len).collect(),
            longest: patterns.iter().map(Vec::len).max().unwrap_or(0),
        }
    }

    /// Every occurrence of every keyword in `hay` (overlapping ones too),
    /// in the order of their ends.
    pub fn find_all(&self, hay: &[u8]) -> Vec<KeywordMatch> {
        // (index of the last byte, state) for each match-state visit.
        let mut visits: Vec<(usize, u32)> = Vec::new();
        let warm = self.longest.saturating_sub(1);
        if hay.len() < LANES * MIN_LANE.max(warm) {
            self.walk(hay, 0..hay.len(), 0, 0, &mut visits);
        } else {
            self.walk_lanes(hay, warm, &mut visits);
        }
        let mut found = Vec::with_capacity(visits.len());
        for (i, s) in visits {
            let (from, to) = self.output_ranges[((s - self.first_match) as usize) / self.stride];
            for &k in &self.outputs[from as usize..to as usize] {
                let k = k as usize;
                found.push(KeywordMatch {
                    keyword: k,
                    start: i + 1 - self.lens[k],
                    end: i + 1,
                });
            }
        }
        found
    }

    /// One walk of `hay[range]` from `state`, reporting matches that end
    /// at or after `report_from`; the state it ends in.
    fn walk(
        &self,
        hay: &[u8],
        range: std::ops::Range<usize>,
        report_from: usize,
        mut state: u32,
        visits: &mut Vec<(usize, u32)>,
    ) -> u32 {
        let from = range.start;
        for (j, &b) in hay[range].iter().enumerate() {
            state = self.trans[state as usize + usize::from(self.classes[usize::from(b)])];
            if state >= self.first_match && from + j >= report_from {
                visits.push((from + j, state));
            }
        }
        state
    }

    fn walk_lanes(&self, hay: &[u8], warm: usize, visits: &mut Vec<(usize, u32)>) {
        let piece = hay.len() / LANES;
        // Lane k reports bytes [bounds[k], bounds[k + 1]) and starts
        // `warm` bytes earlier (lane 0 at the start of the text).
        let bounds: [usize; LANES + 1] =
            std::array::from_fn(|k| if k == LANES { hay.len() } else { k * piece });
        let mut pos: [usize; LANES] = std::array::from_fn(|k| bounds[k].saturating_sub(warm));
        let mut state = [0u32; LANES];
        let mut lane_visits: [Vec<(usize, u32)>; LANES] = Default::default();
        // Every lane has at least `piece` bytes left to walk this long.
        for _ in 0..piece {
            for k in 0..LANES {
                let i = pos[k];
                let c = usize::from(self.classes[usize::from(hay[i])]);
                let s = self.trans[state[k] as usize + c];
                state[k] = s;
                if s >= self.first_match && i >= bounds[k] {
                    lane_visits[k].push((i, s));
                }
                pos[k] = i + 1;
            }
        }
        for (k, lane) in lane_visits.iter_mut().enumerate() {
            self.walk(hay, pos[k]..bounds[k + 1], bounds[k], state[k], lane);
            visits.append(lane);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aho_corasick::{AhoCorasickBuilder, MatchKind};

    fn oracle(keywords: &[&str], hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(keywords)
            .unwrap();
        let mut v: Vec<_> = ac
            .find_overlapping_iter(hay)
            .map(|m| (m.end(), m.start(), m.pattern().as_usize()))
            .collect();
        v.sort_unstable();
        v
    }

    fn ours(dfa: &KeywordDfa, hay: &[u8]) -> Vec<(usize, usize, usize)> {
        let found = dfa.find_all(hay);
        assert!(
            found.windows(2).all(|w| w[0].end <= w[1].end),
            "matches out of order"
        );
        let mut v: Vec<_> = found.iter().map(|m| (m.end, m.start, m.keyword)).collect();
        v.sort_unstable();
        v
    }

    #[test]
    fn finds_what_aho_corasick_finds_at_every_lane_boundary() {
        let keywords = [
            "telegr",
            "elegram",
            "key",
            "api_key",
            "s.",
            "sk",
            "sk_live",
            "bundle_enterprise__contribsys__com",
            "-----begin",
        ];
        let dfa = KeywordDfa::new(&keywords);
        // Each keyword (in mixed case) at every offset around the places
        // a lane boundary falls, in texts of lengths on both sides of the
        // one-lane limit.
        for len in [0, 10, 255, 1023, 1024, 1025, 4096, 4099, 9001] {
            let base: Vec<u8> = (0..len).map(|i| b"xyz ab\n"[i % 7]).collect();
            assert_eq!(ours(&dfa, &base), oracle(&keywords, &base), "len {len}");
            let piece = len / LANES;
            for k in &keywords {
                let word = k.to_ascii_uppercase().into_bytes();
                for b in 1..LANES {
                    let edge = b * piece;
                    for at in edge.saturating_sub(word.len() + 1)..(edge + 2).min(len) {
                        let mut hay = base.clone();
                        let end = (at + word.len()).min(len);
                        hay[at..end].copy_from_slice(&word[..end - at]);
                        assert_eq!(
                            ours(&dfa, &hay),
                            oracle(&keywords, &hay),
                            "len {len}, {k} at {at}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn finds_what_aho_corasick_finds_in_real_text() {
        let keywords: Vec<&str> = super::super::detectors::keywords().to_vec();
        let dfa = KeywordDfa::new(&keywords);
        let corpus = concat!(
            include_str!("mod.rs"),
            include_str!("detectors.rs"),
            include_str!("../../../rules/secrets.toml"),
        );
        let hay = corpus.as_bytes();
        let want = oracle(&keywords, hay);
        assert!(want.len() > 1000, "{}", want.len());
        assert_eq!(ours(&dfa, hay), want);
        for cut in [1, 300, 5000, 77_777] {
            let part = &hay[..cut.min(hay.len())];
            assert_eq!(ours(&dfa, part), oracle(&keywords, part), "cut {cut}");
        }
    }
}
