// Loaded into the CLI's keychain child by a test, as `--import <this file>?out=<file>`: writes
// the names of the child's environment variables to that file, before the child runs.
import { writeFileSync } from 'node:fs';

const out = new URL(import.meta.url).searchParams.get('out');
if (out) writeFileSync(out, JSON.stringify(Object.keys(process.env)));
