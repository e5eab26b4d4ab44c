fn main() {
    let mut ok = 0;
    let mut failed = 0;
    let start = std::time::Instant::now();
    for dir in std::env::args().skip(1) {
        let mut paths: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
        paths.sort();
        for p in paths {
            if p.extension().is_some_and(|x| x == "json") {
                let t0 = std::time::Instant::now();
                let model = match codegen::smithy::load_file(&p) {
                    Ok(m) => m,
                    Err(e) => {
                        println!("{}: {e}", p.display());
                        failed += 1;
                        continue;
                    }
                };
                for svc in model.services() {
                    let settings = codegen::Settings { service: Some(svc.id.clone()), ..Default::default() };
                    match codegen::emit::generate(&model, &settings) {
                        Ok(_) => {
                            ok += 1;
                            eprintln!("TIME {:?} {}", t0.elapsed(), p.display());
                        }
                        Err(e) => {
                            println!("{}: {e}", p.display());
                            failed += 1
                        }
                    }
                }
            }
        }
    }
    println!("{ok} ok, {failed} failed in {:?}", start.elapsed());
}
