//! The code format a Stylus program is deployed in.
//!
//! A Stylus contract's account code is `EF F0 00` (an EOF-like magic the EVM can never execute),
//! one dictionary byte, then the brotli-compressed WASM module. Dictionary `00` is brotli's empty
//! dictionary, the one `cargo stylus` uses.
//!
//! From ArbOS 60 a program too large for one account is split into **fragments**: accounts whose
//! code is `EF F0 01` followed by a slice of the compressed module, and a **root** program whose
//! code is `EF F0 02`, the dictionary byte, the decompressed length (4 bytes, big-endian) and the
//! fragments' addresses (20 bytes each, in order). The chain reads the fragments when the root is
//! activated (and when its compiled form must be rebuilt); the root is what users call. [`split`]
//! and [`root_code`] build that layout, [`parse_root`] and [`decode_fragments`] read it.
//!
//! The size that counts against the 24,576-byte code limit is [`encode`]'s output length.
#![deny(missing_docs)]

use std::io::{Read, Write};

/// First three bytes of every Stylus program.
pub const MAGIC: [u8; 3] = [0xEF, 0xF0, 0x00];
/// First three bytes of a fragment of a split program.
pub const FRAGMENT_MAGIC: [u8; 3] = [0xEF, 0xF0, 0x01];
/// First three bytes of the root of a split program.
pub const ROOT_MAGIC: [u8; 3] = [0xEF, 0xF0, 0x02];
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
    /// The root of a program split into fragments (see [`parse_root`]).
    Root,
    /// One fragment of a split program: not callable or activatable by itself.
    Fragment,
    /// A Stylus program that names a dictionary this crate does not support (Nitro's built-in
    /// dictionary `01`, or an unknown one).
    Unsupported(u8),
}

/// The root of a split program: how to reassemble the module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Root {
    /// The dictionary byte (only [`DICT_EMPTY`] is supported).
    pub dictionary: u8,
    /// The length of the decompressed module; decompression must give exactly this many bytes.
    pub decompressed_len: u32,
    /// The fragments' addresses, in order.
    pub fragments: Vec<[u8; 20]>,
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
    /// A root program's header is cut short or its address list is not whole addresses.
    MalformedRoot(&'static str),
    /// A root program lists no fragment.
    NoFragments,
    /// A root program lists an account whose code is not a fragment.
    NotAFragment(usize),
    /// The fragments decompress to another length than the root declares.
    LengthMismatch {
        /// What the root declares.
        declared: u32,
        /// What decompression gave (at most one byte past the declared length).
        actual: usize,
    },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotAProgram => write!(f, "code is not a Stylus program (missing EF F0 00 prefix)"),
            Self::UnsupportedDictionary(d) => write!(
                f,
                "unsupported Stylus program layout (dictionary byte {d:#04x}): only brotli's empty \
                 dictionary (00) is supported, not Nitro's built-in dictionary (01) or others"
            ),
            Self::Corrupt(e) => write!(f, "corrupt brotli stream in Stylus program: {e}"),
            Self::TooLarge(n) => {
                write!(f, "decompressed WASM is {n} bytes, above the {MAX_WASM_SIZE}-byte limit")
            }
            Self::MalformedRoot(why) => write!(f, "invalid root program: {why}"),
            Self::NoFragments => write!(f, "invalid wasm: fragment count cannot be zero"),
            Self::NotAFragment(i) => {
                write!(f, "fragment {i} of the root program is not a Stylus fragment (EF F0 01)")
            }
            Self::LengthMismatch { declared, actual } => write!(
                f,
                "invalid wasm: decompressed length {actual} does not match expected length {declared}"
            ),
        }
    }
}

impl std::error::Error for DecodeError {}

/// Classifies account code.
pub fn kind(code: &[u8]) -> CodeKind {
    if code.len() >= 3 && code[..3] == FRAGMENT_MAGIC {
        CodeKind::Fragment
    } else if code.len() < 4 {
        CodeKind::Evm
    } else if code[..3] == ROOT_MAGIC {
        CodeKind::Root
    } else if code[..3] != MAGIC {
        CodeKind::Evm
    } else if code[3] == DICT_EMPTY {
        CodeKind::Program
    } else {
        CodeKind::Unsupported(code[3])
    }
}

/// Reads a root program's header (no limit is applied here: the chain checks the decompressed
/// length and the fragment count against its parameters).
pub fn parse_root(code: &[u8]) -> Result<Root, DecodeError> {
    if kind(code) != CodeKind::Root {
        return Err(DecodeError::NotAProgram);
    }
    let rest = code
        .get(8..)
        .ok_or(DecodeError::MalformedRoot("shorter than its 8-byte header"))?;
    if rest.len() % 20 != 0 {
        return Err(DecodeError::MalformedRoot(
            "the fragment list is not a whole number of addresses",
        ));
    }
    let fragments: Vec<[u8; 20]> = rest
        .chunks_exact(20)
        .map(|a| a.try_into().expect("20-byte chunk"))
        .collect();
    if fragments.is_empty() {
        return Err(DecodeError::NoFragments);
    }
    Ok(Root {
        dictionary: code[3],
        decompressed_len: u32::from_be_bytes(code[4..8].try_into().expect("4 bytes")),
        fragments,
    })
}

