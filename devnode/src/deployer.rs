//! The `StylusDeployer` factory at [`STYLUS_DEPLOYER`], served natively.
//!
//! `cargo stylus deploy` (and the protocol's deploy tool) create, activate and initialise a
//! Stylus contract in one transaction through Offchain Labs' `StylusDeployer` contract. This module
//! behaves like that contract, step by step:
//!
//! 1. `salt != 0`: the salt becomes `keccak256(abi.encodePacked(salt, initData))` and the contract
//!    is created with CREATE2; otherwise with CREATE from the factory's own nonce. `bytecode` is
//!    EVM init code (see [`deploy_init_code`]); a failed creation bubbles its revert data, or
//!    reverts with `ContractDeploymentError(bytecode)` when there is none.
//! 2. If the new code's activation is not current (`ArbWasm.codehashVersion` reverts or differs
//!    from `ArbWasm.stylusVersion`), `ArbWasm.activateProgram` is called with
//!    `msg.value - initValue`, which pays the data fee (its errors bubble up).
//! 3. A non-empty `initData` is sent to the new contract with `initValue`; a failure reverts with
//!    `ContractInitializationError(newContract, returnData)`. `initValue` without `initData`
//!    reverts with `InitValueButNotInitData()`.
//! 4. What is left of `msg.value` goes back to the caller (`RefundExcessValueError(excess)` if
//!    the caller refuses it), and `ContractDeployed(newContract)` is emitted.
//!
//! Every step runs as a real nested frame (creation, `ArbWasm` call, constructor call, refund
//! call), so gas, value, logs and reverts behave as they would under the Solidity factory.

use crate::evm::{run_nested, DevContext};
use crate::precompiles::ARB_WASM;
use alloy_primitives::{address, keccak256, Address, Bytes, Log, B256, U256};
use alloy_sol_types::{sol, SolCall, SolError, SolEvent, SolInterface};
use revm::context_interface::{Host, JournalTr};
use revm::handler::FrameResult;
use revm::interpreter::{
    CallInput, CallInputs, CallScheme, CallValue, CreateInputs, CreateScheme, FrameInput, Gas,
    InstructionResult, InterpreterResult,
};

/// Address of the `StylusDeployer` factory on Arbitrum chains (and on this chain).
pub const STYLUS_DEPLOYER: Address = address!("cEcba2F1DC234f70Dd89F2041029807F8D03A990");
/// Address of the `StylusDeployer` on Nitro's test node (and in some `cargo stylus` releases):
/// served too, with the same behaviour.
pub const STYLUS_DEPLOYER_NITRO_DEV: Address = address!("6ac4839Bfe169CadBBFbDE3f29bd8459037Bf64e");
/// The deterministic-deployment proxy (CREATE2 factory) Arbitrum chains and dev nodes carry:
/// calldata `salt ++ init code`, returns the new address.
pub const CREATE2_FACTORY: Address = address!("4e59b44847b379578588920ca78fbf26c0b4956c");
/// Runtime code of [`CREATE2_FACTORY`] (the same bytes as on every chain that has it).
pub const CREATE2_FACTORY_CODE: &[u8] = &alloy_primitives::hex!(
    "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe03601600081602082378035828234f58015156039578182fd5b8082525050506014600cf3"
);

/// Account code of the factory: `PUSH0 PUSH0 REVERT`. It is never run (the node serves the
/// factory natively); it exists because tools check that the factory's address has code.
pub const STYLUS_DEPLOYER_STUB: [u8; 3] = [0x5f, 0x5f, 0xfd];

