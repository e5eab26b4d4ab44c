//! `codegen`: regenerate `generated/` from `model/`, or generate a crate from
//! any Smithy JSON AST model. Run with `--help` for usage.

use std::path::PathBuf;
use std::process::ExitCode;

use codegen::output::{WriteOutcome, check_crate, write_crate};
use codegen::{Generator, RuntimeDependency, absolute_path, default_generator, relative_path, workspace_root};

const USAGE: &str = "\
usage: codegen [OPTIONS]

With no options, regenerates the workspace's generated/ crate from model/.
`codegen diff OLD.json NEW.json` reports what changed between two models
(`codegen diff --help` for its options).
`codegen runtime --out DIR` writes the runtime crate that generated crates
depend on; generate crates against it with `--runtime DIR`.
`codegen runtime-clients` regenerates the STS, SSO and SSO OIDC clients the
runtime crate carries (`codegen runtime-clients --help`).

options:
  --model PATH         Smithy JSON AST model file (repeatable; files are merged)
  --operation NAME     generate only this operation and what it needs (repeatable)
  --service ID         the service shape id, when the model has several
  --out DIR            output folder (default: the workspace's generated/)
  --crate-name NAME    package name (default: from the service's sdkId)
  --crate-version VER  package version (default: 0.1.0)
  --previous-version VER
                       with --previous-model: write the version after VER that the
                       changes since the previous model need (see `codegen diff`)
  --previous-model PATH
                       the model the previous crate was generated from (repeatable)
  --model-label TEXT   how file headers name the model (default: the --model paths)
  --runtime DIR        depend on the runtime crate at DIR (written by `codegen runtime --out DIR`);
                       default: this workspace's codegen/runtime for output inside the workspace,
                       else a copy bundled in the crate's runtime/ folder
  --protocol-tests     also emit the model's protocol compliance tests (src/protocol_tests.rs)
  --check              do not write; exit 1 with a diff if the output folder is stale
  -h, --help           show this help
";

struct Args {
    models: Vec<PathBuf>,
    operations: Vec<String>,
    service: Option<String>,
    out: Option<PathBuf>,
    crate_name: Option<String>,
    crate_version: Option<String>,
    previous_version: Option<String>,
    previous_models: Vec<PathBuf>,
    check: bool,
    protocol_tests: bool,
    model_label: Option<String>,
    runtime: Option<PathBuf>,
    /// The arguments as given, for the regenerate command in file headers.
    raw: Vec<String>,
}

fn parse_args(raw: Vec<String>) -> Result<Option<Args>, String> {
    let mut args = Args {
        models: Vec::new(),
        operations: Vec::new(),
        service: None,
        out: None,
        crate_name: None,
        crate_version: None,
        previous_version: None,
        previous_models: Vec::new(),
        check: false,
        protocol_tests: false,
        model_label: None,
        runtime: None,
        raw: raw.clone(),
    };
    let mut it = raw.into_iter();
    while let Some(arg) = it.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            match inline.clone().or_else(|| it.next()) {
                Some(v) if !v.is_empty() => Ok(v),
                _ => Err(format!("{name} needs a value")),
            }
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(None),
            "--model" => args.models.push(PathBuf::from(value("--model")?)),
            "--operation" => args.operations.push(value("--operation")?),
            "--service" => args.service = Some(value("--service")?),
            "--out" => args.out = Some(PathBuf::from(value("--out")?)),
            "--crate-name" => args.crate_name = Some(value("--crate-name")?),
            "--crate-version" => args.crate_version = Some(value("--crate-version")?),
            "--previous-version" => args.previous_version = Some(value("--previous-version")?),
            "--previous-model" => args.previous_models.push(PathBuf::from(value("--previous-model")?)),
            "--check" => args.check = true,
            "--protocol-tests" => args.protocol_tests = true,
            "--model-label" => args.model_label = Some(value("--model-label")?),
            "--runtime" => args.runtime = Some(PathBuf::from(value("--runtime")?)),
            other if other.starts_with('-') => return Err(format!("unknown option `{other}`")),
            other => return Err(format!("unexpected argument `{other}`")),
        }
    }
    Ok(Some(args))
}

