//! Threads that run chain work for the server: a bounded pool.
//!
//! Execution nests deeply (EVM frames, Stylus programs calling out through host functions, the
//! factory's nested frames), more than the 2 MiB stacks of tokio's blocking pool hold in debug
//! builds. Requests run on these threads instead: large stacks, started on demand up to
//! [`ExecLimits::max_threads`]. Chain work is serialised by the chain's lock, so more threads than
//! that only add stacks; requests beyond the bound wait in a queue of at most
//! [`ExecLimits::max_queue`] jobs, and beyond that are refused as "node busy" rather than queued
//! without end. Threads idle for [`ExecLimits::idle_timeout`] exit, so a burst does not leave its
//! threads behind. No job waits for another (future nonces are queued by the transaction pool,
//! not by a waiting thread), so a bounded pool cannot deadlock.

use std::collections::VecDeque;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// Stack of every execution thread (reserved, not committed: pages are used as the stack grows).
pub const STACK_SIZE: usize = 256 * 1024 * 1024;
/// Default most execution threads.
pub const DEFAULT_MAX_THREADS: usize = 32;
/// Default most requests waiting for a thread.
pub const DEFAULT_MAX_QUEUE: usize = 4_096;
/// Default time an idle execution thread waits for work before it exits.
pub const DEFAULT_THREAD_IDLE: Duration = Duration::from_secs(30);

/// Bounds of the execution pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExecLimits {
    /// Most execution threads (at least 1).
    pub max_threads: usize,
    /// Most requests waiting for a thread; more are refused with "node busy".
    pub max_queue: usize,
    /// An idle thread exits after waiting this long for work.
    pub idle_timeout: Duration,
}

impl Default for ExecLimits {
    fn default() -> Self {
        Self {
            max_threads: DEFAULT_MAX_THREADS,
            max_queue: DEFAULT_MAX_QUEUE,
            idle_timeout: DEFAULT_THREAD_IDLE,
        }
    }
}

/// What the execution pool holds now, and the most threads it has had.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExecStats {
    /// Threads alive now.
    pub threads: usize,
    /// The most threads alive at once since the pool started.
    pub peak_threads: usize,
    /// Jobs waiting for a thread.
    pub queued: usize,
    /// Jobs refused because the queue was full.
    pub refused: u64,
}

/// Why a job did not run to a result.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExecError {
    /// The queue is full: the node is busy.
    Busy,
    /// The job panicked, or the pool is closed.
    Failed,
}

type Job = Box<dyn FnOnce() + Send>;

#[derive(Default)]
struct Queue {
    jobs: VecDeque<Job>,
    idle: usize,
    threads: usize,
    peak_threads: usize,
    refused: u64,
    closed: bool,
}

struct Shared {
    queue: Mutex<Queue>,
    ready: Condvar,
    limits: ExecLimits,
}

impl Shared {
    fn lock(&self) -> std::sync::MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A bounded pool of large-stack threads.
#[derive(Clone)]
pub(crate) struct Executor {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Executor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Executor")
            .field("limits", &self.shared.limits)
            .field("stats", &self.stats())
            .finish()
    }
}

impl Executor {
    /// A pool with these bounds (a zero thread bound counts as one).
    pub(crate) fn new(limits: ExecLimits) -> Self {
        let limits = ExecLimits {
            max_threads: limits.max_threads.max(1),
            ..limits
        };
        Self {
            shared: Arc::new(Shared {
                queue: Mutex::new(Queue::default()),
                ready: Condvar::new(),
                limits,
            }),
        }
    }

    /// Runs `f` on a pool thread and returns its result.
    pub(crate) async fn run<R: Send + 'static>(
        &self,
        f: impl FnOnce() -> R + Send + 'static,
    ) -> Result<R, ExecError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
            if let Ok(r) = r {
                let _ = tx.send(r);
            }
        });
        self.submit(job)?;
        rx.await.map_err(|_| ExecError::Failed)
    }

    fn submit(&self, job: Job) -> Result<(), ExecError> {
        let limits = self.shared.limits;
        let mut q = self.shared.lock();
        if q.closed {
            return Err(ExecError::Failed);
        }
        // Jobs the idle threads will take do not count against the queue bound.
        let waiting = q.jobs.len().saturating_sub(q.idle);
        let can_spawn = q.threads < limits.max_threads;
        if waiting >= limits.max_queue && !can_spawn {
            q.refused += 1;
            return Err(ExecError::Busy);
        }
        q.jobs.push_back(job);
        // Every queued job needs a thread: the idle ones take one each, new ones take the rest.
        if q.jobs.len() > q.idle && can_spawn {
            let shared = self.shared.clone();
            let spawned = std::thread::Builder::new()
                .name("devnode-exec".into())
                .stack_size(STACK_SIZE)
                .spawn(move || worker(shared))
                .is_ok();
            if spawned {
                q.threads += 1;
                q.peak_threads = q.peak_threads.max(q.threads);
            } else if q.threads == 0 {
                // No thread to run it, now or later: refuse rather than leave it waiting.
                q.jobs.pop_back();
                q.refused += 1;
                return Err(ExecError::Busy);
            }
        }
        drop(q);
        self.shared.ready.notify_one();
        Ok(())
    }

    /// The pool's threads and queue now.
    pub(crate) fn stats(&self) -> ExecStats {
        let q = self.shared.lock();
        ExecStats {
            threads: q.threads,
            peak_threads: q.peak_threads,
            queued: q.jobs.len(),
            refused: q.refused,
        }
    }

    /// Lets the threads finish their current job and exit.
    pub(crate) fn close(&self) {
        self.shared.lock().closed = true;
        self.shared.ready.notify_all();
    }
}

