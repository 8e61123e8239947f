// `node scripts/make-icons.mjs`: draws Autoloop's icons (a looping arrow) into resources/icons/ as PNG
// files, written by hand (zlib + CRC-32), so no image tool or package is needed. The PNGs are committed;
// run this again only to change the drawing.
import { Buffer } from 'node:buffer';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const iconsDir = join(root, 'resources', 'icons');
/** Samples per pixel edge: 4×4 samples give smooth edges even at 16 px. */
const SUPERSAMPLE = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typed = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typed));
  return Buffer.concat([length, typed, crc]);
}

/** A PNG file (8-bit RGBA, no filtering) from `size`×`size` RGBA pixels. */
function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: RGBA
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    rows[y * (size * 4 + 1)] = 0; // filter: none
    rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** The loop: a ring with a gap at the top right and an arrowhead at one end of the gap. Unit coordinates, y down. */
function loopShape({ radius, thickness }) {
  const gapFrom = (-80 * Math.PI) / 180;
  const gapTo = (-30 * Math.PI) / 180;
  const tip = { g: gapFrom, half: thickness * 1.25, length: thickness * 1.6 };
  const at = (angle) => ({ x: 0.5 + radius * Math.cos(angle), y: 0.5 + radius * Math.sin(angle) });
  const base = at(tip.g);
  const radial = { x: Math.cos(tip.g), y: Math.sin(tip.g) };
  // Clockwise on screen (angles grow with y down); the arrow points into the gap.
  const tangent = { x: -Math.sin(tip.g), y: Math.cos(tip.g) };
  const a = { x: base.x + radial.x * tip.half, y: base.y + radial.y * tip.half };
  const b = { x: base.x - radial.x * tip.half, y: base.y - radial.y * tip.half };
  const c = { x: base.x + tangent.x * tip.length, y: base.y + tangent.y * tip.length };
  const side = (p, q, r) => (q.x - p.x) * (r.y - p.y) - (q.y - p.y) * (r.x - p.x);
  const inTriangle = (p) => {
    const s1 = side(a, b, p);
    const s2 = side(b, c, p);
    const s3 = side(c, a, p);
    return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
  };
  return (x, y) => {
    const distance = Math.hypot(x - 0.5, y - 0.5);
    const angle = Math.atan2(y - 0.5, x - 0.5);
    const onRing = Math.abs(distance - radius) <= thickness / 2 && !(angle > gapFrom && angle < gapTo);
    return onRing || inTriangle({ x, y });
  };
}

function roundedSquare(inset, corner) {
  return (x, y) => {
    const dx = Math.max(Math.abs(x - 0.5) - (0.5 - inset - corner), 0);
    const dy = Math.max(Math.abs(y - 0.5) - (0.5 - inset - corner), 0);
    return Math.hypot(dx, dy) <= corner;
  };
}

/** Paints layers (shape + colour), back to front, with supersampled coverage. */
function paint(size, layers) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (const layer of layers) {
        let covered = 0;
        for (let sy = 0; sy < SUPERSAMPLE; sy += 1) {
          for (let sx = 0; sx < SUPERSAMPLE; sx += 1) {
            if (layer.shape((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size)) covered += 1;
          }
        }
        const alpha = covered / (SUPERSAMPLE * SUPERSAMPLE);
        if (alpha === 0) continue;
        const outA = alpha + a * (1 - alpha);
        [r, g, b] = [0, 1, 2].map((i) => (layer.color[i] * alpha + [r, g, b][i] * a * (1 - alpha)) / outA);
        a = outA;
      }
      pixels.set([Math.round(r), Math.round(g), Math.round(b), Math.round(a * 255)], (py * size + px) * 4);
    }
  }
  return encodePng(size, pixels);
}

const INDIGO = [79, 70, 229];
const WHITE = [255, 255, 255];
const TRAY_COLORS = { idle: [107, 114, 128], running: [22, 163, 74], attention: [234, 88, 12] };

function write(relative, png) {
  const file = join(iconsDir, relative);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, png);
  console.log(`wrote ${relative} (${png.length} bytes)`);
}

for (const size of [16, 32, 256, 512]) {
  const bold = size <= 32;
  write(
    join('app', `${size}x${size}.png`),
    paint(size, [
      { shape: roundedSquare(size <= 32 ? 0 : 0.06, size <= 32 ? 0.18 : 0.2), color: INDIGO },
      { shape: loopShape({ radius: bold ? 0.27 : 0.25, thickness: bold ? 0.15 : 0.09 }), color: WHITE },
    ]),
  );
}

for (const [state, color] of Object.entries(TRAY_COLORS)) {
  for (const [size, suffix] of [
    [16, ''],
    [32, '@2x'],
  ]) {
    const layers = [{ shape: loopShape({ radius: 0.32, thickness: 0.17 }), color }];
    // Attention adds a dot in the middle, so the state reads without colour too.
    if (state === 'attention') layers.push({ shape: (x, y) => Math.hypot(x - 0.5, y - 0.5) <= 0.12, color });
    write(join('tray', `tray-${state}${suffix}.png`), paint(size, layers));
  }
}
