//! The bundled demo repository: every planted problem found, every clean
//! counterpart left alone. The snapshot grows as rule families land.

mod common;

use std::path::Path;

#[test]
fn demo_findings() {
    let dir = Path::new("examples/demo");
    let report = common::scan(dir, None);
    insta::assert_snapshot!("demo", common::compact(&report, dir));
}

#[test]
fn demo_scorecard() {
    let dir = Path::new("examples/demo");
    let report = common::scan(dir, None);
    let card = report.scorecard.expect("the demo has a scorecard");
    insta::assert_snapshot!("demo_scorecard", card.text_table());
}
