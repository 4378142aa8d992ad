// Merges the latest-mac.yml files of the release workflow's two macOS jobs (arm64 and x64,
// each built on a Mac of its own CPU) into the one file the update feed serves.
// electron-updater's MacUpdater picks the zip whose name says arm64 on Apple silicon and the
// other one on Intel, from the same `files` list; each job's own file lists only its own
// architecture, and uploading both under the same name would keep only the last one.
//
// Usage: node .github/scripts/merge-latest-mac.mjs <output> <latest-mac.yml> [...]
// The first input gives everything but `files` (version, the legacy path/sha512, releaseDate);
// `files` is every input's entries in order, once each. No dependencies: the publishing job
// that runs it installs nothing. The inputs are electron-builder's own YAML output (js-yaml
// dump): top-level keys at column 0, `files:` followed by `  - url: …` entries.
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Splits a latest-mac.yml into the lines before `files:`, its entries, and the lines after. */
export function splitFeed(text) {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const start = lines.indexOf('files:');
  if (start < 0) throw new Error('no `files:` list');
  let end = start + 1;
  while (end < lines.length && lines[end].startsWith('  ')) end += 1;
  const entries = [];
  for (const line of lines.slice(start + 1, end)) {
    if (line.startsWith('  - ')) entries.push([line]);
    else if (entries.length > 0) entries[entries.length - 1].push(line);
    else throw new Error(`unexpected line in files: ${line}`);
  }
  return { head: lines.slice(0, start), entries, tail: lines.slice(end) };
}

function field(lines, key) {
  const line = lines.find((l) => l.startsWith(`${key}:`));
  return line?.slice(key.length + 1).trim();
}

export function mergeFeeds(texts) {
  if (texts.length === 0) throw new Error('nothing to merge');
  const feeds = texts.map(splitFeed);
  const version = field(feeds[0].head, 'version');
  const seen = new Set();
  const entries = [];
  for (const feed of feeds) {
    const other = field(feed.head, 'version');
    if (other !== version) throw new Error(`versions differ: ${version} and ${other}`);
    for (const entry of feed.entries) {
      const url = entry[0].replace(/^ {2}- url: /, '').trim();
      if (seen.has(url)) continue;
      seen.add(url);
      entries.push(...entry);
    }
  }
  const { head, tail } = feeds[0];
  return [...head, 'files:', ...entries, ...tail].join('\n');
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [output, ...inputs] = process.argv.slice(2);
  if (!output || inputs.length === 0) {
    console.error('Usage: node merge-latest-mac.mjs <output> <latest-mac.yml> [...]');
    process.exit(2);
  }
  const merged = mergeFeeds(inputs.map((file) => readFileSync(file, 'utf8')));
  writeFileSync(output, merged);
  console.log(merged);
}