fn main() -> ExitCode {
    let raw: Vec<String> = std::env::args().skip(1).collect();
    if raw.first().map(String::as_str) == Some("diff") {
        return codegen::diff::cli::main(raw[1..].to_vec());
    }
    if raw.first().map(String::as_str) == Some("runtime") {
        return runtime_command(&raw[1..]);
    }
    if raw.first().map(String::as_str) == Some("runtime-clients") {
        return runtime_clients_command(&raw[1..]);
    }
    let args = match parse_args(raw) {
        Ok(Some(args)) => args,
        Ok(None) => {
            print!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode, codegen::Error> {
    let defaults = args.models.is_empty();
    let mut generator = if defaults { default_generator()? } else { Generator::new() };
    for m in &args.models {
        generator = generator.model(m);
    }
    for op in &args.operations {
        generator = generator.operation(op);
    }
    if let Some(s) = &args.service {
        generator = generator.service(s)?;
    }
    if let Some(n) = &args.crate_name {
        generator = generator.crate_name(n);
    }
    if let Some(v) = &args.crate_version {
        generator = generator.crate_version(v);
    }
    generator = generator.protocol_tests(args.protocol_tests);
    if let Some(label) = &args.model_label {
        generator = generator.model_label(label);
    }
    let previous = (args.previous_version.as_deref(), args.previous_models.as_slice());
    let selection = (args.models.as_slice(), args.operations.as_slice(), args.service.as_deref());
    if let Some(v) = codegen::diff::version::from_flags(previous, args.crate_version.as_deref(), selection)? {
        generator = generator.crate_version(v);
    }
    let out = args.out.clone().unwrap_or_else(|| workspace_root().join("generated"));
    generator = generator.runtime(runtime_dependency(&args, &out));
    if !defaults || args.out.is_some() {
        generator = generator.regenerate_command(regenerate_command(&args));
    }
    let krate = generator.generate()?;
    if args.check {
        let report = check_crate(&out, &krate)?;
        if report.is_fresh() {
            println!("{report}");
            return Ok(ExitCode::SUCCESS);
        }
        eprint!("{report}");
        eprintln!("\nto fix, run: {}", fix_command(&args));
        return Ok(ExitCode::from(1));
    }
    match write_crate(&out, &krate)? {
        WriteOutcome::Unchanged => println!("{} is up to date ({} files)", out.display(), krate.files.len()),
        WriteOutcome::Written => {
            println!("wrote {} ({} files, package {})", out.display(), krate.files.len(), krate.package)
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Where the crate written to `out` gets its runtime: `--runtime`, else this
/// workspace's runtime crate when `out` is inside the workspace, else a
/// bundled copy.
fn runtime_dependency(args: &Args, out: &std::path::Path) -> RuntimeDependency {
    let root = workspace_root();
    let runtime = match &args.runtime {
        Some(dir) => dir.clone(),
        None if absolute_path(out).starts_with(absolute_path(&root)) => root.join("codegen").join("runtime"),
        None => return RuntimeDependency::Bundled,
    };
    RuntimeDependency::Path(relative_path(out, &runtime).to_string_lossy().replace('\\', "/"))
}

/// The command file headers name: this invocation, without `--check`.
fn regenerate_command(args: &Args) -> String {
    let kept: Vec<String> = args.raw.iter().filter(|a| a.as_str() != "--check").map(|a| shell_word(a)).collect();
    format!("codegen {}", kept.join(" "))
}

/// `word` quoted for a POSIX shell where it needs it.
fn shell_word(word: &str) -> String {
    if !word.is_empty() && word.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c)) {
        word.to_owned()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

const RUNTIME_USAGE: &str = "\
usage: codegen runtime --out DIR [--check]

Writes the runtime crate that generated crates depend on to DIR. Crates
generated with `--runtime DIR` share it: one application with several
services compiles it once and shares one configuration, credentials cache
and connection pool.
";

/// `codegen runtime --out DIR [--check]`.
fn runtime_command(raw: &[String]) -> ExitCode {
    let mut out = None;
    let mut check = false;
    let mut it = raw.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{RUNTIME_USAGE}");
                return ExitCode::SUCCESS;
            }
            "--check" => check = true,
            "--out" => match it.next() {
                Some(dir) if !dir.is_empty() => out = Some(PathBuf::from(dir)),
                _ => {
                    eprintln!("error: --out needs a value\n\n{RUNTIME_USAGE}");
                    return ExitCode::from(2);
                }
            },
            other => match other.strip_prefix("--out=") {
                Some(dir) if !dir.is_empty() => out = Some(PathBuf::from(dir)),
                _ => {
                    eprintln!("error: unexpected argument `{other}`\n\n{RUNTIME_USAGE}");
                    return ExitCode::from(2);
                }
            },
        }
    }
    let Some(out) = out else {
        eprintln!("error: --out is required\n\n{RUNTIME_USAGE}");
        return ExitCode::from(2);
    };
    let krate = codegen::emit::runtime_crate();
    let result = if check {
        check_crate(&out, &krate).map(|report| {
            if report.is_fresh() {
                println!("{report}");
                ExitCode::SUCCESS
            } else {
                eprint!("{report}");
                eprintln!("\nto fix, run: codegen runtime --out {}", out.display());
                ExitCode::from(1)
            }
        })
    } else {
        write_crate(&out, &krate).map(|outcome| {
            match outcome {
                WriteOutcome::Unchanged => println!("{} is up to date ({} files)", out.display(), krate.files.len()),
                WriteOutcome::Written => {
                    println!("wrote the runtime crate to {} ({} files)", out.display(), krate.files.len())
                }
            }
            ExitCode::SUCCESS
        })
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        ExitCode::from(2)
    })
}

const RUNTIME_CLIENTS_USAGE: &str = "\
usage: codegen runtime-clients [--check] [--shared DIR]

Regenerates the clients the runtime crate's credentials chains call (STS
AssumeRole and AssumeRoleWithWebIdentity, SSO GetRoleCredentials, SSO OIDC
CreateToken) from the AWS models in the reference data, as the modules
codegen/runtime/src/clients/{sts,sso,sso_oidc}.

options:
  --shared DIR   the reference data holding models/ (default: ../shared beside the workspace)
  --check        do not write; exit 1 with a diff if the checked-in modules are stale
";

/// `codegen runtime-clients [--check] [--shared DIR]`.
fn runtime_clients_command(raw: &[String]) -> ExitCode {
    use codegen::runtime_clients::{
        check_runtime_client, default_shared_dir, generate_runtime_clients, runtime_dir, write_runtime_client,
    };
    let mut shared = default_shared_dir();
    let mut check = false;
    let mut it = raw.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "-h" | "--help" => {
                print!("{RUNTIME_CLIENTS_USAGE}");
                return ExitCode::SUCCESS;
            }
            "--check" => check = true,
            "--shared" => match it.next() {
                Some(dir) if !dir.is_empty() => shared = PathBuf::from(dir),
                _ => {
                    eprintln!("error: --shared needs a value\n\n{RUNTIME_CLIENTS_USAGE}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("error: unexpected argument `{other}`\n\n{RUNTIME_CLIENTS_USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let clients = match generate_runtime_clients(&shared) {
        Ok(clients) => clients,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let runtime = runtime_dir();
    let mut stale = false;
    for (client, module) in &clients {
        let result = if check {
            check_runtime_client(&runtime, client, module).map(|report| {
                if !report.is_fresh() {
                    stale = true;
                    eprint!("{report}");
                }
                format!("{} is up to date", client.module)
            })
        } else {
            write_runtime_client(&runtime, client, module).map(|outcome| match outcome {
                WriteOutcome::Unchanged => format!("{} is up to date ({} files)", client.module, module.files.len()),
                WriteOutcome::Written => format!("wrote {} ({} files)", client.module, module.files.len()),
            })
        };
        match result {
            Ok(line) if !stale => println!("{line}"),
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
    }
    if stale {
        eprintln!("\nto fix, run: {}", codegen::runtime_clients::REGENERATE_COMMAND);
        return ExitCode::from(1);
    }
    ExitCode::SUCCESS
}

/// The same command without `--check`.
fn fix_command(args: &Args) -> String {
    let mut cmd = String::from("cargo run -p codegen --");
    for m in &args.models {
        cmd += &format!(" --model {}", m.display());
    }
    for op in &args.operations {
        cmd += &format!(" --operation {op}");
    }
    if let Some(s) = &args.service {
        cmd += &format!(" --service {s}");
    }
    if let Some(o) = &args.out {
        cmd += &format!(" --out {}", o.display());
    }
    if let Some(n) = &args.crate_name {
        cmd += &format!(" --crate-name {n}");
    }
    if let Some(v) = &args.crate_version {
        cmd += &format!(" --crate-version {v}");
    }
    if args.protocol_tests {
        cmd += " --protocol-tests";
    }
    if let Some(label) = &args.model_label {
        cmd += &format!(" --model-label {label}");
    }
    if let Some(dir) = &args.runtime {
        cmd += &format!(" --runtime {}", dir.display());
    }
    if let Some(v) = &args.previous_version {
        cmd += &format!(" --previous-version {v}");
    }
    for m in &args.previous_models {
        cmd += &format!(" --previous-model {}", m.display());
    }
    cmd.trim_end_matches(" --").to_owned()
}
