//! The demo ERP binary. Its endpoints, database and seed data are not built yet, so it says
//! so and exits with a failure status rather than pretend to serve.

fn main() {
    eprintln!("demo-erp: os endpoints do contrato ERP ainda não foram implementados");
    std::process::exit(1);
}
