//! The page's effects, as Yew hooks: everything the page does in the
//! browser besides drawing. The reducer (`state`) only reduces; these
//! start timers, listen to the window, open IndexedDB, write the address
//! bar and perform the effects the reducer left.

mod checker;
mod effects;
mod play_timer;
mod shortcuts;
mod storage;
mod url;

pub use checker::{use_checker, CheckBounds, Checker, Checking};
pub use effects::use_effects;
pub use play_timer::use_play_timer;
pub use shortcuts::use_shortcuts;
pub use storage::use_storage;
pub use url::use_url;
