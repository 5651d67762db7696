//! `candor/`: rules about candor's own configuration and suppressions.

super::family_rules! {
    unused_suppression::UnusedSuppression,
}
