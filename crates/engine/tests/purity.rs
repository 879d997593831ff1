//! The pure crates (model, engine, editor, cli, fuzz) must stay free of the browser and
//! of OS randomness.

#[test]
fn pure_crates_have_no_browser_or_getrandom_dependency() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "wirelab-engine",
            "-p",
            "wirelab-model",
            "-p",
            "wirelab-editor",
            "-p",
            "wirelab-cli",
            "-p",
            "wirelab-fuzz",
            "-e",
            "normal,build",
            "--prefix",
            "none",
        ])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("cargo tree runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let tree = String::from_utf8_lossy(&out.stdout);
    for pure in [
        "wirelab-engine",
        "wirelab-model",
        "wirelab-editor",
        "wirelab-cli",
        "wirelab-fuzz",
    ] {
        assert!(tree.contains(pure), "{pure} missing from {tree}");
    }
    for banned in ["leptos", "web-sys", "wasm-bindgen", "js-sys", "getrandom"] {
        let hit = tree
            .lines()
            .find(|l| l.split_whitespace().next() == Some(banned));
        assert!(
            hit.is_none(),
            "{banned} must not be a dependency of a pure crate: {hit:?}"
        );
    }
}
