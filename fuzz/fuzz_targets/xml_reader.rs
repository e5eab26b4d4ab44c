#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| smithy_client_fuzz::xml_reader(data));
