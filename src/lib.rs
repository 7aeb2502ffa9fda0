pub mod console;
pub mod logging;

pub fn placeholder() {}
