//! Start-up settings from the command line and the environment: the configuration file and
//! the overrides an operator or a test passes without editing it.

use std::path::PathBuf;

/// What the command line asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Args {
    pub config: PathBuf,
    pub listen: Option<String>,
    pub dist: Option<PathBuf>,
}

impl Args {
    /// `--config FILE` (default `CENTRAL_CONFIG` or `central.toml`), `--listen ADDR`, `--dist DIR`.
    ///
    /// # Errors
    /// An unknown flag or a flag without its value, named in the message.
    pub fn parse(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Self, String> {
        let mut out = Self {
            config: env("CENTRAL_CONFIG").map_or_else(|| "central.toml".into(), Into::into),
            listen: env("CENTRAL_LISTEN"),
            dist: env("CENTRAL_DIST").map(Into::into),
        };
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or(format!("{flag} precisa de um valor"));
            match flag.as_str() {
                "--config" => out.config = value()?.into(),
                "--listen" => out.listen = Some(value()?),
                "--dist" => out.dist = Some(value()?.into()),
                other => {
                    return Err(format!(
                        "opção desconhecida: {other} (use --config, --listen, --dist)"
                    ));
                }
            }
        }
        Ok(out)
    }
}
