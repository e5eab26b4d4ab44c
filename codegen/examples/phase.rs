fn main() {
    let p = std::env::args().nth(1).unwrap();
    let t = std::time::Instant::now();
    let text = std::fs::read_to_string(&p).unwrap();
    let _v: serde_json::Value = serde_json::from_str(&text).unwrap();
    eprintln!("json only {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let model = codegen::smithy::load_file(std::path::Path::new(&p)).unwrap();
    eprintln!("load {:?}", t.elapsed());
    let t = std::time::Instant::now();
    let (n, s) = codegen::passes::normalize(&model, None, &[]).unwrap();
    eprintln!("passes {:?}", t.elapsed());
    let _ = (n, s);
    let t = std::time::Instant::now();
    let k = codegen::emit::generate(&model, &Default::default()).unwrap();
    eprintln!("generate {:?} {} bytes", t.elapsed(), k.files.values().map(|f| f.len()).sum::<usize>());
}
