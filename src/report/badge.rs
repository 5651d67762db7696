//! The readiness badge: an SVG and a shields.io endpoint JSON.
//!
//! INTERFACE SKELETON (owned by the claim/scorecard work).

use crate::score::Scorecard;

/// A flat SVG badge, label "readiness".
pub fn svg(card: Option<&Scorecard>) -> String {
    let message = card.map_or_else(|| "unknown".to_string(), |c| format!("{:.1}/10", c.score));
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"140\" height=\"20\" role=\"img\" aria-label=\"readiness: {message}\"><text x=\"4\" y=\"14\">readiness: {message}</text></svg>\n"
    )
}

/// shields.io endpoint JSON.
pub fn endpoint_json(card: Option<&Scorecard>) -> String {
    let v = match card {
        Some(c) => {
            serde_json::json!({"schemaVersion": 1, "label": "readiness", "message": format!("{:.1}/10", c.score), "color": "lightgrey"})
        }
        None => {
            serde_json::json!({"schemaVersion": 1, "label": "readiness", "message": "error", "color": "lightgrey", "isError": true})
        }
    };
    format!("{v}\n")
}