/// The compressed slice a fragment carries; `index` names it in the error.
pub fn fragment_payload(code: &[u8], index: usize) -> Result<&[u8], DecodeError> {
    match kind(code) {
        CodeKind::Fragment => Ok(&code[3..]),
        _ => Err(DecodeError::NotAFragment(index)),
    }
}

/// Decompresses the concatenated fragment payloads of a root declaring `root.decompressed_len`.
pub fn decode_fragments(root: &Root, compressed: &[u8]) -> Result<Vec<u8>, DecodeError> {
    if root.dictionary != DICT_EMPTY {
        return Err(DecodeError::UnsupportedDictionary(root.dictionary));
    }
    let declared = root.decompressed_len;
    let wasm = decompress(compressed, (declared as usize).min(MAX_WASM_SIZE))?;
    if wasm.len() != declared as usize {
        return Err(DecodeError::LengthMismatch {
            declared,
            actual: wasm.len(),
        });
    }
    Ok(wasm)
}

/// Splits a WASM module into fragment codes of at most `max_code_size` bytes each (the module is
/// compressed as [`encode`] does, then cut); the root is [`root_code`] over their addresses.
pub fn split(wasm: &[u8], max_code_size: usize) -> Vec<Vec<u8>> {
    let compressed = &encode(wasm)[4..];
    compressed
        .chunks(max_code_size - FRAGMENT_MAGIC.len())
        .map(|chunk| [&FRAGMENT_MAGIC[..], chunk].concat())
        .collect()
}

/// The root program over fragments at `addresses` of a module `decompressed_len` bytes long.
pub fn root_code(decompressed_len: u32, addresses: &[[u8; 20]]) -> Vec<u8> {
    let mut code = Vec::with_capacity(8 + 20 * addresses.len());
    code.extend_from_slice(&ROOT_MAGIC);
    code.push(DICT_EMPTY);
    code.extend_from_slice(&decompressed_len.to_be_bytes());
    for a in addresses {
        code.extend_from_slice(a);
    }
    code
}

/// Decompresses a brotli stream, refusing output beyond `limit` bytes (one byte past it is read
/// so the excess is reported, not truncated).
fn decompress(stream: &[u8], limit: usize) -> Result<Vec<u8>, DecodeError> {
    let mut out = Vec::new();
    brotli::Decompressor::new(stream, 4096)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|e| DecodeError::Corrupt(e.to_string()))?;
    Ok(out)
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
        CodeKind::Evm | CodeKind::Root | CodeKind::Fragment => {
            return Err(DecodeError::NotAProgram)
        }
        CodeKind::Unsupported(d) => return Err(DecodeError::UnsupportedDictionary(d)),
        CodeKind::Program => {}
    }
    let out = decompress(&code[4..], MAX_WASM_SIZE)?;
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
    fn a_split_program_reassembles_and_its_faults_are_named() {
        let wasm: Vec<u8> = (0..20_000u32)
            .flat_map(|i| (i * 7919).to_le_bytes())
            .collect();
        let fragments = split(&wasm, 24_576);
        assert!(fragments.len() >= 2, "{}", fragments.len());
        assert!(fragments
            .iter()
            .all(|f| f.len() <= 24_576 && kind(f) == CodeKind::Fragment));
        let addresses: Vec<[u8; 20]> = (1..=fragments.len() as u8).map(|i| [i; 20]).collect();
        let code = root_code(wasm.len() as u32, &addresses);
        assert_eq!(kind(&code), CodeKind::Root);
        let root = parse_root(&code).unwrap();
        assert_eq!(root.fragments, addresses);
        let payload: Vec<u8> = fragments
            .iter()
            .enumerate()
            .flat_map(|(i, f)| fragment_payload(f, i).unwrap().to_vec())
            .collect();
        assert_eq!(decode_fragments(&root, &payload).unwrap(), wasm);

        let short = Root {
            decompressed_len: wasm.len() as u32 - 1,
            ..root.clone()
        };
        assert_eq!(
            decode_fragments(&short, &payload),
            Err(DecodeError::LengthMismatch {
                declared: short.decompressed_len,
                actual: wasm.len()
            })
        );
        assert_eq!(
            parse_root(&root_code(5, &[])),
            Err(DecodeError::NoFragments)
        );
        assert!(matches!(
            parse_root(&code[..code.len() - 1]),
            Err(DecodeError::MalformedRoot(_))
        ));
        assert_eq!(
            fragment_payload(&code, 1),
            Err(DecodeError::NotAFragment(1))
        );
        assert_eq!(decode(&code), Err(DecodeError::NotAProgram));
    }

    #[test]
    fn oversized_module_is_refused() {
        let code = encode(&vec![0u8; MAX_WASM_SIZE + 1]);
        assert_eq!(decode(&code), Err(DecodeError::TooLarge(MAX_WASM_SIZE + 1)));
    }
}
