// Node-side access to a deployed AID Protocol for the demo seeding and the browser tests: the
// address book, the project's ABIs (interfaces/abi/*.json), Nitro's dev key (the local chain's
// deployer and role holder) and the standard test mnemonic's prefunded accounts.
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPublicClient, createWalletClient, defineChain, http, keccak256, toHex, parseEther } from 'viem';
import { mnemonicToAccount, privateKeyToAccount } from 'viem/accounts';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const abi = (name) => JSON.parse(readFileSync(join(root, 'interfaces/abi', `${name}.json`), 'utf8'));
export const ABI = { registry: abi('IGpuRegistry'), token: abi('IAidToken'), minter: abi('IAidMinter'), vault: abi('ISAidVault'), liquidator: abi('IAidLiquidator') };

/** Nitro's public dev key: deployer and holder of every role on the local chain. */
export const DEV_KEY = '0xb6b15c8cb491557369f3c7d2c287b053eb229daa9c22138887752191c9520659';
export const TEST_MNEMONIC = 'test test test test test test test test test test test junk';
/** Account `i` of the test mnemonic (prefunded with ETH on the local chain) and its private key. */
export function testAccount(i) {
  const a = mnemonicToAccount(TEST_MNEMONIC, { addressIndex: i });
  return { account: a, key: toHex(a.getHdKey().privateKey) };
}

export const aid = (n) => parseEther(String(n));

/** Clients and contract addresses for the chain at `rpcUrl` described by the address book `book`. */
export function connect(rpcUrl, book) {
  const chain = defineChain({ id: book.chainId, name: `chain ${book.chainId}`, nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 }, rpcUrls: { default: { http: [rpcUrl] } } });
  const pub = createPublicClient({ chain, transport: http(rpcUrl) });
  const c = (n) => book.contracts[n].address;
  const addr = { registry: c('GpuRegistry'), token: c('AidToken'), minter: c('AidMinter'), vault: c('SAidVault'), liquidator: c('AidLiquidator') };
  const wallet = (account) => createWalletClient({ account, chain, transport: http(rpcUrl) });
  /** Sends a contract call as `account` and waits for it; throws on a revert. */
  async function send(account, contract, functionName, args) {
    const { request } = await pub.simulateContract({ account, address: addr[contract], abi: ABI[contract], functionName, args });
    const hash = await wallet(account).writeContract(request);
    const r = await pub.waitForTransactionReceipt({ hash });
    if (r.status !== 'success') throw new Error(`${functionName} reverted`);
    return r;
  }
  const read = (contract, functionName, args = []) => pub.readContract({ address: addr[contract], abi: ABI[contract], functionName, args });
  const dev = privateKeyToAccount(DEV_KEY);
  const model = (name) => book.models.find((m) => m.name === name)?.id ?? book.models[0].id;

  /** Registers a GPU asset to `to` as the registrar (the dev key); returns its token id. */
  async function register(to, { model: m = 'H100-SXM5-80GB', gpus = 8, cost = aid(250_000), appraisal = aid(240_000), serial, acquiredAgo = 0n } = {}) {
    const serialHash = keccak256(toHex(serial));
    const existing = await read('registry', 'serialOwnerToken', [serialHash]);
    if (existing !== 0n) return existing;
    const now = (await pub.getBlock()).timestamp;
    const args = [to, model(m), gpus, serialHash, cost, now - acquiredAgo, appraisal, `ipfs://gpu/${serial}`];
    const { result } = await pub.simulateContract({ account: dev, address: addr.registry, abi: ABI.registry, functionName: 'registerAsset', args });
    await send(dev, 'registry', 'registerAsset', args);
    return result;
  }

  /** Pledges token `id` held by `account` and borrows `amount` AID against it. */
  async function pledgeAndBorrow(account, id, amount) {
    await send(account, 'registry', 'safeTransferFrom', [account.address, addr.minter, id]);
    if (amount > 0n) await send(account, 'minter', 'borrow', [id, amount, account.address]);
  }

  /** Moves the chain's clock forward by `secs` and mines a block. */
  async function advance(secs) {
    await pub.request({ method: 'evm_increaseTime', params: [Number(secs)] });
    await pub.request({ method: 'evm_mine', params: [] });
  }

  return { chain, pub, addr, dev, send, read, register, pledgeAndBorrow, advance, wallet };
}
