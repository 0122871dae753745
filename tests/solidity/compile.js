#!/usr/bin/env node
// Compiles the Solidity contracts of src/ with the pinned solc (npm `solc`, package-lock.json)
// and writes out/<Contract>.bin (creation bytecode, hex) and out/build.json (compiler version,
// settings, the sha256 of every source read, the OpenZeppelin version).
//
//   npm ci && node compile.js          # writes out/
//   node compile.js --check            # compiles again and fails if out/ differs
//
// The Rust side (tests/examples/gas.rs, tests/tests/integrator.rs) reads out/ only, so it needs
// no node at test time.
'use strict';

const fs = require('fs');
const path = require('path');
const crypto = require('crypto');
const solc = require('solc');

const here = __dirname;
const out = path.join(here, 'out');
const check = process.argv.includes('--check');

// Contracts to build: source file and contract name.
const CONTRACTS = [
  ['src/OzToken.sol', 'OzToken'],
  ['src/OzNft.sol', 'OzNft'],
  ['src/OzVault.sol', 'OzVault'],
  ['src/AidVaultAdapter.sol', 'AidVaultAdapter'],
];

const SETTINGS = {
  optimizer: { enabled: true, runs: 200 },
  evmVersion: 'cancun',
  outputSelection: { '*': { '*': ['evm.bytecode.object'] } },
};

const sha256 = (data) => crypto.createHash('sha256').update(data).digest('hex');

// Import resolution: OpenZeppelin from node_modules, the protocol's interfaces from
// ../../interfaces (imported as "interfaces/X.sol").
function resolve(unit) {
  const candidates = unit.startsWith('@')
    ? [path.join(here, 'node_modules', unit)]
    : unit.startsWith('interfaces/')
      ? [path.join(here, '..', '..', unit)]
      : [path.join(here, unit)];
  for (const file of candidates) {
    if (fs.existsSync(file)) return file;
  }
  return null;
}

const read = {};
function findImports(unit) {
  const file = resolve(unit);
  if (!file) return { error: `not found: ${unit}` };
  const contents = fs.readFileSync(file, 'utf8');
  read[unit] = sha256(contents);
  return { contents };
}

const sources = {};
for (const [file] of CONTRACTS) {
  const contents = fs.readFileSync(path.join(here, file), 'utf8');
  read[file] = sha256(contents);
  sources[file] = { content: contents };
}

const input = { language: 'Solidity', sources, settings: SETTINGS };
const result = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const errors = (result.errors || []).filter((e) => e.severity === 'error');
for (const e of result.errors || []) console.error(e.formattedMessage);
if (errors.length) process.exit(1);

const files = {};
for (const [file, name] of CONTRACTS) {
  const bytecode = result.contracts[file][name].evm.bytecode.object;
  files[`${name}.bin`] = `${bytecode}\n`;
}
const oz = require(path.join(here, 'node_modules/@openzeppelin/contracts/package.json')).version;
const sorted = Object.fromEntries(Object.keys(read).sort().map((k) => [k, read[k]]));
const build = {
  solc: solc.version(),
  openzeppelin: oz,
  settings: SETTINGS,
  contracts: Object.fromEntries(CONTRACTS.map(([file, name]) => [name, file])),
  sources: sorted,
};
files['build.json'] = `${JSON.stringify(build, null, 2)}\n`;

if (check) {
  let stale = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(out, name);
    if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) stale.push(name);
  }
  if (stale.length) {
    console.error(`out/ differs from a fresh build: ${stale.join(', ')} (run: node compile.js)`);
    process.exit(1);
  }
  console.log(`out/ matches a fresh build with solc ${solc.version()}`);
} else {
  fs.mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(out, name), text);
  console.log(`wrote ${Object.keys(files).length} files to out/ with solc ${solc.version()}`);
}
