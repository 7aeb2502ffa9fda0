//! Attribute paths, as diagnostics and plan rules address parts of a value.

use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Step {
    Attribute(String),
    /// A map key.
    Key(String),
    /// A list or tuple index. Set elements have no address.
    Index(i64),
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Path(pub Vec<Step>);

impl Path {
    pub fn root() -> Path {
        Path(Vec::new())
    }

    /// The path of a top-level attribute.
    pub fn attr(name: &str) -> Path {
        Path(vec![Step::Attribute(name.to_owned())])
    }

    pub fn then_attr(&self, name: &str) -> Path {
        self.then(Step::Attribute(name.to_owned()))
    }

    pub fn then_key(&self, key: &str) -> Path {
        self.then(Step::Key(key.to_owned()))
    }

    pub fn then_index(&self, index: usize) -> Path {
        self.then(Step::Index(index as i64))
    }

    fn then(&self, step: Step) -> Path {
        let mut steps = self.0.clone();
        steps.push(step);
        Path(steps)
    }

    pub fn steps(&self) -> &[Step] {
        &self.0
    }
}

/// HCL-style rendering, `timeouts.create` or `keepers["a"]`, for messages.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, step) in self.0.iter().enumerate() {
            match step {
                Step::Attribute(name) if i == 0 => f.write_str(name)?,
                Step::Attribute(name) => write!(f, ".{name}")?,
                Step::Key(key) => write!(f, "[{key:?}]")?,
                Step::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}
