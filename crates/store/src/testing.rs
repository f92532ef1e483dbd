//! A throwaway PostgreSQL server for tests: `initdb` into a temporary folder, `pg_ctl` on a
//! free loopback port, stopped and deleted on drop. It uses Debian's `postgresql` package,
//! which `scripts/setup.sh` installs; as root, the server runs as the `postgres` user, since
//! PostgreSQL refuses to run as root.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A running server; dropped, it stops and its files go.
pub struct ThrowawayPostgres {
    bin: PathBuf,
    data: PathBuf,
    as_postgres: bool,
    port: u16,
    _dir: tempfile::TempDir,
}

/// The newest installed PostgreSQL's `bin` folder.
fn bin_dir() -> Result<PathBuf, String> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|_| {
            "PostgreSQL não instalado (/usr/lib/postgresql): rode scripts/setup.sh".to_string()
        })?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((version, bin))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, bin)| bin)
        .ok_or_else(|| "initdb não encontrado em /usr/lib/postgresql/*/bin".into())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

impl ThrowawayPostgres {
    /// Starts a server with a `central` superuser (trust on loopback) and an empty
    /// `central` database.
    ///
    /// # Errors
    /// What failed, with the server's own words.
    pub fn start() -> Result<Self, String> {
        let bin = bin_dir()?;
        let as_postgres = is_root();
        let dir = tempfile::Builder::new()
            .prefix("central-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let data = dir.path().join("data");
        std::fs::create_dir(&data).map_err(|e| e.to_string())?;
        if as_postgres {
            // The postgres user must reach the folder and own the data directory.
            run(Command::new("chmod").arg("755").arg(dir.path()))?;
            run(Command::new("chown")
                .arg("-R")
                .arg("postgres:postgres")
                .arg(dir.path()))?;
        }
        let mut server = Self {
            bin,
            data,
            as_postgres,
            port: 0,
            _dir: dir,
        };
        run(server
            .command("initdb")
            .args([
                "-U",
                "central",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
                "-D",
            ])
            .arg(&server.data))?;
        // A port found free may be taken before the server binds it: try a few.
        let mut last = String::new();
        for _ in 0..5 {
            server.port = free_port()?;
            let options = format!(
                "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                server.port,
                server.data.display()
            );
            let log = server.data.join("server.log");
            let started = run(server
                .command("pg_ctl")
                .args(["-w", "-t", "60", "-D"])
                .arg(&server.data)
                .args(["-l"])
                .arg(&log)
                .args(["-o", &options, "start"]));
            match started {
                Ok(_) => {
                    run(Command::new(server.bin.join("createdb")).args([
                        "-h",
                        "127.0.0.1",
                        "-p",
                        &server.port.to_string(),
                        "-U",
                        "central",
                        "central",
                    ]))?;
                    return Ok(server);
                }
                Err(e) => {
                    last = format!("{e}\n{}", std::fs::read_to_string(&log).unwrap_or_default())
                }
            }
        }
        Err(format!("pg_ctl start falhou: {last}"))
    }

    /// The URL of the `central` database.
    pub fn url(&self) -> String {
        format!("postgres://central@127.0.0.1:{}/central", self.port)
    }

    /// A further empty database on the same server, for a test of its own.
    ///
    /// # Errors
    /// `createdb`'s complaint.
    pub fn database(&self, name: &str) -> Result<String, String> {
        run(Command::new(self.bin.join("createdb")).args([
            "-h",
            "127.0.0.1",
            "-p",
            &self.port.to_string(),
            "-U",
            "central",
            name,
        ]))?;
        Ok(format!("postgres://central@127.0.0.1:{}/{name}", self.port))
    }

    fn command(&self, tool: &str) -> Command {
        let program = self.bin.join(tool);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        }
    }

    /// The data directory, for a test that looks at the server's files.
    pub fn data_dir(&self) -> &Path {
        &self.data
    }
}

impl Drop for ThrowawayPostgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .args(["-D"])
            .arg(&self.data)
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn run(command: &mut Command) -> Result<Output, String> {
    let out = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{command:?}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}