sol! {
    /// Offchain Labs' `StylusDeployer` factory.
    #[derive(Debug, PartialEq, Eq)]
    interface StylusDeployer {
        /// A contract was deployed (and activated and initialised if needed).
        event ContractDeployed(address deployedContract);

        /// The creation failed without revert data.
        error ContractDeploymentError(bytes bytecode);
        /// The initialisation call failed; `data` is its revert data.
        error ContractInitializationError(address newContract, bytes data);
        /// The caller did not accept the refund of `excessValue`.
        error RefundExcessValueError(uint256 excessValue);
        /// `bytecode` is empty.
        error EmptyBytecode();
        /// `initValue` is non-zero but `initData` is empty.
        error InitValueButNotInitData();

        /// Creates, activates (if needed) and initialises (if `initData` is non-empty) a contract.
        function deploy(bytes calldata bytecode, bytes calldata initData, uint256 initValue, bytes32 salt)
            external payable returns (address);
        /// The CREATE2 salt `deploy` uses: `keccak256(abi.encodePacked(salt, initData))`.
        function initSalt(bytes32 salt, bytes calldata initData) external pure returns (bytes32);
        /// Whether the code at `addr` needs an activation under the current Stylus version.
        function requiresActivation(address addr) external view returns (bool);
    }

    interface ArbWasmDeployerView {
        function activateProgram(address program) external payable returns (uint16 version, uint256 dataFee);
        function stylusVersion() external view returns (uint16 version);
        function codehashVersion(bytes32 codehash) external view returns (uint16 version);
    }
}

/// Multicall3's canonical address (the same on Arbitrum One, Sepolia and most EVM chains).
pub const MULTICALL3: Address = address!("cA11bde05977b3631167028862bE2a173976CA11");

/// Multicall3's public runtime code (solc 0.8.12, as deployed at [`MULTICALL3`] everywhere).
pub fn multicall3_code() -> Bytes {
    let hex = include_str!("multicall3.hex").trim();
    Bytes::from(alloy_primitives::hex::decode(hex).expect("the Multicall3 code is valid hex"))
}

/// Gives the factory's address its stub code (see [`STYLUS_DEPLOYER_STUB`]) and nonce 1, as a
/// deployed contract has (its first CREATE goes to `STYLUS_DEPLOYER.create(1)`).
/// Also installs the factory at [`STYLUS_DEPLOYER_NITRO_DEV`], the [`CREATE2_FACTORY`] and
/// [`MULTICALL3`] (which web apps batch their reads through).
pub fn install(chain: &mut crate::Chain) {
    for factory in [STYLUS_DEPLOYER, STYLUS_DEPLOYER_NITRO_DEV] {
        chain.set_code(factory, Bytes::from_static(&STYLUS_DEPLOYER_STUB));
        if chain.nonce(factory) == 0 {
            chain.set_nonce(factory, 1);
        }
    }
    if chain.code(CREATE2_FACTORY).is_empty() {
        chain.set_code(CREATE2_FACTORY, Bytes::from_static(CREATE2_FACTORY_CODE));
    }
    if chain.code(MULTICALL3).is_empty() {
        chain.set_code(MULTICALL3, multicall3_code());
    }
}

/// Length of the EVM prelude [`deploy_init_code`] puts before the program.
pub const DEPLOY_PRELUDE_LEN: usize = 43;

/// Builds the init code `cargo stylus deploy` sends as `bytecode` (and in plain CREATE
/// transactions): a 42-byte EVM prelude that copies the program out of the init code and returns
/// it as the new account's code, one version byte (`00`), then `program`.
///
/// `program` is the deployable code: `EF F0 00 00` + brotli(wasm), as produced by
/// `stylus_program::encode`. The prelude is
/// `PUSH32 len; DUP1; PUSH1 43; PUSH1 0; CODECOPY; PUSH1 0; RETURN; 00`.
pub fn deploy_init_code(program: &[u8]) -> Vec<u8> {
    let mut code = Vec::with_capacity(program.len() + DEPLOY_PRELUDE_LEN);
    code.push(0x7f); // PUSH32 program length
    code.extend_from_slice(&U256::from(program.len()).to_be_bytes::<32>());
    code.push(0x80); // DUP1
    code.extend_from_slice(&[0x60, DEPLOY_PRELUDE_LEN as u8]); // PUSH1 offset of the program
    code.extend_from_slice(&[0x60, 0x00]); // PUSH1 0 (memory offset)
    code.push(0x39); // CODECOPY
    code.extend_from_slice(&[0x60, 0x00]); // PUSH1 0
    code.push(0xf3); // RETURN
    code.push(0x00); // version byte
    code.extend_from_slice(program);
    code
}

/// Gas the factory's own bookkeeping costs (what the Solidity body spends besides its calls).
const BASE_GAS: u64 = 6_000;
/// Memory and copy gas per 32-byte word of calldata the factory handles.
const WORD_GAS: u64 = 6;

struct Meter {
    limit: u64,
    used: u64,
    refund: i64,
}

