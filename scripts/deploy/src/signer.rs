//! Where the key that signs a deployment (or any operator transaction) comes from.
//!
//! A key is never taken from the command line, where it would land in shell history and in the
//! process list. It comes from one of:
//! - the `PRIVATE_KEY` environment variable (32 bytes of hex, `0x` optional);
//! - an encrypted keystore file (Web3 Secret Storage, as written by `cast wallet import`, geth or
//!   MetaMask exports), `--keystore FILE`, with its password from `--password-file FILE` or asked
//!   for on the terminal;
//! - on the local chain only, and only when neither is given, Nitro's public dev key.
//!
//! A binary takes the choice from its arguments by flattening [`KeyArgs`] into its clap parser and
//! calling [`KeyArgs::source`], then [`load`]:
//! ```no_run
//! # fn main() -> Result<(), aid_deploy::signer::SignerError> {
//! use aid_deploy::signer::{load, KeyArgs};
//! let args = KeyArgs { keystore: None, password_file: None };
//! let signer = load(&args.source(true)?)?; // local chain: the dev key unless PRIVATE_KEY is set
//! # let _ = signer; Ok(()) }
//! ```

use std::path::{Path, PathBuf};

use alloy::signers::local::PrivateKeySigner;

/// The environment variable a raw private key is read from.
pub const PRIVATE_KEY_ENV: &str = "PRIVATE_KEY";

/// Nitro's public dev key, prefunded on the local chain; never a key for anything else.
pub const DEV_KEY: &str = devnode::rpc::DEV_PRIVATE_KEY;

/// Where the signing key comes from.
#[derive(Clone, PartialEq, Eq)]
pub enum KeySource {
    /// A raw hex key taken from the environment variable named `var` (kept for error messages).
    Env {
        /// Name of the variable it came from.
        var: String,
        /// Its value.
        key: String,
    },
    /// An encrypted keystore file and where its password comes from.
    Keystore {
        /// The keystore JSON file.
        path: PathBuf,
        /// How the password is obtained.
        password: Password,
    },
    /// Nitro's public dev key (local chain only).
    DevKey,
}

// Never print key material, even in a debug log.
impl std::fmt::Debug for KeySource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Env { var, .. } => write!(f, "KeySource::Env({var})"),
            Self::Keystore { path, password } => {
                write!(f, "KeySource::Keystore({}, {password:?})", path.display())
            }
            Self::DevKey => write!(f, "KeySource::DevKey"),
        }
    }
}

/// Where a keystore's password comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Password {
    /// Asked for on the terminal (not echoed).
    Prompt,
    /// The first line of a file (trailing newline and spaces ignored).
    File(PathBuf),
}

/// Why no signer could be made; each names what to fix.
#[derive(Debug, thiserror::Error)]
pub enum SignerError {
    /// No key was given for a chain that is not the local one.
    #[error("no deployer key: set {PRIVATE_KEY_ENV} or pass --keystore FILE (the local chain's dev key is not used on other chains)")]
    Missing,
    /// Both a raw key and a keystore were given.
    #[error("both {PRIVATE_KEY_ENV} and --keystore are set: use one")]
    Ambiguous,
    /// `--password-file` without `--keystore`.
    #[error("--password-file is only used with --keystore")]
    PasswordWithoutKeystore,
    /// The environment variable does not hold a key.
    #[error("{var} is not a private key (expected 32 bytes of hex, 0x optional)")]
    BadKey {
        /// The variable's name.
        var: String,
    },
    /// A file could not be read.
    #[error("cannot read {what} {}: {source}", path.display())]
    Read {
        /// "keystore" or "password file".
        what: &'static str,
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The password could not be asked for (no terminal).
    #[error("cannot ask for the password of keystore {} ({source}); give it with --password-file FILE", path.display())]
    Prompt {
        /// The keystore.
        path: PathBuf,
        /// Why the prompt failed.
        source: std::io::Error,
    },
    /// The keystore did not decrypt: wrong password or not a keystore.
    #[error("cannot decrypt keystore {}: {reason} (wrong password, or not a Web3 Secret Storage file?)", path.display())]
    Decrypt {
        /// The keystore.
        path: PathBuf,
        /// What the decoder said.
        reason: String,
    },
}

/// The key options a binary flattens into its clap arguments (`#[command(flatten)] key: KeyArgs`).
/// The raw key itself is only read from the environment (`PRIVATE_KEY`), never from a flag.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct KeyArgs {
    /// Encrypted keystore file holding the signing key (instead of $PRIVATE_KEY).
    #[arg(long, env = "KEYSTORE", value_name = "FILE")]
    pub keystore: Option<PathBuf>,
    /// File holding the keystore's password (otherwise it is asked for on the terminal).
    #[arg(long, env = "KEYSTORE_PASSWORD_FILE", value_name = "FILE")]
    pub password_file: Option<PathBuf>,
}

