// sqlx::migrate! embeds migrations/ at compile time; without this a new migration file leaves
// the binary built before it unchanged (cargo would see no Rust file change).
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
