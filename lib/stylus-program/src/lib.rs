//! The code format a Stylus program is deployed in.
//!
//! A Stylus contract's account code is `EF F0 00` (an EOF-like magic the EVM can never execute),
//! one dictionary byte, then the brotli-compressed WASM module. Dictionary `00` is brotli's empty
//! dictionary, the one `cargo stylus` uses. Chains at ArbOS 60 also accept programs split into
//! fragments (a root with dictionary byte `01`/`02` listing fragment addresses); this crate
//! recognises them so a node can refuse them with a clear error, as the protocol never ships one.
//!
//! The size that counts against the 24,576-byte code limit is [`encode`]'s output length.
#![deny(missing_docs)]

use std::io::{Read, Write};

/// First three bytes of every Stylus program.
pub const MAGIC: [u8; 3] = [0xEF, 0xF0, 0x00];
/// Dictionary byte for brotli's empty dictionary.
pub const DICT_EMPTY: u8 = 0x00;
/// Largest code a single account may hold (EIP-170 limit applied to the compressed program).
pub const MAX_CODE_SIZE: usize = 24_576;
/// Largest decompressed WASM module a node accepts (Nitro's default for programs, 128 KiB).
pub const MAX_WASM_SIZE: usize = 128 * 1024;
/// brotli settings `cargo stylus` compresses with: quality 11, 2^22-byte window.
const QUALITY: u32 = 11;
const LG_WINDOW: u32 = 22;

/// What a piece of account code is, as far as Stylus is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    /// Ordinary EVM bytecode (or empty code).
    Evm,
    /// A single-account Stylus program with brotli's empty dictionary.
    Program,
    /// A Stylus program that names a dictionary or fragment layout this crate does not support.
    Unsupported(u8),
}

/// Why a program could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The code does not start with `EF F0 00`.
    NotAProgram,
    /// The dictionary byte is not `00` (a fragmented program or an unknown dictionary).
    UnsupportedDictionary(u8),
    /// The brotli stream is corrupt.
    Corrupt(String),
    /// The decompressed module is larger than [`MAX_WASM_SIZE`].
    TooLarge(usize),
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAProgram => write!(f, "code is not a Stylus program (missing EF F0 00 prefix)"),
            Self::UnsupportedDictionary(d) => write!(
                f,
                "unsupported Stylus program layout (dictionary byte {d:#04x}): fragmented programs and \
                 custom dictionaries are not supported; deploy a single-account program"
            ),
            Self::Corrupt(e) => write!(f, "corrupt brotli stream in Stylus program: {e}"),
            Self::TooLarge(n) => {
                write!(f, "decompressed WASM is {n} bytes, above the {MAX_WASM_SIZE}-byte limit")
            }
        }
    }
}

impl std::error::Error for DecodeError {}

/// Classifies account code.
pub fn kind(code: &[u8]) -> CodeKind {
    if code.len() < 4 || code[..3] != MAGIC {
        CodeKind::Evm
    } else if code[3] == DICT_EMPTY {
        CodeKind::Program
    } else {
        CodeKind::Unsupported(code[3])
    }
}

/// Compresses a WASM module into deployable Stylus code (`EF F0 00 00` + brotli-11).
pub fn encode(wasm: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(wasm.len() / 2 + 4);
    out.extend_from_slice(&MAGIC);
    out.push(DICT_EMPTY);
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, QUALITY, LG_WINDOW);
        w.write_all(wasm).expect("writing to a Vec cannot fail");
    }
    out
}

/// Extracts the WASM module from deployed Stylus code.
pub fn decode(code: &[u8]) -> Result<Vec<u8>, DecodeError> {
    match kind(code) {
        CodeKind::Evm => return Err(DecodeError::NotAProgram),
        CodeKind::Unsupported(d) => return Err(DecodeError::UnsupportedDictionary(d)),
        CodeKind::Program => {}
    }
    let mut out = Vec::new();
    // Read one byte past the limit so an oversized module is reported, not truncated.
    brotli::Decompressor::new(&code[4..], 4096)
        .take(MAX_WASM_SIZE as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    if out.len() > MAX_WASM_SIZE {
        return Err(DecodeError::TooLarge(out.len()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let wasm = b"\0asm\x01\0\0\0 some module bytes repeated repeated repeated".to_vec();
        let code = encode(&wasm);
        assert_eq!(&code[..4], &[0xEF, 0xF0, 0x00, 0x00]);
        assert_eq!(kind(&code), CodeKind::Program);
        assert_eq!(decode(&code).unwrap(), wasm);
    }

    #[test]
    fn classifies_and_rejects() {
        assert_eq!(kind(&[]), CodeKind::Evm);
        assert_eq!(kind(&[0x60, 0x80, 0x60, 0x40]), CodeKind::Evm);
        assert_eq!(
            kind(&[0xEF, 0xF0, 0x00, 0x02, 1, 2]),
            CodeKind::Unsupported(2)
        );
        assert_eq!(decode(&[0x60, 0x80]), Err(DecodeError::NotAProgram));
        assert_eq!(
            decode(&[0xEF, 0xF0, 0x00, 0x01, 9]),
            Err(DecodeError::UnsupportedDictionary(1))
        );
        assert!(matches!(
            decode(&[0xEF, 0xF0, 0x00, 0x00, 0xFF, 0xFF, 0xFF]),
            Err(DecodeError::Corrupt(_))
        ));
    }

    #[test]
    fn oversized_module_is_refused() {
        let code = encode(&vec![0u8; MAX_WASM_SIZE + 1]);
        assert_eq!(decode(&code), Err(DecodeError::TooLarge(MAX_WASM_SIZE + 1)));
    }
}
