//! Loads and generates every model file in the given folders in one process,
//! then prints how many succeeded and how long it took.
//!
//! ```sh
//! cargo run --release -p codegen --example generate_all -- ../shared/models/aws
//! ```

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    if dirs.is_empty() {
        eprintln!("usage: generate_all DIR...");
        return ExitCode::from(2);
    }
    let start = Instant::now();
    let (mut ok, mut failed) = (0, 0);
    for dir in dirs {
        let mut paths: Vec<PathBuf> = match std::fs::read_dir(&dir) {
            Ok(entries) => entries.filter_map(|e| e.ok().map(|e| e.path())).collect(),
            Err(e) => {
                eprintln!("cannot read {}: {e}", dir.display());
                return ExitCode::from(2);
            }
        };
        paths.retain(|p| p.extension().is_some_and(|x| x == "json"));
        paths.sort();
        for path in paths {
            let model = match codegen::smithy::load_file(&path) {
                Ok(model) => model,
                Err(e) => {
                    println!("FAILED {}: {e}", path.display());
                    failed += 1;
                    continue;
                }
            };
            for service in model.services() {
                let settings = codegen::Settings { service: Some(service.id.clone()), ..Default::default() };
                match codegen::emit::generate(&model, &settings) {
                    Ok(_) => ok += 1,
                    Err(e) => {
                        println!("FAILED {} ({}): {e}", path.display(), service.id);
                        failed += 1;
                    }
                }
            }
        }
    }
    println!("generated {ok} services, {failed} failed, in {:.2?}", start.elapsed());
    if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}
