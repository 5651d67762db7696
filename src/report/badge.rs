//! The readiness badge: a shields.io-style flat SVG and a shields.io
//! endpoint JSON (`https://img.shields.io/endpoint?url=...`).

use crate::score::{Scorecard, color_for};

/// Approximate advance widths of Verdana 11px (what shields.io measures
/// with), in tenths of a pixel.
fn char_width(c: char) -> u32 {
    match c {
        'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '!' | '\'' | '|' => 35,
        'f' | 't' | 'r' | 'I' | ' ' | '(' | ')' | '[' | ']' | '/' => 45,
        'm' | 'w' | 'M' | 'W' | '%' => 100,
        'A'..='Z' => 75,
        '0'..='9' => 70,
        _ => 65,
    }
}

fn text_width(s: &str) -> u32 {
    s.chars().map(char_width).sum::<u32>().div_ceil(10)
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The badge's message and colours: "6.5/10" and its band, or "unknown".
fn message(card: Option<&Scorecard>) -> (String, &'static str, &'static str) {
    match card {
        Some(c) => {
            let (name, hex) = color_for(c.score);
            (format!("{:.1}/10", c.score), name, hex)
        }
        None => ("unknown".to_string(), "lightgrey", "#9f9f9f"),
    }
}

/// A flat SVG badge, label "readiness".
pub fn svg(card: Option<&Scorecard>) -> String {
    let label = "readiness";
    let (msg, _, color) = message(card);
    let lw = text_width(label) + 10;
    let mw = text_width(&msg) + 10;
    let w = lw + mw;
    let lx = lw * 5; // centre, in tenths (font scaled by 0.1)
    let mx = lw * 10 + mw * 5;
    let ltl = (lw - 10) * 10;
    let mtl = (mw - 10) * 10;
    let title = escape(&format!("{label}: {msg}"));
    let label = escape(label);
    let msg = escape(&msg);
    format!(
        concat!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{title}\">",
            "<title>{title}</title>",
            "<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\" stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>",
            "<clipPath id=\"r\"><rect width=\"{w}\" height=\"20\" rx=\"3\" fill=\"#fff\"/></clipPath>",
            "<g clip-path=\"url(#r)\"><rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{mw}\" height=\"20\" fill=\"{color}\"/><rect width=\"{w}\" height=\"20\" fill=\"url(#s)\"/></g>",
            "<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" text-rendering=\"geometricPrecision\" font-size=\"110\">",
            "<text aria-hidden=\"true\" x=\"{lx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"{ltl}\">{label}</text>",
            "<text x=\"{lx}\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\" textLength=\"{ltl}\">{label}</text>",
            "<text aria-hidden=\"true\" x=\"{mx}\" y=\"150\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"{mtl}\">{msg}</text>",
            "<text x=\"{mx}\" y=\"140\" transform=\"scale(.1)\" fill=\"#fff\" textLength=\"{mtl}\">{msg}</text>",
            "</g></svg>\n"
        ),
        w = w,
        lw = lw,
        mw = mw,
        lx = lx,
        mx = mx,
        ltl = ltl,
        mtl = mtl,
        title = title,
        label = label,
        msg = msg,
        color = color,
    )
}

/// shields.io endpoint JSON; `isError` with message "error" when there is
/// no scorecard (the analysis failed or had nothing to score).
pub fn endpoint_json(card: Option<&Scorecard>) -> String {
    let v = match card {
        Some(c) => {
            let (msg, name, _) = message(Some(c));
            serde_json::json!({"schemaVersion": 1, "label": "readiness", "message": msg, "color": name})
        }
        None => {
            serde_json::json!({"schemaVersion": 1, "label": "readiness", "message": "error", "color": "lightgrey", "isError": true})
        }
    };
    format!("{v}\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::score::Scorecard;

    fn card(score: f64) -> Scorecard {
        Scorecard {
            score,
            criteria: Vec::new(),
        }
    }

    #[test]
    fn svg_is_well_formed_and_says_the_score() {
        for c in [Some(card(6.5)), Some(card(10.0)), None] {
            let s = svg(c.as_ref());
            let doc = roxmltree::Document::parse(&s).expect("well-formed SVG");
            let root = doc.root_element();
            assert_eq!(root.tag_name().name(), "svg");
            let texts: Vec<&str> = root
                .descendants()
                .filter(|n| n.has_tag_name("text"))
                .filter_map(|n| n.text())
                .collect();
            assert_eq!(texts[0], "readiness");
            let msg = c
                .as_ref()
                .map_or("unknown".to_string(), |c| format!("{:.1}/10", c.score));
            assert_eq!(texts[3], msg);
            let w: u32 = root.attribute("width").unwrap().parse().unwrap();
            assert!((70..200).contains(&w), "{w}");
        }
        assert!(svg(Some(&card(6.5))).contains("#a4a61d"));
    }

    #[test]
    fn endpoint() {
        let v: serde_json::Value = serde_json::from_str(&endpoint_json(Some(&card(6.5)))).unwrap();
        assert_eq!(v["schemaVersion"], 1);
        assert_eq!(v["message"], "6.5/10");
        assert_eq!(v["color"], "yellowgreen");
        let e: serde_json::Value = serde_json::from_str(&endpoint_json(None)).unwrap();
        assert_eq!(e["isError"], true);
    }
}
