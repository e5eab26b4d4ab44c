//! Generation speed, with parsing the JSON alone as the floor.
//!
//! Two models: our one-operation model in `model/` and the whole Partner
//! Central Selling service from `../shared/models/aws/` (skipped, with a
//! note, when `../shared` is absent). For each: `parse_only` (serde_json to a
//! `Value`, the floor), `load` (typed model with validation), `generate`
//! (every file of the crate in memory, from the loaded model) and
//! `load_and_generate` (both: what a build script pays).
//!
//! ```sh
//! cargo bench -p codegen --bench generate
//! ```

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{Criterion, SamplingMode, criterion_group, criterion_main};

/// The model's file and text, read once so that disk speed stays out of the figures.
struct Input {
    name: String,
    text: String,
}

impl Input {
    fn read(path: &Path) -> Option<Input> {
        let text = std::fs::read_to_string(path).ok()?;
        Some(Input { name: path.display().to_string(), text })
    }
}

fn one_operation_model() -> PathBuf {
    codegen::workspace_root().join("model/partnercentral-selling.json")
}

fn whole_service_model() -> PathBuf {
    codegen::workspace_root().join("../shared/models/aws/partnercentral-selling-2022-07-26.json")
}

/// Adds the four benchmarks for one model to a group named `group`.
fn bench_model(c: &mut Criterion, group: &str, input: &Input, slow: bool) {
    let settings = codegen::Settings::default();
    let model = codegen::smithy::load_str(&input.name, &input.text).expect("the model loads");
    let mut group = c.benchmark_group(group);
    if slow {
        // Each iteration takes a large fraction of a second: a few flat
        // samples give a stable median without minutes of waiting.
        group.sampling_mode(SamplingMode::Flat).sample_size(10).measurement_time(Duration::from_secs(8));
    }
    group.bench_function("parse_only", |b| {
        b.iter(|| serde_json::from_str::<serde_json::Value>(black_box(&input.text)).expect("valid JSON"))
    });
    group.bench_function("load", |b| {
        b.iter(|| codegen::smithy::load_str(&input.name, black_box(&input.text)).expect("the model loads"))
    });
    group.bench_function("generate", |b| {
        b.iter(|| codegen::emit::generate(black_box(&model), &settings).expect("the crate generates"))
    });
    group.bench_function("load_and_generate", |b| {
        b.iter(|| {
            let model = codegen::smithy::load_str(&input.name, black_box(&input.text)).expect("the model loads");
            codegen::emit::generate(&model, &settings).expect("the crate generates")
        })
    });
    group.finish();
}

fn one_operation(c: &mut Criterion) {
    let path = one_operation_model();
    let input = Input::read(&path).unwrap_or_else(|| panic!("cannot read {}", path.display()));
    bench_model(c, "one_operation", &input, false);
}

fn whole_service(c: &mut Criterion) {
    let path = whole_service_model();
    match Input::read(&path) {
        Some(input) => bench_model(c, "whole_service", &input, true),
        None => eprintln!("skipping whole_service: {} is absent (it comes with ../shared)", path.display()),
    }
}

criterion_group!(benches, one_operation, whole_service);
criterion_main!(benches);
