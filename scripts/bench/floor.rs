// The benchmark's floor: the least a credential_process can do — read a JSON file and print it.
use std::io::Write;

fn main() {
    let path = std::env::args().nth(1).expect("usage: floor FILE");
    let bytes = std::fs::read(path).expect("read");
    std::io::stdout().write_all(&bytes).expect("write");
}
