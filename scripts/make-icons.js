// Draws the app icon (a simple mark: two people on a rounded square) with Chromium from one
// SVG, then writes every size each installer needs into build/:
//   build/icon.png (1024), build/icons/<n>x<n>.png (Linux), build/icon.ico (Windows, PNG
//   entries), build/icon.icns (macOS, PNG entries). Run: node scripts/make-icons.js
// The images are committed; run this again only when the mark changes.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const buildDir = fileURLToPath(new URL('../build/', import.meta.url));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#4f46e5"/>
      <stop offset="1" stop-color="#312e81"/>
    </linearGradient>
  </defs>
  <rect x="64" y="64" width="896" height="896" rx="200" fill="url(#bg)"/>
  <circle cx="640" cy="392" r="104" fill="#a5b4fc"/>
  <path d="M456 744c0-112 82-196 184-196s184 84 184 196z" fill="#a5b4fc"/>
  <circle cx="420" cy="360" r="128" fill="#ffffff"/>
  <path d="M196 776c0-140 100-236 224-236s224 96 224 236z" fill="#ffffff"/>
</svg>`;

const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
// ICNS PNG-based entries: type code and pixel size.
const ICNS_ENTRIES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
  ['ic11', 32],
  ['ic12', 64],
  ['ic13', 256],
  ['ic14', 512],
];

async function renderAll(sizes) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  try {
    const page = await browser.newPage();
    const pngs = new Map();
    for (const size of sizes) {
      await page.setViewportSize({ width: size, height: size });
      await page.setContent(
        `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`,
      );
      pngs.set(size, await page.screenshot({ omitBackground: true, type: 'png' }));
    }
    return pngs;
  } finally {
    await browser.close();
  }
}

function ico(pngs) {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0);
  header.writeUInt16LE(1, 2);
  header.writeUInt16LE(ICO_SIZES.length, 4);
  const entries = [];
  let offset = 6 + 16 * ICO_SIZES.length;
  for (const size of ICO_SIZES) {
    const png = pngs.get(size);
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size >= 256 ? 0 : size, 0);
    entry.writeUInt8(size >= 256 ? 0 : size, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(png.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += png.length;
    entries.push(entry);
  }
  return Buffer.concat([header, ...entries, ...ICO_SIZES.map((s) => pngs.get(s))]);
}

function icns(pngs) {
  const chunks = ICNS_ENTRIES.map(([type, size]) => {
    const png = pngs.get(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(png.length + 8, 4);
    return Buffer.concat([head, png]);
  });
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(body.length + 8, 4);
  return Buffer.concat([head, body]);
}

const sizes = [...new Set([1024, ...LINUX_SIZES, ...ICO_SIZES, ...ICNS_ENTRIES.map(([, s]) => s)])];
const pngs = await renderAll(sizes);
await mkdir(`${buildDir}icons`, { recursive: true });
for (const size of LINUX_SIZES) {
  await writeFile(`${buildDir}icons/${size}x${size}.png`, pngs.get(size));
}
await writeFile(`${buildDir}icon.png`, pngs.get(1024));
await writeFile(`${buildDir}icon.ico`, ico(pngs));
await writeFile(`${buildDir}icon.icns`, icns(pngs));
console.log(`icons written to ${buildDir}`);