impl KeyArgs {
    /// The key source these arguments and the environment select. `local` is true on the local
    /// chain, where no key means the dev key; elsewhere no key is an error.
    pub fn source(&self, local: bool) -> Result<KeySource, SignerError> {
        let env = std::env::var(PRIVATE_KEY_ENV)
            .ok()
            .filter(|s| !s.trim().is_empty());
        source_from(
            env,
            self.keystore.clone(),
            self.password_file.clone(),
            local,
        )
    }
}

/// [`KeyArgs::source`] with the environment variable's value passed in (testable without touching
/// the process environment).
pub fn source_from(
    env_key: Option<String>,
    keystore: Option<PathBuf>,
    password_file: Option<PathBuf>,
    local: bool,
) -> Result<KeySource, SignerError> {
    match (env_key, keystore, password_file) {
        (Some(_), Some(_), _) => Err(SignerError::Ambiguous),
        (_, None, Some(_)) => Err(SignerError::PasswordWithoutKeystore),
        (Some(key), None, None) => Ok(KeySource::Env {
            var: PRIVATE_KEY_ENV.into(),
            key,
        }),
        (None, Some(path), pw) => Ok(KeySource::Keystore {
            path,
            password: pw.map_or(Password::Prompt, Password::File),
        }),
        (None, None, None) if local => Ok(KeySource::DevKey),
        (None, None, None) => Err(SignerError::Missing),
    }
}

/// Makes the signer `source` describes: parses the key, or reads and decrypts the keystore
/// (asking for its password when no file is given).
pub fn load(source: &KeySource) -> Result<PrivateKeySigner, SignerError> {
    match source {
        KeySource::DevKey => Ok(DEV_KEY.parse().expect("the dev key is a valid key")),
        KeySource::Env { var, key } => key
            .trim()
            .parse()
            .map_err(|_| SignerError::BadKey { var: var.clone() }),
        KeySource::Keystore { path, password } => {
            let password = match password {
                Password::File(file) => read_password(file)?,
                Password::Prompt => rpassword::prompt_password(format!(
                    "password for keystore {}: ",
                    path.display()
                ))
                .map_err(|source| SignerError::Prompt {
                    path: path.clone(),
                    source,
                })?,
            };
            decrypt(path, &password)
        }
    }
}

fn read_password(file: &Path) -> Result<String, SignerError> {
    let text = std::fs::read_to_string(file).map_err(|source| SignerError::Read {
        what: "password file",
        path: file.into(),
        source,
    })?;
    Ok(text.lines().next().unwrap_or("").trim_end().to_string())
}

