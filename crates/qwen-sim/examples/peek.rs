//! Print what the simulator answers for a request: `cargo run -p qwen-sim --example peek -- <path> <json body> [key] [scenario]`.
#![allow(missing_docs)]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(body)) = (args.first(), args.get(1)) else {
        eprintln!("usage: peek <path> <json body> [key] [scenario]");
        return;
    };
    let mut req = qwen_sim::SimRequest::new("POST", path);
    req.body = body.clone().into_bytes();
    if let Some(k) = args.get(2) {
        req = req.with_header("Authorization", &format!("Bearer {k}"));
    }
    if let Some(s) = args.get(3) {
        req = req.with_header(qwen_sim::SCENARIO_HEADER, s);
    }
    let res = qwen_sim::Sim::new(0).handle(&req);
    println!("{} {:?}\n{}", res.status, res.headers, res.text());
}
