// The built CLI behind a real forward proxy: Debian's tinyproxy on loopback (installed by
// .ci/run), with a counting relay in front of it so the test knows, in this process, every
// connection the CLI made to the proxy and what it asked. HTTP_PROXY / http_proxy /
// HTTPS_PROXY are honoured (undici's EnvHttpProxyAgent and its own fetch), NO_PROXY bypasses
// the proxy, and a proxy that wants a login is `proxy_failed` in plain words.
//
// Runs out/cli/palenca-users.js: `npm run build` first (`npm test` does).
import assert from 'node:assert/strict';
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { type FakePalenca, startFakePalenca } from '../fake-palenca/server.ts';
import { makeSelfSignedCert } from '../support/self-signed-cert.ts';

const TINYPROXY = process.env.TINYPROXY_PATH ?? '/usr/bin/tinyproxy';
const CLI = fileURLToPath(new URL('../../out/cli/palenca-users.js', import.meta.url));
const TODAY = '2024-06-30';
const FROM = '2024-05-01';

interface Tinyproxy {
  port: number;
  log(): string;
  /** Resolves once tinyproxy's log satisfies `done` (checked on each line it writes). */
  logged(done: (log: string) => boolean): Promise<void>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts tinyproxy in the foreground with a generated config; resolves once it accepts. */
async function startTinyproxy(dir: string, name: string, extra: string[] = []): Promise<Tinyproxy> {
  const port = await freePort();
  const conf = join(dir, `${name}.conf`);
  // No ConnectPort line: CONNECT to any port (the fake listens on a random one). No LogFile
  // and no Syslog: in the foreground (-d) tinyproxy logs to stdout.
  writeFileSync(
    conf,
    [
      `Port ${port}`,
      'Listen 127.0.0.1',
      'Allow 127.0.0.1',
      'LogLevel Info',
      'MaxClients 20',
      'Timeout 30',
      ...extra,
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(TINYPROXY, ['-d', '-c', conf], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of [...waiters]) waiter();
  };
  const take = (chunk: Buffer) => {
    output += chunk.toString();
    wake();
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  const exit = new Promise<void>((resolve) =>
    child.once('exit', () => {
      exited = true;
      wake();
      resolve();
    }),
  );
  const logged = (done: (log: string) => boolean) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (done(output)) {
          waiters.delete(check);
          resolve();
        } else if (exited) {
          waiters.delete(check);
          reject(new Error(`tinyproxy (${name}) exited:\n${output}`));
        }
      };
      waiters.add(check);
      check();
    });
  // Ready once it says it accepts connections (its INFO line); then one probe to be sure.
  await logged((log) => log.includes('Accepting connections'));
  await new Promise<void>((resolve, reject) => {
    const probe = connect(port, '127.0.0.1');
    probe.once('connect', () => {
      probe.destroy();
      resolve();
    });
    probe.once('error', (error) =>
      reject(new Error(`tinyproxy (${name}) does not accept connections: ${error}\n${output}`)),
    );
  });
  return {
    port,
    log: () => output,
    logged,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exit;
    },
  };
}

interface Relay {
  url: string;
  /** Everything each connection sent towards the proxy, as text. */
  connections: string[];
  server: Server;
}

/** A TCP relay in front of the proxy that records each connection and what it sent. */
async function startRelay(targetPort: number): Promise<Relay> {
  const connections: string[] = [];
  const server = createServer((client: Socket) => {
    const index = connections.push('') - 1;
    const upstream = connect(targetPort, '127.0.0.1');
    client.on('data', (chunk: Buffer) => {
      connections[index] += chunk.toString('latin1');
    });
    client.pipe(upstream).pipe(client);
    const end = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end);
    upstream.on('error', end);
    client.on('close', end);
    upstream.on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, connections, server };
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The built CLI with exactly the proxy variables given (none inherited from this machine). */
function cli(args: string[], env: Record<string, string>): Promise<Run> {
  const base: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !/^(https?|no|all)_proxy$/i.test(name)) base[name] = value;
  }
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...base, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const LIST = ['list', '--from', FROM, '--to', TODAY, '--per-page', '5', '--json'];

let dir: string;
let fake: FakePalenca;
let proxy: Tinyproxy;
let loginProxy: Tinyproxy;
let relay: Relay;