impl Meter {
    fn charge(&mut self, gas: u64) -> bool {
        match self.used.checked_add(gas) {
            Some(u) if u <= self.limit => {
                self.used = u;
                true
            }
            _ => false,
        }
    }

    fn left(&self) -> u64 {
        self.limit - self.used
    }

    /// Gas a nested frame gets: all but one 64th of what is left.
    fn forward(&mut self) -> u64 {
        let left = self.left();
        let forwarded = left - left / 64;
        self.used += forwarded;
        forwarded
    }

    fn give_back(&mut self, gas: &Gas, ok: bool) {
        self.used = self.used.saturating_sub(gas.remaining());
        if ok {
            self.refund += gas.refunded();
        }
    }

    fn result(&self, result: InstructionResult, output: Bytes) -> InterpreterResult {
        let mut gas = Gas::new(self.limit);
        let _ = gas.record_regular_cost(self.used);
        if result.is_ok() {
            gas.record_refund(self.refund);
        }
        InterpreterResult::new(result, output, gas)
    }

    fn revert(&self, output: Bytes) -> InterpreterResult {
        self.result(InstructionResult::Revert, output)
    }

    fn out_of_gas(&self) -> InterpreterResult {
        let mut gas = Gas::new(self.limit);
        gas.spend_all();
        InterpreterResult::new(InstructionResult::OutOfGas, Bytes::new(), gas)
    }
}

fn panic_underflow() -> Bytes {
    alloy_sol_types::Panic {
        code: U256::from(0x11),
    }
    .abi_encode()
    .into()
}

/// Outcome of a nested call: success flag and return (or revert) data.
struct CallOut {
    ok: bool,
    output: Bytes,
}

/// Runs a nested CALL (or STATICCALL) from the factory, charging EVM call costs to `meter`.
fn call(
    ctx: &mut DevContext,
    meter: &mut Meter,
    from: Address,
    to: Address,
    value: U256,
    input: Bytes,
    is_static: bool,
) -> Option<CallOut> {
    let (access, is_empty, bytecode, code_hash) = {
        let acc = ctx.load_account_info_skip_cold_load(to, true, false).ok()?;
        let access = if acc.is_cold { 2_600 } else { 100 };
        (
            access,
            acc.is_empty,
            acc.account.code.clone().unwrap_or_default(),
            acc.account.code_hash,
        )
    };
    let mut cost = access;
    if !value.is_zero() {
        cost += ctx.gas_params().transfer_value_cost();
        if is_empty {
            cost += ctx.gas_params().new_account_cost(true, true);
        }
    }
    if !meter.charge(cost) {
        return None;
    }
    let stipend = if value.is_zero() {
        0
    } else {
        ctx.gas_params().call_stipend()
    };
    let forwarded = meter.forward();
    let depth = ctx.journaled_state.depth();
    let inputs = CallInputs {
        input: CallInput::Bytes(input),
        return_memory_offset: 0..0,
        gas_limit: forwarded + stipend,
        reservoir: 0,
        bytecode_address: to,
        known_bytecode: (code_hash, bytecode),
        target_address: to,
        caller: from,
        value: CallValue::Transfer(value),
        scheme: if is_static {
            CallScheme::StaticCall
        } else {
            CallScheme::Call
        },
        is_static,
        charged_new_account_state_gas: false,
    };
    match run_nested(ctx, FrameInput::Call(Box::new(inputs)), depth) {
        FrameResult::Call(outcome) => {
            let r = &outcome.result;
            let ok = r.result.is_ok();
            // As in the EVM, the callee's unused gas (stipend included) returns to the caller.
            meter.give_back(&r.gas, ok);
            let output = if r.result.is_ok_or_revert() {
                r.output.clone()
            } else {
                Bytes::new()
            };
            Some(CallOut { ok, output })
        }
        FrameResult::Create(_) => Some(CallOut {
            ok: false,
            output: Bytes::new(),
        }),
    }
}