fn worker(shared: Arc<Shared>) {
    let idle_timeout = shared.limits.idle_timeout;
    let mut q = shared.lock();
    loop {
        if let Some(job) = q.jobs.pop_front() {
            drop(q);
            job();
            q = shared.lock();
            continue;
        }
        if q.closed {
            q.threads -= 1;
            return;
        }
        q.idle += 1;
        let (guard, waited) = shared
            .ready
            .wait_timeout(q, idle_timeout)
            .unwrap_or_else(|e| e.into_inner());
        q = guard;
        q.idle -= 1;
        if waited.timed_out() && q.jobs.is_empty() {
            q.threads -= 1;
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn limits(max_threads: usize, max_queue: usize) -> ExecLimits {
        ExecLimits {
            max_threads,
            max_queue,
            idle_timeout: Duration::from_millis(50),
        }
    }

    /// Polls until `done` holds, for at most ten seconds (a bound, not a measurement).
    fn eventually(mut done: impl FnMut() -> bool) -> bool {
        let until = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < until {
            if done() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        done()
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn threads_stay_within_the_bound_then_the_queue_then_busy() {
        let pool = Executor::new(limits(2, 3));
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let release_rx = Arc::new(Mutex::new(release_rx));
        let (started_tx, started_rx) = mpsc::channel::<()>();
        let mut running = Vec::new();
        // Two jobs hold both threads until released.
        for _ in 0..2 {
            let (rx, started) = (release_rx.clone(), started_tx.clone());
            let p = pool.clone();
            running.push(tokio::spawn(async move {
                p.run(move || {
                    started.send(()).unwrap();
                    let _ = rx.lock().unwrap().recv();
                    7
                })
                .await
            }));
        }
        for _ in 0..2 {
            started_rx.recv_timeout(Duration::from_secs(10)).unwrap();
        }
        // Three more wait in the queue; the sixth is refused.
        for _ in 0..3 {
            let p = pool.clone();
            running.push(tokio::spawn(async move { p.run(|| 7).await }));
        }
        assert!(eventually(|| pool.stats().queued == 3));
        assert_eq!(pool.run(|| 7).await, Err(ExecError::Busy));
        let stats = pool.stats();
        assert_eq!(
            (stats.threads, stats.peak_threads, stats.refused),
            (2, 2, 1)
        );
        // Released, every accepted job runs to its result.
        release_tx.send(()).unwrap();
        release_tx.send(()).unwrap();
        for job in running {
            assert_eq!(job.await.unwrap(), Ok(7));
        }
        assert_eq!(pool.stats().peak_threads, 2);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn idle_threads_exit_and_the_pool_starts_them_again() {
        let pool = Executor::new(limits(4, 16));
        let jobs: Vec<_> = (0..8u64)
            .map(|i| {
                let p = pool.clone();
                tokio::spawn(async move { p.run(move || i * 2).await })
            })
            .collect();
        for (i, job) in jobs.into_iter().enumerate() {
            assert_eq!(job.await.unwrap(), Ok(i as u64 * 2));
        }
        assert!(pool.stats().peak_threads <= 4);
        assert!(eventually(|| pool.stats().threads == 0));
        assert_eq!(pool.run(|| 5).await, Ok(5));
    }

    #[tokio::test]
    async fn a_panicking_job_fails_and_a_closed_pool_refuses() {
        let pool = Executor::new(limits(1, 1));
        assert_eq!(
            pool.run(|| panic!("boom")).await,
            Err::<(), _>(ExecError::Failed)
        );
        assert_eq!(pool.run(|| 1).await, Ok(1));
        pool.close();
        assert_eq!(pool.run(|| 1).await, Err(ExecError::Failed));
    }
}
