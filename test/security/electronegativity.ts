// Runs Electronegativity (@doyensec/electronegativity) over a folder and reads the list of
// findings SECURITY.md accepts. Electronegativity fetches translations and Electron's
// release list from the internet; tests never touch the network, so its HTTP client (got)
// is replaced by one that fails at once: it then uses its bundled English texts and skips
// only the "newer Electron release with security fixes" lookup.
import { cp, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export interface Finding {
  id: string;
  file: string;
  line: number;
  description: string;
}

interface RawIssue {
  id: string;
  file: string;
  location: { line: number };
  description: string;
}
type Run = (options: Record<string, unknown>) => Promise<{
  issues: RawIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
  atomicChecks: number;
  globalChecks: number;
}>;

const require = createRequire(import.meta.url);
let runner: Run | null = null;

function loadRunner(): Run {
  if (runner) return runner;
  const packageDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const got = require.resolve('got', { paths: [join(packageDir, 'dist', 'locales')] });
  const offline = () => Promise.reject(new Error('offline: tests make no internet requests'));
  require.cache[got] = { id: got, filename: got, loaded: true, exports: offline } as NodeModule;
  runner = require(packageDir) as Run;
  return runner;
}

export async function runElectronegativity(
  input: string,
  electronVersion: string,
): Promise<{ findings: Finding[]; errors: string[]; checks: number }> {
  const run = loadRunner();
  // It prints progress and a "could not fetch" line: keep the test output clean.
  const log = console.log;
  console.log = () => {};
  try {
    const result = await run({
      input,
      isRelative: true,
      electronVersionOverride: electronVersion,
    });
    return {
      findings: result.issues.map((issue) => ({
        id: issue.id,
        file: issue.file.split('\\').join('/'),
        line: issue.location.line,
        description: issue.description,
      })),
      errors: result.errors.filter((e) => !e.tolerable).map((e) => `${e.file}: ${e.message}`),
      checks: result.atomicChecks + result.globalChecks,
    };
  } finally {
    console.log = log;
  }
}

/**
 * Copies what Electronegativity should see into `dir`: the Electron side's TypeScript
 * sources (main, preload, shared, backend, CLI), the renderer page with its CSP, and
 * package.json (for the Electron version). Not node_modules, tests or the Svelte code,
 * which never touches Electron.
 */
export async function stageSources(projectDir: string, dir: string): Promise<void> {
  await cp(join(projectDir, 'electron'), join(dir, 'electron'), { recursive: true });
  await mkdir(join(dir, 'renderer'), { recursive: true });
  await cp(join(projectDir, 'renderer', 'index.html'), join(dir, 'renderer', 'index.html'));
  await cp(join(projectDir, 'package.json'), join(dir, 'package.json'));
}

/**
 * The findings SECURITY.md accepts: the rows of the table under the heading
 * "Accepted Electronegativity findings", each `| \`CHECK_ID\` | \`path\` | why |`.
 */
export async function acceptedFindings(
  securityMd: string,
): Promise<{ id: string; file: string }[]> {
  const text = await readFile(securityMd, 'utf8');
  const start = text.search(/^#+ Accepted Electronegativity findings/m);
  if (start === -1) return [];
  const section = text.slice(start).split(/\n#+ /)[0] ?? '';
  const rows: { id: string; file: string }[] = [];
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([A-Z0-9_]+)`\s*\|\s*`([^`]+)`\s*\|\s*\S/.exec(line);
    if (match?.[1] && match[2]) rows.push({ id: match[1], file: match[2] });
  }
  return rows;
}

/**
 * The findings no row of SECURITY.md accepts. Each row accepts one finding, so a second
 * finding of an accepted check in the same file still needs its own justification.
 */
export function unacceptedFindings(
  findings: Finding[],
  accepted: { id: string; file: string }[],
): Finding[] {
  const rows = [...accepted];
  return findings.filter((finding) => {
    const row = rows.findIndex((a) => a.id === finding.id && a.file === finding.file);
    if (row === -1) return true;
    rows.splice(row, 1);
    return false;
  });
}