before(async () => {
  if (!existsSync(TINYPROXY)) {
    throw new Error(
      `tinyproxy is missing (${TINYPROXY}): install it (apt-get install tinyproxy; .ci/run installs it) or point TINYPROXY_PATH at it. These tests need a real forward proxy.`,
    );
  }
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first.`);
  dir = mkdtempSync(join(tmpdir(), 'palenca-cli-proxy-'));
  fake = await startFakePalenca({ today: TODAY, users: 120 });
  proxy = await startTinyproxy(dir, 'open');
  loginProxy = await startTinyproxy(dir, 'login', ['BasicAuth palenca s3cret-proxy']);
  relay = await startRelay(proxy.port);
});

after(async () => {
  relay?.server.close();
  await proxy?.stop();
  await loginProxy?.stop();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

beforeEach(() => {
  fake.requests.length = 0;
  relay.connections.length = 0;
});

const fakeHost = () => new URL(fake.baseUrl).host;

function assertRightAnswer(run: Run) {
  assert.equal(run.code, 0, run.stderr);
  const parsed = JSON.parse(run.stdout) as { users: Array<{ user_id: string }> };
  assert.deepEqual(
    parsed.users.map((u) => u.user_id),
    fake
      .usersInWindow(FROM, TODAY)
      .slice(0, 5)
      .map((u) => u.user_id),
  );
  assert.equal(fake.requests.length, 1);
  assert.equal(fake.requests[0]?.apiKeyPresent, true);
}

/** How many times tinyproxy's log shows it was asked to CONNECT to `host`. */
const tunnelsTo = (log: string, host: string) => log.split(`CONNECT ${host} HTTP/1.1`).length - 1;

describe('the CLI through tinyproxy', () => {
  for (const variable of ['HTTP_PROXY', 'http_proxy']) {
    test(`${variable}: the request goes through the proxy and the answer is right`, async () => {
      const before = tunnelsTo(proxy.log(), fakeHost());
      const run = await cli(LIST, {
        PALENCA_API_URL: fake.baseUrl,
        PALENCA_API_KEY: fake.apiKey,
        [variable]: relay.url,
      });
      assertRightAnswer(run);
      assert.equal(relay.connections.length, 1, 'one connection to the proxy');
      assert.match(
        relay.connections[0] ?? '',
        new RegExp(`^CONNECT ${fakeHost()} HTTP/1\\.1\\r\\n`),
      );
      // tinyproxy itself carried it: its own log names the tunnel.
      await proxy.logged((log) => tunnelsTo(log, fakeHost()) > before);
    });
  }

  test('NO_PROXY=127.0.0.1 bypasses the proxy', async () => {
    const run = await cli(LIST, {
      PALENCA_API_URL: fake.baseUrl,
      PALENCA_API_KEY: fake.apiKey,
      HTTP_PROXY: relay.url,
      NO_PROXY: 'localhost,127.0.0.1',
    });
    assertRightAnswer(run);
    assert.deepEqual(relay.connections, [], 'nothing went to the proxy');
  });

  test('a proxy that wants a login → a plain message, and Palenca never asked', async () => {
    const run = await cli(LIST, {
      PALENCA_API_URL: fake.baseUrl,
      PALENCA_API_KEY: fake.apiKey,
      HTTP_PROXY: `http://127.0.0.1:${loginProxy.port}`,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(
      run.stderr,
      /^palenca-users-cli: Your network's proxy asks for a login this app cannot give, so the request did not reach Palenca\. Ask IT to allow Palenca \(127\.0\.0\.1:\d+\)\.\n$/,
    );
    assert.ok(!run.stderr.includes(fake.apiKey));
    assert.deepEqual(fake.requests, []);
    await loginProxy.logged((log) => tunnelsTo(log, fakeHost()) >= 1);
  });

  test('the login given in the proxy address is used', async () => {
    const run = await cli(LIST, {
      PALENCA_API_URL: fake.baseUrl,
      PALENCA_API_KEY: fake.apiKey,
      HTTP_PROXY: `http://palenca:s3cret-proxy@127.0.0.1:${loginProxy.port}`,
    });
    assertRightAnswer(run);
  });

  test('a proxy that cannot be reached → proxy_failed words, not "check your internet"', async () => {
    const closed = await freePort();
    const run = await cli(LIST, {
      PALENCA_API_URL: fake.baseUrl,
      PALENCA_API_KEY: fake.apiKey,
      HTTP_PROXY: `http://127.0.0.1:${closed}`,
    });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /proxy refused the connection to Palenca, or could not be reached/);
    assert.deepEqual(fake.requests, []);
  });

  describe('an https Palenca through HTTPS_PROXY', () => {
    let tls: HttpsServer;
    let tlsUrl: string;
    let certPath: string;

    before(async () => {
      const made = makeSelfSignedCert(dir);
      certPath = made.certPath;
      // TLS in front of the fake: an https "Palenca" on localhost, trusted by the child
      // through NODE_EXTRA_CA_CERTS.
      tls = createHttpsServer({ key: made.key, cert: made.cert }, (req, res) => {
        const target = new URL(req.url ?? '/', fake.baseUrl);
        const upstream = httpRequest(
          target,
          { method: req.method, headers: req.headers },
          (answer) => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res);
          },
        );
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      });
      await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
      tlsUrl = `https://localhost:${(tls.address() as AddressInfo).port}/v1`;
    });
    after(async () => {
      tls?.closeAllConnections();
      await new Promise<void>((resolve) => (tls ? tls.close(() => resolve()) : resolve()));
    });

    test('the tunnel carries it, and the proxy never sees the key', async () => {
      const host = new URL(tlsUrl).host;
      const run = await cli(LIST, {
        PALENCA_API_URL: tlsUrl,
        PALENCA_API_KEY: fake.apiKey,
        HTTPS_PROXY: relay.url,
        NODE_EXTRA_CA_CERTS: certPath,
      });
      assertRightAnswer(run);
      assert.equal(relay.connections.length, 1);
      assert.match(relay.connections[0] ?? '', new RegExp(`^CONNECT ${host} HTTP/1\\.1\\r\\n`));
      assert.ok(
        !relay.connections[0]?.includes(fake.apiKey),
        'the key crossed the proxy encrypted',
      );
      await proxy.logged((log) => tunnelsTo(log, host) >= 1);
    });
  });
});
