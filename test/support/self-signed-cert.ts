// A self-signed certificate for localhost, made with openssl, for tests that need real TLS on
// loopback (a child trusts it through NODE_EXTRA_CA_CERTS). Missing openssl is a failure with
// what to install, never a skip.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SelfSignedCert {
  keyPath: string;
  certPath: string;
  key: Buffer;
  cert: Buffer;
}

export function makeSelfSignedCert(dir: string): SelfSignedCert {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        keyPath,
        '-out',
        certPath,
        '-days',
        '2',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost',
      ],
      { stdio: 'pipe' },
    );
  } catch (error) {
    throw new Error(
      `This test makes a certificate with openssl, which failed or is missing (apt-get install openssl): ${String(error)}`,
    );
  }
  return { keyPath, certPath, key: readFileSync(keyPath), cert: readFileSync(certPath) };
}
