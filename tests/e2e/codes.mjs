// Reading codes back from what the portal drew: the ITF barcode from its modules, and the
// barcode and PIX QR of a boleto PDF from its drawing (the filled rectangles of the page).
import jsQR from 'jsqr';

const PATTERNS = ['NNWWN', 'WNNNW', 'NWNNW', 'WWNNN', 'NNWNW', 'WNWNN', 'NWWNN', 'NNNWW', 'WNNWN', 'NWNWN'];

/** The digits of an ITF barcode given its modules (1 bar, 0 space), narrow 1 and wide 3. */
export function itfDigits(modules) {
  const runs = [];
  for (let i = 0; i < modules.length; ) {
    let j = i;
    while (j < modules.length && modules[j] === modules[i]) j++;
    runs.push(j - i);
    i = j;
  }
  const data = runs.slice(4, runs.length - 3);
  let digits = '';
  for (let p = 0; p < data.length; p += 10) {
    const chunk = data.slice(p, p + 10).map((w) => (w === 3 ? 'W' : 'N'));
    digits += PATTERNS.indexOf(chunk.filter((_, k) => k % 2 === 0).join(''));
    digits += PATTERNS.indexOf(chunk.filter((_, k) => k % 2 === 1).join(''));
  }
  return digits;
}

/** The filled rectangles (`x y w h re`) of a PDF page. */
export function pdfRects(bytes) {
  return bytes
    .toString('latin1')
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 5 && parts[4] === 're')
    .map((parts) => parts.slice(0, 4).map(Number));
}

/** The digits of the barcode a boleto PDF draws (bars 13 mm tall, modules of 0.254 mm). */
export function pdfBarcode(bytes) {
  const module = 0.72;
  const bars = pdfRects(bytes).filter((r) => Math.abs(r[3] - 36.85) < 0.01);
  const x0 = Math.min(...bars.map((r) => r[0]));
  const end = Math.max(...bars.map((r) => r[0] + r[2]));
  const modules = new Array(Math.round((end - x0) / module)).fill(0);
  for (const [x, , w] of bars) {
    const start = Math.round((x - x0) / module);
    for (let k = 0; k < Math.round(w / module); k++) modules[start + k] = 1;
  }
  return itfDigits(modules);
}

/** What the PIX QR a boleto PDF draws says (modules of 1.4 pt), or undefined. */
export function pdfQr(bytes) {
  const module = 1.4;
  const cells = pdfRects(bytes).filter((r) => Math.abs(r[3] - module) < 0.01);
  if (!cells.length) return undefined;
  const left = Math.min(...cells.map((r) => r[0]));
  const top = Math.max(...cells.map((r) => r[1] + r[3]));
  const right = Math.max(...cells.map((r) => r[0] + r[2]));
  const scale = 4;
  const quiet = 4;
  const side = (Math.round((right - left) / module) + 2 * quiet) * scale;
  const rgba = new Uint8ClampedArray(side * side * 4).fill(255);
  for (const [x, y, w, h] of cells) {
    const row = Math.round((top - (y + h)) / module) + quiet;
    const first = Math.round((x - left) / module) + quiet;
    for (let col = first; col < first + Math.round(w / module); col++) {
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const p = ((row * scale + dy) * side + col * scale + dx) * 4;
          rgba[p] = rgba[p + 1] = rgba[p + 2] = 0;
        }
      }
    }
  }
  return jsQR(rgba, side, side)?.data;
}
