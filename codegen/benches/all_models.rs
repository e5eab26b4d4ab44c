//! Generates every model under `../shared/models/aws/` (or the folders given)
//! in one process, and times it against only parsing the same files' JSON.
//!
//! Each round reads every file from disk, then either parses it with
//! serde_json (the floor) or loads it and generates a crate in memory for
//! each of its services. The median round of each is reported, plus a line
//! `RESULT all_models <parse_only|load_and_generate> <seconds> <services>`
//! for scripts.
//!
//! ```sh
//! cargo bench -p codegen --bench all_models [-- --rounds 3 DIR...]
//! ```

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// The `.json` files of `dirs`, sorted.
fn model_files(dirs: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for dir in dirs {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
        files.extend(
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")),
        );
    }
    files.sort();
    Ok(files)
}

/// Reads and parses every file; returns the time taken.
fn parse_all(files: &[PathBuf]) -> Result<Duration, String> {
    let start = Instant::now();
    for path in files {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        std::hint::black_box(value);
    }
    Ok(start.elapsed())
}

/// Loads every file and generates each of its services; returns the time
/// taken and the number of services.
fn generate_all(files: &[PathBuf]) -> Result<(Duration, usize), String> {
    let start = Instant::now();
    let mut services = 0;
    for path in files {
        let model = codegen::smithy::load_file(path).map_err(|e| format!("{}: {e}", path.display()))?;
        for service in model.services() {
            let settings = codegen::Settings { service: Some(service.id.clone()), ..Default::default() };
            let krate = codegen::emit::generate(&model, &settings)
                .map_err(|e| format!("{} ({}): {e}", path.display(), service.id))?;
            std::hint::black_box(krate);
            services += 1;
        }
    }
    Ok((start.elapsed(), services))
}

fn median(mut values: Vec<Duration>) -> Duration {
    values.sort();
    values[values.len() / 2]
}

fn run() -> Result<(), String> {
    let mut rounds = 3usize;
    let mut dirs = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            // Passed by `cargo bench` to every harness-less benchmark.
            "--bench" => {}
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .ok_or("--rounds needs a positive number")?;
            }
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            dir => dirs.push(PathBuf::from(dir)),
        }
    }
    if dirs.is_empty() {
        let shared = codegen::workspace_root().join("../shared/models/aws");
        if !Path::new(&shared).is_dir() {
            println!("skipping all_models: {} is absent (it comes with ../shared)", shared.display());
            return Ok(());
        }
        dirs.push(shared);
    }
    let files = model_files(&dirs)?;
    let (mut parse_times, mut generate_times, mut services) = (Vec::new(), Vec::new(), 0);
    for round in 1..=rounds {
        let parsed = parse_all(&files)?;
        let (generated, count) = generate_all(&files)?;
        services = count;
        println!("round {round}: parse only {parsed:.2?}, load and generate {generated:.2?} ({count} services)");
        parse_times.push(parsed);
        generate_times.push(generated);
    }
    let (parsed, generated) = (median(parse_times), median(generate_times));
    println!(
        "{} files, {services} services: parse only {parsed:.2?}, load and generate {generated:.2?} (median of {rounds})",
        files.len()
    );
    println!("RESULT all_models parse_only {:.4} {services}", parsed.as_secs_f64());
    println!("RESULT all_models load_and_generate {:.4} {services}", generated.as_secs_f64());
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
