//! Each env exporter: the output, read back by a parser of that syntax's words, gives back the
//! exact value (sh by `shlex`, POSIX word splitting; fish and PowerShell by their single-quote
//! rules; JSON by serde_json; dotenv verbatim).
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| awsso::__private::fuzz::exports(data));
