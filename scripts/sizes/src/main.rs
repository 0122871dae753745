//! Prints the size report of the built Stylus contracts and fails if any is over the code limit.
//!
//! ```text
//! contract-sizes --dir target/wasm/wasm32-unknown-unknown/contract [--write reports/contract-sizes.md] NAME...
//! ```
//! `NAME` is a contract crate name (`gpu-registry`); its module is `<dir>/gpu_registry.wasm`.
//! The deployable size is what the chain counts: `EF F0 00 00` + brotli-11(wasm).

use std::{path::PathBuf, process::ExitCode};

use stylus_program::{encode, MAX_CODE_SIZE};

struct Row {
    name: String,
    raw: usize,
    deployed: usize,
}

fn usage(msg: &str) -> ExitCode {
    eprintln!("contract-sizes: {msg}");
    eprintln!("usage: contract-sizes --dir DIR [--write FILE] NAME...");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut dir: Option<PathBuf> = None;
    let mut write: Option<PathBuf> = None;
    let mut names = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => match args.next() {
                Some(d) => dir = Some(d.into()),
                None => return usage("--dir needs a value"),
            },
            "--write" => match args.next() {
                Some(f) => write = Some(f.into()),
                None => return usage("--write needs a value"),
            },
            "-h" | "--help" => return usage("help"),
            s if s.starts_with('-') => return usage(&format!("unknown flag {s}")),
            _ => names.push(arg),
        }
    }
    let Some(dir) = dir else {
        return usage("--dir is required");
    };
    if names.is_empty() {
        return usage("name at least one contract");
    }

    let mut rows = Vec::new();
    for name in &names {
        let path = dir.join(format!("{}.wasm", name.replace('-', "_")));
        let wasm = match std::fs::read(&path) {
            Ok(w) => w,
            Err(e) => {
                eprintln!(
                    "contract-sizes: cannot read {}: {e} (build the contracts first)",
                    path.display()
                );
                return ExitCode::FAILURE;
            }
        };
        rows.push(Row {
            name: name.clone(),
            raw: wasm.len(),
            deployed: encode(&wasm).len(),
        });
    }

    let table = render(&rows);
    print!("{table}");
    if let Some(file) = write {
        if let Err(e) = std::fs::write(&file, &table) {
            eprintln!("contract-sizes: cannot write {}: {e}", file.display());
            return ExitCode::FAILURE;
        }
    }
    let over: Vec<_> = rows.iter().filter(|r| r.deployed > MAX_CODE_SIZE).collect();
    if over.is_empty() {
        ExitCode::SUCCESS
    } else {
        for r in over {
            eprintln!(
                "contract-sizes: {} is {} bytes, {} over the {MAX_CODE_SIZE}-byte code limit",
                r.name,
                r.deployed,
                r.deployed - MAX_CODE_SIZE
            );
        }
        ExitCode::FAILURE
    }
}

fn render(rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str("| contract | wasm bytes | deployed bytes (brotli-11 + 4) | margin to 24,576 |\n");
    s.push_str("|---|---:|---:|---:|\n");
    for r in rows {
        let margin = MAX_CODE_SIZE as i64 - r.deployed as i64;
        s.push_str(&format!(
            "| {} | {} | {} | {} |\n",
            r.name, r.raw, r.deployed, margin
        ));
    }
    s
}
