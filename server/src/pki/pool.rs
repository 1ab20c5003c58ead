//! The bounded pool every CMS verification runs on (log-in, wizard EDS check, contract
//! signatures): off the async runtime, at most `workers` at once, at most `queue` more waiting;
//! past that the caller is answered at once that the service is busy (HTTP 503 with the kk/ru
//! "try again later" text), never left waiting on a stalled server.
//!
//! The permits travel into the blocking task, so a client that hangs up does not free its
//! place before the CPU work it started has ended.
use std::sync::Arc;

use tokio::sync::Semaphore;

/// The pool is full: answer "busy, try again" ([`app::error::AppError::Unavailable`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the verification pool is full")]
pub struct Busy;

#[derive(Debug)]
pub struct VerifyPool {
    /// Running plus waiting.
    admitted: Arc<Semaphore>,
    running: Arc<Semaphore>,
}

impl VerifyPool {
    pub fn new(workers: usize, queue: usize) -> Self {
        let workers = workers.max(1);
        VerifyPool {
            admitted: Arc::new(Semaphore::new(workers + queue)),
            running: Arc::new(Semaphore::new(workers)),
        }
    }

    /// Runs `work` on a blocking thread when a place is free; [`Busy`] at once when every
    /// running and waiting place is taken.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, Busy> {
        let admitted = self
            .admitted
            .clone()
            .try_acquire_owned()
            .map_err(|_| Busy)?;
        let running = self
            .running
            .clone()
            .acquire_owned()
            .await
            .map_err(|_| Busy)?;
        tokio::task::spawn_blocking(move || {
            let _places = (admitted, running);
            work()
        })
        .await
        .map_err(|_| Busy)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_pool_answers_busy_at_once_and_takes_work_again_when_a_place_frees() {
        let pool = Arc::new(VerifyPool::new(1, 1));
        let (release_tx, release_rx) = std::sync::mpsc::channel::<()>();
        let (started_tx, started_rx) = tokio::sync::oneshot::channel();
        let running = {
            let pool = pool.clone();
            tokio::spawn(async move {
                pool.run(move || {
                    let _ = started_tx.send(());
                    release_rx.recv().ok();
                    1
                })
                .await
            })
        };
        started_rx.await.unwrap();
        // One waits (the queue place), the next is refused at once.
        let waiting = {
            let pool = pool.clone();
            tokio::spawn(async move { pool.run(|| 2).await })
        };
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert_eq!(pool.run(|| 3).await, Err(Busy));
        release_tx.send(()).unwrap();
        assert_eq!(running.await.unwrap(), Ok(1));
        assert_eq!(waiting.await.unwrap(), Ok(2));
        assert_eq!(pool.run(|| 4).await, Ok(4));
    }
}