/// Whether the code at `program` needs an activation (the factory's `requiresActivation`).
fn requires_activation(
    ctx: &mut DevContext,
    meter: &mut Meter,
    this: Address,
    program: Address,
) -> Option<bool> {
    if !meter.charge(2_600) {
        return None;
    }
    let codehash = ctx
        .load_account_info_skip_cold_load(program, false, false)
        .ok()?
        .account
        .code_hash;
    let input = ArbWasmDeployerView::codehashVersionCall { codehash }.abi_encode();
    let out = call(ctx, meter, this, ARB_WASM, U256::ZERO, input.into(), true)?;
    let have = if out.ok {
        ArbWasmDeployerView::codehashVersionCall::abi_decode_returns(&out.output).unwrap_or(0)
    } else {
        0
    };
    let input = ArbWasmDeployerView::stylusVersionCall {}.abi_encode();
    let out = call(ctx, meter, this, ARB_WASM, U256::ZERO, input.into(), true)?;
    let want = if out.ok {
        ArbWasmDeployerView::stylusVersionCall::abi_decode_returns(&out.output).unwrap_or(0)
    } else {
        0
    };
    Some(have != want)
}

/// Serves a call frame addressed to the factory.
pub(crate) fn run(ctx: &mut DevContext, inputs: &CallInputs) -> InterpreterResult {
    let input = Bytes::copy_from_slice(&inputs.input.as_bytes(&*ctx));
    let mut meter = Meter {
        limit: inputs.gas_limit,
        used: 0,
        refund: 0,
    };
    let words = (input.len() as u64).div_ceil(32);
    if !meter.charge(BASE_GAS + WORD_GAS * words + words * words / 512) {
        return meter.out_of_gas();
    }
    let Ok(call_data) = StylusDeployer::StylusDeployerCalls::abi_decode(&input) else {
        return meter.revert(Bytes::new());
    };
    let value = inputs.value.get();
    let this = inputs.target_address;
    use StylusDeployer::StylusDeployerCalls as M;
    match call_data {
        M::initSalt(c) => {
            if !value.is_zero() {
                return meter.revert(Bytes::new());
            }
            let salt = init_salt(c.salt, &c.initData);
            meter.result(
                InstructionResult::Return,
                StylusDeployer::initSaltCall::abi_encode_returns(&salt).into(),
            )
        }
        M::requiresActivation(c) => {
            if !value.is_zero() {
                return meter.revert(Bytes::new());
            }
            match requires_activation(ctx, &mut meter, this, c.addr) {
                Some(r) => meter.result(
                    InstructionResult::Return,
                    StylusDeployer::requiresActivationCall::abi_encode_returns(&r).into(),
                ),
                None => meter.out_of_gas(),
            }
        }
        M::deploy(c) => {
            if inputs.is_static {
                return meter.revert(Bytes::new());
            }
            match deploy(ctx, &mut meter, this, inputs.caller, value, c) {
                Ok(output) => meter.result(InstructionResult::Return, output),
                Err(Some(revert)) => meter.revert(revert),
                Err(None) => meter.out_of_gas(),
            }
        }
    }
}

/// The CREATE2 salt for a user salt and init data.
pub fn init_salt(salt: B256, init_data: &[u8]) -> B256 {
    let mut buf = Vec::with_capacity(32 + init_data.len());
    buf.extend_from_slice(salt.as_slice());
    buf.extend_from_slice(init_data);
    keccak256(buf)
}

