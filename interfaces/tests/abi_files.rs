//! The committed JSON ABIs are exactly what the Solidity interfaces say.

use std::path::PathBuf;

#[test]
fn committed_abis_match_the_interfaces() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("abi");
    let update = std::env::var_os("UPDATE_ABI").is_some();
    let mut stale = Vec::new();
    for (name, abi) in aid_interfaces::abis() {
        let json = serde_json::to_string_pretty(&abi).unwrap() + "\n";
        let path = dir.join(format!("{name}.json"));
        if update {
            std::fs::write(&path, &json).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(json.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(
        stale.is_empty(),
        "stale ABI files {stale:?}: run `UPDATE_ABI=1 cargo test -p aid-interfaces` and commit them"
    );
}

#[test]
fn every_interface_declares_errors_and_events() {
    for (name, abi) in aid_interfaces::abis() {
        assert!(abi.functions().count() > 0, "{name} has no functions");
        assert!(abi.events().count() > 0, "{name} has no events");
        assert!(abi.errors().count() > 0, "{name} has no custom errors");
    }
}
