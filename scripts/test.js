// `npm test`: lint and format check, typecheck, build, then every test file with Node's test
// runner. On Linux the tests run inside a private D-Bus session with a throwaway unlocked
// GNOME Keyring (scripts/with-keyring.sh), so the keychain tests use a real Secret Service.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { privateKeyringCommand } from './private-keyring.js';

const suites = [
  'test/unit',
  'test/keychain',
  'test/e2e',
  'test/packaging',
  'test/stand-in-electron',
  'test/security',
  'test/electron',
];

function run(title, command, args, env = process.env) {
  console.log(`\n▶ ${title}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env });
  if (result.status !== 0) {
    console.error(`\n✗ ${title} failed`);
    process.exit(result.status ?? 1);
  }
}

const only = process.argv.slice(2);
const files = only.length
  ? only
  : suites
      .filter((dir) => existsSync(dir))
      .flatMap((dir) =>
        readdirSync(dir)
          .filter((f) => f.endsWith('.test.ts'))
          .sort()
          .map((f) => join(dir, f)),
      );

if (!only.length) {
  run('lint and format (biome)', 'npx', ['biome', 'check', '.']);
  run('typecheck (tsc, svelte-check)', 'npm', ['run', '--silent', 'typecheck']);
}
run('build', 'npm', ['run', '--silent', 'build']);

const nodeTest = [
  'node',
  '--import',
  'tsx',
  '--test',
  '--test-reporter=spec',
  '--test-concurrency=2',
  // A guard against a hung file, not a deadline: the slowest file takes about a minute alone
  // and several times that on a busy shared machine.
  '--test-timeout=600000',
  ...files,
];
const [file, args, privateKeyring] = privateKeyringCommand(nodeTest[0], nodeTest.slice(1));
run(`tests (${files.length} files${privateKeyring ? ', private keyring' : ''})`, file, args);