/// `Err(Some(data))` reverts with data; `Err(None)` is out of gas.
fn deploy(
    ctx: &mut DevContext,
    meter: &mut Meter,
    this: Address,
    sender: Address,
    msg_value: U256,
    c: StylusDeployer::deployCall,
) -> Result<Bytes, Option<Bytes>> {
    let salt = (c.salt != B256::ZERO).then(|| init_salt(c.salt, &c.initData));

    // 1. Create.
    if c.bytecode.is_empty() {
        return Err(Some(StylusDeployer::EmptyBytecode {}.abi_encode().into()));
    }
    let new_contract = {
        let code = c.bytecode.clone();
        let params = ctx.gas_params();
        let cost = match salt {
            None => params.create_cost(),
            Some(_) => params.create2_cost(code.len()),
        }
        .saturating_add(params.initcode_cost(code.len()));
        if !meter.charge(cost) {
            return Err(None);
        }
        let address = if code.len() > ctx.max_initcode_size() {
            None
        } else {
            let scheme = match salt {
                None => CreateScheme::Create,
                Some(s) => CreateScheme::Create2 {
                    salt: U256::from_be_bytes(s.0),
                },
            };
            let forwarded = meter.forward();
            let depth = ctx.journaled_state.depth();
            let inputs = CreateInputs::new(this, scheme, U256::ZERO, code.clone(), forwarded, 0);
            match run_nested(ctx, FrameInput::Create(Box::new(inputs)), depth) {
                FrameResult::Create(outcome) => {
                    let r = &outcome.result;
                    let ok = r.result.is_ok();
                    meter.give_back(&r.gas, ok);
                    if ok {
                        outcome.address.filter(|a| !a.is_zero())
                    } else {
                        if r.result.is_revert() && !r.output.is_empty() {
                            return Err(Some(r.output.clone()));
                        }
                        None
                    }
                }
                FrameResult::Call(_) => None,
            }
        };
        match address {
            Some(a) => a,
            None => {
                return Err(Some(
                    StylusDeployer::ContractDeploymentError { bytecode: code }
                        .abi_encode()
                        .into(),
                ))
            }
        }
    };

    // 2. Activate if needed, paying the data fee from what exceeds initValue.
    let mut data_fee = U256::ZERO;
    if requires_activation(ctx, meter, this, new_contract).ok_or(None)? {
        let Some(activation_value) = msg_value.checked_sub(c.initValue) else {
            return Err(Some(panic_underflow()));
        };
        let input = ArbWasmDeployerView::activateProgramCall {
            program: new_contract,
        }
        .abi_encode();
        let out = call(
            ctx,
            meter,
            this,
            ARB_WASM,
            activation_value,
            input.into(),
            false,
        )
        .ok_or(None)?;
        if !out.ok {
            return Err(Some(out.output));
        }
        match ArbWasmDeployerView::activateProgramCall::abi_decode_returns(&out.output) {
            Ok(r) => data_fee = r.dataFee,
            Err(_) => return Err(Some(Bytes::new())),
        }
    }

    // 3. Initialise.
    if !c.initData.is_empty() {
        let out = call(
            ctx,
            meter,
            this,
            new_contract,
            c.initValue,
            c.initData.clone(),
            false,
        )
        .ok_or(None)?;
        if !out.ok {
            let e = StylusDeployer::ContractInitializationError {
                newContract: new_contract,
                data: out.output,
            };
            return Err(Some(e.abi_encode().into()));
        }
    } else if !c.initValue.is_zero() {
        return Err(Some(
            StylusDeployer::InitValueButNotInitData {}
                .abi_encode()
                .into(),
        ));
    }

    // 4. Refund the excess and announce the deployment.
    let Some(excess) = msg_value
        .checked_sub(data_fee)
        .and_then(|v| v.checked_sub(c.initValue))
    else {
        return Err(Some(panic_underflow()));
    };
    if !excess.is_zero() {
        let out = call(ctx, meter, this, sender, excess, Bytes::new(), false).ok_or(None)?;
        if !out.ok {
            return Err(Some(
                StylusDeployer::RefundExcessValueError {
                    excessValue: excess,
                }
                .abi_encode()
                .into(),
            ));
        }
    }
    if !meter.charge(375 + 375 + 8 * 32) {
        return Err(None);
    }
    let event = StylusDeployer::ContractDeployed {
        deployedContract: new_contract,
    };
    ctx.journaled_state.log(Log {
        address: this,
        data: event.encode_log_data(),
    });
    Ok(StylusDeployer::deployCall::abi_encode_returns(&new_contract).into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn init_code_matches_the_cargo_stylus_prelude() {
        let program = [0xEF, 0xF0, 0x00, 0x00, 1, 2, 3];
        let code = deploy_init_code(&program);
        assert_eq!(code.len(), DEPLOY_PRELUDE_LEN + program.len());
        assert_eq!(code[0], 0x7f);
        assert_eq!(U256::from_be_slice(&code[1..33]), U256::from(program.len()));
        assert_eq!(
            &code[33..42],
            &[0x80, 0x60, 43, 0x60, 0x00, 0x39, 0x60, 0x00, 0xf3]
        );
        assert_eq!(code[42], 0x00);
        assert_eq!(&code[43..], &program);
    }

    #[test]
    fn salt_is_hashed_with_init_data() {
        let salt = B256::repeat_byte(7);
        let mut packed = salt.to_vec();
        packed.extend_from_slice(b"init");
        assert_eq!(init_salt(salt, b"init"), keccak256(packed));
    }
}
