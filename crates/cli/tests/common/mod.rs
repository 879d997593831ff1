//! Running the CLI binary from the tests.
#![allow(dead_code)]

use std::process::Command;

/// A file of the repository, by folder and name.
pub fn path(dir: &str, name: &str) -> String {
    format!("{}/../../{dir}/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// A bundled scenario.
pub fn scenario(name: &str) -> String {
    path("public/scenarios", name)
}

/// Runs `wirelab` with `args`: exit code, stdout, stderr.
pub fn wirelab(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_wirelab"))
        .args(args)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}
