'use strict';
// The library API: `scan(files, config)` → report JSON (files: an array of
// `{path, content}`, config: a candor.toml text), `rules()`, `badge(report)`,
// `renderText(files, config)`, plus the lower-level `Scanner` / `ScanResult`.
module.exports = require('../pkg/candor_wasm.js');
