//! Language front-ends: each turns a file's text into facts rules read
//! (no rule logic here). A file is parsed at most once per scan.
