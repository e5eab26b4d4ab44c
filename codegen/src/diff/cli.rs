//! `codegen diff OLD.json NEW.json [--operation NAME]… [--service ID]
//! [--format text|json] [--fail-on breaking|dangerous|never]`.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::change::Level;
use super::{DiffOptions, compare_files};
use crate::smithy::ShapeId;

/// The subcommand's usage text.
pub const USAGE: &str = "\
usage: codegen diff OLD.json NEW.json [OPTIONS]

Reports what changed between two versions of a Smithy JSON AST model, what
each change means on the wire and for the Rust API of the regenerated crate,
and the semver bump the crate needs.

options:
  --operation NAME   compare only this operation and what it reaches (repeatable)
  --service ID       the service shape id, when a model has several
  --format FORMAT    text (default) or json
  --fail-on LEVEL    exit 1 when a change is at least this bad, on the wire or
                     for the Rust API: breaking, dangerous or never (default)
  -h, --help         show this help

exit status: 0 when no change reaches --fail-on, 1 when one does, 2 on errors.
";

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

#[derive(Debug)]
struct Args {
    old: PathBuf,
    new: PathBuf,
    options: DiffOptions,
    format: Format,
    fail_on: Option<Level>,
}

/// Runs the subcommand with the arguments after `diff`; returns the exit status.
pub fn main(args: Vec<String>) -> ExitCode {
    let code = run(args, &mut std::io::stdout().lock(), &mut std::io::stderr().lock());
    ExitCode::from(code)
}

/// Runs the subcommand, writing the report to `out` and problems to `err`;
/// returns the exit status: 0, 1 when a change reaches `--fail-on`, 2 on errors.
pub fn run(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match run_checked(args, out) {
        Ok(code) => code,
        Err(message) => {
            let _ = writeln!(err, "error: {message}");
            2
        }
    }
}

fn run_checked(args: Vec<String>, out: &mut dyn Write) -> Result<u8, String> {
    let Some(args) = parse(args).map_err(|e| format!("{e}\n\n{USAGE}"))? else {
        write!(out, "{USAGE}").map_err(|e| e.to_string())?;
        return Ok(0);
    };
    let report = compare_files(&args.old, &args.new, &args.options).map_err(|e| e.to_string())?.into_report();
    let text = match args.format {
        Format::Text => report.to_text(),
        Format::Json => {
            let json = serde_json::to_string_pretty(&report.to_json());
            json.map_err(|e| format!("cannot write the report as JSON: {e}"))? + "\n"
        }
    };
    out.write_all(text.as_bytes()).map_err(|e| format!("cannot write the report: {e}"))?;
    Ok(match (args.fail_on, report.worst_level()) {
        (Some(threshold), Some(worst)) if worst >= threshold => 1,
        _ => 0,
    })
}

fn parse(raw: Vec<String>) -> Result<Option<Args>, String> {
    let mut paths = Vec::new();
    let mut options = DiffOptions::default();
    let mut format = Format::Text;
    let mut fail_on = None;
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
            "--operation" => options.operations.push(value("--operation")?),
            "--service" => {
                let id = value("--service")?;
                options.service = Some(ShapeId::parse(&id).map_err(|e| format!("--service: {e}"))?);
            }
            "--format" => {
                format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    other => return Err(format!("--format must be `text` or `json`, not `{other}`")),
                }
            }
            "--fail-on" => {
                fail_on = match value("--fail-on")?.as_str() {
                    "never" => None,
                    "breaking" => Some(Level::Breaking),
                    "dangerous" => Some(Level::Dangerous),
                    other => {
                        return Err(format!("--fail-on must be `breaking`, `dangerous` or `never`, not `{other}`"));
                    }
                }
            }
            other if other.starts_with('-') && other.len() > 1 => return Err(format!("unknown option `{other}`")),
            _ => paths.push(PathBuf::from(arg)),
        }
    }
    let [old, new] = <[PathBuf; 2]>::try_from(paths)
        .map_err(|p| format!("expected two model files (OLD.json NEW.json), got {}", p.len()))?;
    Ok(Some(Args { old, new, options, format, fail_on }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Option<Args>, String> {
        parse(list.iter().map(|s| s.to_string()).collect())
    }

    #[test]
    fn parses_paths_and_options() {
        let a = args(&["a.json", "b.json", "--operation", "Op", "--format=json", "--fail-on", "dangerous"])
            .unwrap()
            .unwrap();
        assert_eq!((a.old, a.new), (PathBuf::from("a.json"), PathBuf::from("b.json")));
        assert_eq!(a.options.operations, ["Op"]);
        assert_eq!(a.format, Format::Json);
        assert_eq!(a.fail_on, Some(Level::Dangerous));
    }

    #[test]
    fn rejects_bad_usage() {
        assert!(args(&["a.json"]).unwrap_err().contains("expected two model files"));
        assert!(args(&["a", "b", "--format", "yaml"]).unwrap_err().contains("--format"));
        assert!(args(&["a", "b", "--fail-on", "sometimes"]).unwrap_err().contains("--fail-on"));
        assert!(args(&["a", "b", "--bogus"]).unwrap_err().contains("unknown option"));
    }
}
