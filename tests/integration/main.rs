//! Integration tests: one binary, many modules. Tests that need the model use the real
//! all-MiniLM-L6-v2 files, fetched into `models/` on first use (see `common`); `in_process`
//! runs use cases that do not need it through the library with the stand-in embedder.

mod audit;
mod blind;
mod catalog;
mod cli_errors;
mod common;
mod crash_points;
mod documents;
mod duties;
mod eval;
mod hardening;
mod http;
mod in_process;
mod layouts;
mod matching;
mod model_store;
mod openings;
mod page;
mod parity;
mod pools;
mod postgres;
mod reading;
mod recall;
mod server;
mod skills;
mod storage;
mod stuffing;
