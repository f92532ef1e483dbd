//! Writes `.br` and `.gz` beside every text and wasm file of the built SPA, so the gateway
//! serves the smallest encoding the browser accepts without compressing per request.

use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Extensions worth compressing; images such as PNG are already compressed.
const COMPRESSIBLE: &[&str] = &[
    "html",
    "js",
    "mjs",
    "css",
    "wasm",
    "svg",
    "json",
    "webmanifest",
    "txt",
];

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

fn brotli(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut out, 64 * 1024, 11, 22);
        writer.write_all(data)?;
    }
    Ok(out)
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(data)?;
    encoder.finish()
}

fn main() {
    let Some(dir) = std::env::args_os().nth(1).map(PathBuf::from) else {
        eprintln!("uso: precompress <pasta do SPA>");
        std::process::exit(2);
    };
    let mut list = Vec::new();
    if let Err(e) = files(&dir, &mut list) {
        eprintln!("{}: {e}", dir.display());
        std::process::exit(1);
    }
    for path in list {
        let result = std::fs::read(&path).and_then(|data| {
            let br = brotli(&data)?;
            let gz = gzip(&data)?;
            let mut br_path = path.clone().into_os_string();
            br_path.push(".br");
            let mut gz_path = path.clone().into_os_string();
            gz_path.push(".gz");
            std::fs::write(&br_path, &br)?;
            std::fs::write(&gz_path, &gz)?;
            println!(
                "    {:<48} {:>9} B  gzip {:>8} B  brotli {:>8} B",
                path.strip_prefix(&dir).unwrap_or(&path).display(),
                data.len(),
                gz.len(),
                br.len()
            );
            Ok(())
        });
        if let Err(e) = result {
            eprintln!("{}: {e}", path.display());
            std::process::exit(1);
        }
    }
}
