//! The engine and model must stay free of the browser and of OS randomness.

#[test]
fn engine_and_model_have_no_browser_or_getrandom_dependency() {
    let out = std::process::Command::new(env!("CARGO"))
        .args([
            "tree",
            "-p",
            "wirelab-engine",
            "-p",
            "wirelab-model",
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
    assert!(tree.contains("wirelab-engine"), "{tree}");
    for banned in ["leptos", "web-sys", "wasm-bindgen", "js-sys", "getrandom"] {
        let hit = tree
            .lines()
            .find(|l| l.split_whitespace().next() == Some(banned));
        assert!(
            hit.is_none(),
            "{banned} must not be a dependency of the engine or model: {hit:?}"
        );
    }
}
