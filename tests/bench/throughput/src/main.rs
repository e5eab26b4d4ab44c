//! Per-call overhead: calls per second of our client, the official SDK,
//! hyper-util's pooled client on its own and a raw HTTP/1.1 loop against a
//! canned keep-alive server on 127.0.0.1 in the same process, with one task
//! and with 16 concurrent tasks.
//!
//! Rounds interleave the three clients so that a noisy machine affects them
//! alike; the median over rounds is reported. The run is bounded: a
//! watchdog ends the process if it takes far longer than planned.
//!
//! ```sh
//! cargo run --release -p bench-throughput -- [--seconds 2] [--rounds 5] [--tasks 16] [--only ours,official,hyper,raw]
//! ```
//!
//! Besides the human-readable table, every median is printed as a line
//! `RESULT <sequential|concurrent> <ours|official|hyper|raw> <calls per second>`.

mod clients;
mod raw;
mod server;
mod wire;

use std::process::ExitCode;
use std::time::{Duration, Instant};

use clients::{Clients, Kind};
use server::CannedServer;

/// What to run, from the command line.
struct Plan {
    seconds: f64,
    warmup: f64,
    rounds: usize,
    tasks: usize,
    /// Clients to measure; all by default. One alone is handy under a profiler.
    only: Vec<Kind>,
}

fn parse_args() -> Result<Plan, String> {
    let mut plan = Plan { seconds: 2.0, warmup: 0.3, rounds: 5, tasks: 16, only: Kind::ALL.to_vec() };
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| format!("{flag} needs a value"))?;
        let bad = format!("bad value {value:?} for {flag}");
        match flag.as_str() {
            "--seconds" => plan.seconds = value.parse().map_err(|_| bad)?,
            "--warmup" => plan.warmup = value.parse().map_err(|_| bad)?,
            "--rounds" => plan.rounds = value.parse().map_err(|_| bad)?,
            "--tasks" => plan.tasks = value.parse().map_err(|_| bad)?,
            "--only" => {
                let kinds: Option<Vec<Kind>> =
                    value.split(',').map(|name| Kind::ALL.into_iter().find(|k| k.name() == name)).collect();
                plan.only = kinds.filter(|k| !k.is_empty()).ok_or(bad)?;
            }
            _ => return Err(format!("unknown argument {flag:?}")),
        }
    }
    let sane = plan.seconds > 0.0 && plan.seconds <= 60.0 && plan.warmup >= 0.0 && plan.warmup <= 10.0;
    if !sane || plan.rounds == 0 || plan.rounds > 50 || plan.tasks == 0 || plan.tasks > 1024 {
        return Err("out of range: 0 < seconds <= 60, 0 <= warmup <= 10, 1 <= rounds <= 50, 1 <= tasks <= 1024".into());
    }
    Ok(plan)
}

/// Runs `tasks` concurrent loops of `kind` for `seconds`; returns calls per second.
async fn measure(clients: &Clients, kind: Kind, tasks: usize, seconds: f64) -> Result<f64, String> {
    let start = Instant::now();
    let deadline = tokio::time::Instant::now() + Duration::from_secs_f64(seconds);
    let handles: Vec<_> = (0..tasks).map(|_| tokio::spawn(clients.clone().call_until(kind, deadline))).collect();
    let mut calls = 0;
    for handle in handles {
        calls += handle.await.map_err(|e| format!("task failed: {e}"))??;
    }
    Ok(calls as f64 / start.elapsed().as_secs_f64())
}

/// The median; `None` for a client that was not measured.
fn median(values: &mut [f64]) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2.0),
    }
}

async fn run(plan: &Plan) -> Result<(), String> {
    let server = CannedServer::start().await.map_err(|e| format!("cannot start the server: {e}"))?;
    let clients = Clients::new(server.addr).await;
    // Both clients must really work before their speed means anything.
    clients.call_ours().await?;
    clients.call_official().await?;
    eprintln!("canned server at {}; {} rounds of {} s per client and mode", server.url(), plan.rounds, plan.seconds);

    let modes = [("sequential", 1), ("concurrent", plan.tasks)];
    let mut rates = vec![vec![Vec::new(); Kind::ALL.len()]; modes.len()];
    for round in 0..plan.rounds {
        for (m, &(mode, tasks)) in modes.iter().enumerate() {
            // Rotating the order keeps any drift in the machine's load from
            // favouring whichever client always runs first.
            for i in 0..Kind::ALL.len() {
                let k = (i + round) % Kind::ALL.len();
                let kind = Kind::ALL[k];
                if !plan.only.contains(&kind) {
                    continue;
                }
                measure(&clients, kind, tasks, plan.warmup).await?;
                let rate = measure(&clients, kind, tasks, plan.seconds).await?;
                eprintln!("round {}: {mode:<10} {:<8} {rate:>10.0} calls/s", round + 1, kind.name());
                rates[m][k].push(rate);
            }
        }
    }

    println!(
        "{:<24} {:>10} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "calls/s (median)", "ours", "official", "hyper", "raw", "ours/off.", "ours/raw"
    );
    for (m, &(mode, tasks)) in modes.iter().enumerate() {
        let [ours, official, hyper, raw] = [0, 1, 2, 3].map(|k| median(&mut rates[m][k]).unwrap_or(f64::NAN));
        let label = format!("{mode} ({tasks} task{})", if tasks == 1 { "" } else { "s" });
        println!(
            "{label:<24} {ours:>10.0} {official:>10.0} {hyper:>10.0} {raw:>10.0} {:>10.2} {:>10.2}",
            ours / official,
            ours / raw
        );
        for (kind, rate) in Kind::ALL.iter().zip([ours, official, hyper, raw]).filter(|(_, r)| r.is_finite()) {
            println!("RESULT {mode} {} {rate:.1}", kind.name());
        }
    }
    eprintln!("the server answered {} requests on {} connections", server.answered(), server.accepted());
    Ok(())
}

fn main() -> ExitCode {
    let plan = match parse_args() {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!(
                "error: {e}\nusage: bench-throughput [--seconds S] [--warmup S] [--rounds N] [--tasks N] [--only ours,official,hyper,raw]"
            );
            return ExitCode::from(2);
        }
    };
    // Eight measurements (plus warm-ups) per round; anything far beyond that
    // means a hung connection, so the process stops itself.
    let planned = plan.rounds as f64 * 8.0 * (plan.seconds + plan.warmup);
    let limit = Duration::from_secs_f64(planned * 3.0 + 60.0);
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!("error: the benchmark did not finish within {limit:?}");
        std::process::exit(3);
    });
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("error: cannot start the Tokio runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(&plan)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
