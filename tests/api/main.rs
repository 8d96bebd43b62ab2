//! Integration tests: each starts the real router on a loopback port and sends GraphQL over HTTP.

mod audit;
mod browser;
mod citations;
mod cli;
mod conflicts;
mod connections;
mod cost;
mod crosscheck;
mod export;
mod facts;
mod generate;
mod hardening;
mod helpers;
mod http;
mod import;
mod inputs;
mod interop;
mod layers;
mod network;
mod openalex;
mod plain;
mod properties;
mod queries;
mod readme;
mod schema;
mod web;
