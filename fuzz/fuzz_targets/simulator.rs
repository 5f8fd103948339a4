//! The simulator on arbitrary request bodies, paths and scenario headers: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use qwen_sim::{mounts, Sim, SimRequest, SCENARIO_HEADER};

fuzz_target!(|data: &[u8]| {
    let m = mounts();
    let Some((&pick, rest)) = data.split_first() else { return };
    let mount = &m[pick as usize % m.len()];
    let (head, body) = rest.split_at(rest.len().min(12));
    let scenario = String::from_utf8_lossy(head);
    let path = if pick & 0x80 == 0 {
        format!("{}{}", mount.base_path, mount.surface.chat_path)
    } else {
        format!("{}/{}", mount.base_path, scenario)
    };
    let mut req = SimRequest::new(if pick & 0x40 == 0 { "POST" } else { "GET" }, &path)
        .with_header("Authorization", "Bearer sk-sim-intl-1")
        .with_header(SCENARIO_HEADER, &scenario);
    req.body = body.to_vec();
    let _ = Sim::new(0).handle(&req).bytes();
});
