pub mod model;
pub mod seed;
