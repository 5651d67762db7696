// The wasm module's shadow stack (in linear memory) is 1 MiB by default;
// the parsers recurse, and deeply nested input overflowed it ("memory
// access out of bounds", crates.md pitfall 7). 8 MiB, set here rather than
// in .cargo/config.toml so no other crate's build changes.
fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-cdylib-link-arg=-zstack-size=8388608");
    }
}
