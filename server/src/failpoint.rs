//! Fault injection for the crash tests (`server/tests/it/faults.rs`).
//!
//! A failpoint is a named place in the code (`failpoint::hit("contract.submit.before_commit")`)
//! where a test can make the server stop dead or fail as the disk would. They are armed only
//! in debug builds, only by the `server` binary, and only from `EKG_FAILPOINTS`
//! (`name=action;name=action`), so the library that in-process tests start never has any, and
//! a release build compiles every [`hit`] to nothing.
//!
//! Actions:
//! - `pause`: print `failpoint NAME reached` on standard error and stop this thread for good,
//!   so the test can kill the process at exactly that point;
//! - `enospc`: fail with "No space left on device" (`ENOSPC`), as a full disk does.
use std::collections::HashMap;
use std::io;
use std::sync::OnceLock;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Action {
    Pause,
    Enospc,
}

static ARMED: OnceLock<HashMap<String, Action>> = OnceLock::new();

/// Reads `EKG_FAILPOINTS` (debug builds only; the `server` binary calls this once).
pub fn arm_from_env() {
    if !cfg!(debug_assertions) {
        return;
    }
    let Ok(spec) = std::env::var("EKG_FAILPOINTS") else {
        return;
    };
    let points = parse(&spec);
    if !points.is_empty() {
        tracing::warn!(?points, "failpoints armed (fault tests only)");
    }
    let _ = ARMED.set(points);
}

fn parse(spec: &str) -> HashMap<String, Action> {
    spec.split(';')
        .filter_map(|item| {
            let (name, action) = item.trim().split_once('=')?;
            let action = match action.trim() {
                "pause" => Action::Pause,
                "enospc" => Action::Enospc,
                _ => return None,
            };
            Some((name.trim().to_string(), action))
        })
        .collect()
}

/// The failpoint `name`: nothing unless a test armed it.
pub fn hit(name: &str) -> io::Result<()> {
    if !cfg!(debug_assertions) {
        return Ok(());
    }
    match ARMED.get().and_then(|p| p.get(name)) {
        None => Ok(()),
        Some(Action::Enospc) => Err(io::Error::from_raw_os_error(28)),
        Some(Action::Pause) => {
            eprintln!("failpoint {name} reached");
            loop {
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_spec_names_points_and_actions_and_ignores_the_rest() {
        let p = parse("a.b=pause; c=enospc;d=explode;;e");
        assert_eq!(p.len(), 2);
        assert_eq!(p["a.b"], Action::Pause);
        assert_eq!(p["c"], Action::Enospc);
    }

    #[test]
    fn an_unarmed_point_does_nothing() {
        assert!(hit("nobody.armed.this").is_ok());
    }
}
