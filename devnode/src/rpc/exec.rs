//! Threads that run chain work for the server.
//!
//! Execution nests deeply (EVM frames, Stylus programs calling out through host functions, the
//! factory's nested frames), more than the 2 MiB stacks of tokio's blocking pool hold in debug
//! builds. Requests run on these threads instead: large stacks, grown on demand (a request may
//! wait up to a second for a nonce gap to fill, so one busy thread must not hold up the others).

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};

/// Stack of every execution thread (reserved, not committed: pages are used as the stack grows).
pub const STACK_SIZE: usize = 256 * 1024 * 1024;
/// Most execution threads.
pub const MAX_THREADS: usize = 512;

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    idle: usize,
    threads: usize,
    closed: bool,
}

/// A pool of large-stack threads.
#[derive(Clone, Default)]
pub(crate) struct Executor {
    shared: Arc<(Mutex<Queue>, Condvar)>,
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Executor")
    }
}

impl Executor {
    /// Runs `f` on a pool thread and returns its result; `None` if it panicked or the pool is
    /// closed.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce() -> R + Send + 'static,
    ) -> Option<R> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            if let Ok(r) = r {
                let _ = tx.send(r);
            }
        });
        if !self.submit(job) {
            return None;
        }
        rx.await.ok()
    }

    fn submit(&self, job: Job) -> bool {
        let (lock, ready) = &*self.shared;
        let mut q = lock.lock().unwrap_or_else(|e| e.into_inner());
        if q.closed {
            return false;
        }
        q.jobs.push_back(job);
        // Every queued job needs a thread: the idle ones take one each, new ones take the rest.
        if q.jobs.len() > q.idle && q.threads < MAX_THREADS {
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("devnode-exec".into())
                .stack_size(STACK_SIZE)
                .spawn(move || worker(shared))
                .is_ok();
            if spawned {
                q.threads += 1;
            }
        }
        drop(q);
        ready.notify_one();
        true
    }

    /// Lets the threads finish their current job and exit.
    pub(crate) fn close(&self) {
        let (lock, ready) = &*self.shared;
        lock.lock().unwrap_or_else(|e| e.into_inner()).closed = true;
        ready.notify_all();
    }
}

fn worker(shared: Arc<(Mutex<Queue>, Condvar)>) {
    let (lock, ready) = &*shared;
    let mut q = lock.lock().unwrap_or_else(|e| e.into_inner());
    loop {
        if let Some(job) = q.jobs.pop_front() {
            drop(q);
            job();
            q = lock.lock().unwrap_or_else(|e| e.into_inner());
            continue;
        }
        if q.closed {
            q.threads -= 1;
            return;
        }
        q.idle += 1;
        q = ready.wait(q).unwrap_or_else(|e| e.into_inner());
        q.idle -= 1;
    }
}
