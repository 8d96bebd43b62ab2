//! Integration tests: each starts the real router on a loopback port and sends GraphQL over HTTP.

mod audit;
mod cli;
mod crosscheck;
mod export;
mod facts;
mod helpers;
mod http;
mod interop;
mod network;
mod queries;
mod readme;
mod schema;