fn decrypt(path: &Path, password: &str) -> Result<PrivateKeySigner, SignerError> {
    // Read first so a missing file is reported as such, not as a decryption failure.
    std::fs::metadata(path).map_err(|source| SignerError::Read {
        what: "keystore",
        path: path.into(),
        source,
    })?;
    let secret = eth_keystore::decrypt_key(path, password).map_err(|e| SignerError::Decrypt {
        path: path.into(),
        reason: e.to_string(),
    })?;
    PrivateKeySigner::from_slice(&secret).map_err(|e| SignerError::Decrypt {
        path: path.into(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> PathBuf {
        let d = std::env::temp_dir().join(format!(
            "aid-signer-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn the_source_is_chosen_by_what_is_given() {
        let k = Some("0x01".to_string());
        let ks = Some(PathBuf::from("k.json"));
        let pw = Some(PathBuf::from("pw"));
        assert!(matches!(
            source_from(k.clone(), None, None, false),
            Ok(KeySource::Env { .. })
        ));
        assert_eq!(
            source_from(None, ks.clone(), None, false).unwrap(),
            KeySource::Keystore {
                path: "k.json".into(),
                password: Password::Prompt
            }
        );
        assert_eq!(
            source_from(None, ks.clone(), pw.clone(), true).unwrap(),
            KeySource::Keystore {
                path: "k.json".into(),
                password: Password::File("pw".into())
            }
        );
        assert_eq!(
            source_from(None, None, None, true).unwrap(),
            KeySource::DevKey
        );
        assert!(matches!(
            source_from(None, None, None, false),
            Err(SignerError::Missing)
        ));
        assert!(matches!(
            source_from(k, ks, None, false),
            Err(SignerError::Ambiguous)
        ));
        assert!(matches!(
            source_from(None, None, pw, false),
            Err(SignerError::PasswordWithoutKeystore)
        ));
        let msg = SignerError::Missing.to_string();
        assert!(
            msg.contains("PRIVATE_KEY") && msg.contains("--keystore"),
            "{msg}"
        );
    }

    #[test]
    fn raw_keys_parse_and_bad_ones_name_the_variable() {
        let dev: PrivateKeySigner = DEV_KEY.parse().unwrap();
        let from_env = load(&KeySource::Env {
            var: "PRIVATE_KEY".into(),
            key: format!(" {} \n", &DEV_KEY[2..]),
        })
        .unwrap();
        assert_eq!(from_env.address(), dev.address());
        assert_eq!(load(&KeySource::DevKey).unwrap().address(), dev.address());
        let err = load(&KeySource::Env {
            var: "PRIVATE_KEY".into(),
            key: "0x1234".into(),
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("PRIVATE_KEY is not a private key"), "{err}");
        assert!(!err.contains("1234"), "the key leaked into {err}");
        let shown = format!(
            "{:?}",
            KeySource::Env {
                var: "PRIVATE_KEY".into(),
                key: "secret".into()
            }
        );
        assert!(!shown.contains("secret"), "{shown}");
    }

    #[test]
    fn keystores_decrypt_with_the_password_file_and_fail_clearly() {
        let d = dir();
        let signer = PrivateKeySigner::random();
        let mut rng = rand08::thread_rng();
        // Returns the key's uuid; the file is named as asked.
        eth_keystore::encrypt_key(
            &d,
            &mut rng,
            signer.to_bytes().as_slice(),
            "correct horse",
            Some("key.json"),
        )
        .unwrap();
        let ks = d.join("key.json");
        let pw = d.join("pw");
        std::fs::write(&pw, "correct horse\n").unwrap();
        let src = KeySource::Keystore {
            path: ks.clone(),
            password: Password::File(pw.clone()),
        };
        assert_eq!(load(&src).unwrap().address(), signer.address());

        std::fs::write(&pw, "wrong\n").unwrap();
        let err = load(&src).unwrap_err().to_string();
        assert!(
            err.contains("cannot decrypt keystore") && err.contains("key.json"),
            "{err}"
        );

        let err = load(&KeySource::Keystore {
            path: d.join("missing.json"),
            password: Password::File(pw.clone()),
        })
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("cannot read keystore") && err.contains("missing.json"),
            "{err}"
        );
        let err = load(&KeySource::Keystore {
            path: ks,
            password: Password::File(d.join("nopw")),
        })
        .unwrap_err()
        .to_string();
        assert!(err.contains("cannot read password file"), "{err}");
        std::fs::remove_dir_all(d).ok();
    }
}
