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

/// Runs the transaction in the context and returns its result with the state changes. With a
/// tracer in the context, every frame is reported to it.
pub(crate) fn execute(
    ctx: &mut DevContext,
) -> (
    Result<ExecutionResult<HaltReason>, EVMError<Infallible>>,
    EvmState,
) {
    let traced = ctx.chain.tracer.is_some();
    let mut evm = new_evm(ctx);
    let result = if traced {
        TracingHandler(std::marker::PhantomData).run(&mut evm)
    } else {
        MainnetHandler::<DevEvm<'_>, EVMError<Infallible>, EthFrame<EthInterpreter>>::default()
            .run(&mut evm)
    };
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
    let create = matches!(init.frame_input, FrameInput::Create(_));
    let mut evm = new_evm(ctx);
    drive(&mut evm, init).unwrap_or_else(|| {
        let result = InterpreterResult::new(
            InstructionResult::FatalExternalError,
            Default::default(),
            Gas::new(0),
        );
        if create {
            FrameResult::Create(revm::interpreter::CreateOutcome::new(result, None))
        } else {
            FrameResult::Call(revm::interpreter::CallOutcome::new(result, 0..0))
        }
    })
}

/// revm's frame loop (its handler's `run_exec_loop`), with the tracer's hooks around every frame
/// when a [`crate::trace::Tracer`] rides in the context. `None` when revm reports an error (the
/// state database cannot fail, so only a bug gets there).
pub(crate) fn drive(evm: &mut DevEvm<'_>, init: FrameInit) -> Option<FrameResult> {
    let tracing = evm.ctx.chain.tracer.is_some();
    if tracing {
        crate::trace::enter(evm.ctx, &init.frame_input);
    }
    if let ItemOrResult::Result(result) = evm.frame_init(init).ok()? {
        if tracing {
            crate::trace::exit(evm.ctx, &result);
        }
        return Some(result);
    }
    loop {
        let result = match evm.frame_run().ok()? {
            ItemOrResult::Item(init) => {
                if tracing {
                    crate::trace::enter(evm.ctx, &init.frame_input);
                }
                match evm.frame_init(init).ok()? {
                    ItemOrResult::Item(_) => continue,
                    ItemOrResult::Result(result) => result,
                }
            }
            ItemOrResult::Result(result) => result,
        };
        if tracing {
            crate::trace::exit(evm.ctx, &result);
        }
        if let Some(result) = evm.frame_return_result(result).ok()? {
            return Some(result);
        }
    }
}

/// revm's mainnet handler with [`drive`] as its frame loop: how traced transactions run.
struct TracingHandler<'c>(std::marker::PhantomData<&'c ()>);

impl<'c> Handler for TracingHandler<'c> {
    type Evm = DevEvm<'c>;
    type Error = EVMError<Infallible>;
    type HaltReason = HaltReason;

    fn run_exec_loop(
        &mut self,
        evm: &mut Self::Evm,
        first_frame_input: FrameInit,
    ) -> Result<FrameResult, Self::Error> {
        drive(evm, first_frame_input)
            .ok_or_else(|| EVMError::Custom("the frame loop failed".into()))
    }
}
