//! revm glue: the context type, the top-level transaction run, and nested frames for calls made
//! by Stylus programs.

use crate::precompiles::DevPrecompiles;
use crate::state::StateView;
use crate::stylus::Runtime;
use revm::context::result::{EVMError, ExecutionResult, HaltReason};
use revm::context::{BlockEnv, CfgEnv, Context, Evm, Journal, TxEnv};
use revm::context_interface::{JournalTr, LocalContextTr};
use revm::handler::instructions::EthInstructions;
use revm::handler::{EthFrame, EvmTr, FrameResult, Handler, ItemOrResult, MainnetHandler};
use revm::interpreter::interpreter::EthInterpreter;
use revm::interpreter::interpreter_action::FrameInit;
use revm::interpreter::{FrameInput, Gas, InstructionResult, InterpreterResult, SharedMemory};
use revm::state::EvmState;
use std::convert::Infallible;

/// The execution context of every transaction and call.
pub(crate) type DevContext =
    Context<BlockEnv, TxEnv, CfgEnv, StateView, Journal<StateView>, Runtime>;

/// An EVM over a borrowed context: the top-level run and every nested frame have this shape, so
/// frames can nest without the types nesting.
pub(crate) type DevEvm<'c> = Evm<
    &'c mut DevContext,
    (),
    EthInstructions<EthInterpreter, &'c mut DevContext>,
    DevPrecompiles,
    EthFrame<EthInterpreter>,
>;

fn new_evm(ctx: &mut DevContext) -> DevEvm<'_> {
    let spec = ctx.cfg.spec;
    let arbos_version = ctx.chain.config.arbos_version;
    Evm::new(
        ctx,
        EthInstructions::new_mainnet_with_spec(spec),
        DevPrecompiles::new(spec, arbos_version),
    )
}

/// Runs the transaction in the context and returns its result with the state changes.
pub(crate) fn execute(
    ctx: &mut DevContext,
) -> (
    Result<ExecutionResult<HaltReason>, EVMError<Infallible>>,
    EvmState,
) {
    let mut evm = new_evm(ctx);
    let result =
        MainnetHandler::<DevEvm<'_>, EVMError<Infallible>, EthFrame<EthInterpreter>>::default()
            .run(&mut evm);
    let state = evm.ctx.journaled_state.finalize();
    (result, state)
}

/// Runs a frame (a call or creation made by a Stylus program) to completion on the context.
///
/// The frame's memory is a child of the transaction's shared memory buffer, above everything the
/// enclosing EVM frames hold, so call inputs that point into that buffer resolve and nothing of
/// the callers' memory is overwritten; the buffer is truncated back afterwards.
pub(crate) fn run_nested(
    ctx: &mut DevContext,
    frame_input: FrameInput,
    depth: usize,
) -> FrameResult {
    let mut anchor = SharedMemory::new_with_buffer(ctx.local.shared_memory_buffer().clone());
    let memory = anchor.new_child_context();
    let result = run_frames(
        ctx,
        FrameInit {
            depth,
            memory,
            frame_input,
        },
    );
    anchor.free_child_context();
    result
}

fn run_frames(ctx: &mut DevContext, init: FrameInit) -> FrameResult {
    let fallback = {
        let result = InterpreterResult::new(
            InstructionResult::FatalExternalError,
            Default::default(),
            Gas::new(0),
        );
        match &init.frame_input {
            FrameInput::Create(_) => {
                FrameResult::Create(revm::interpreter::CreateOutcome::new(result, None))
            }
            _ => FrameResult::Call(revm::interpreter::CallOutcome::new(result, 0..0)),
        }
    };
    let mut evm = new_evm(ctx);
    match evm.frame_init(init) {
        Ok(ItemOrResult::Result(result)) => return result,
        Ok(ItemOrResult::Item(_)) => (),
        Err(_) => return fallback,
    }
    loop {
        let next = match evm.frame_run() {
            Ok(n) => n,
            Err(_) => return fallback,
        };
        let result = match next {
            ItemOrResult::Item(init) => match evm.frame_init(init) {
                Ok(ItemOrResult::Item(_)) => continue,
                Ok(ItemOrResult::Result(result)) => result,
                Err(_) => return fallback,
            },
            ItemOrResult::Result(result) => result,
        };
        match evm.frame_return_result(result) {
            Ok(Some(result)) => return result,
            Ok(None) => (),
            Err(_) => return fallback,
        }
    }
}
