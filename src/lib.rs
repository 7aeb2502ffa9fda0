pub fn placeholder() {}
pub mod emulator;
