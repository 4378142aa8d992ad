// A command-line command's io for tests: what it prints is kept in `out` and `err`, and it
// asks the server the test started, with that server's key in PALENCA_API_KEY.
import type { CliIO } from '../../electron/cli/cli-io.ts';

export interface CapturedIO extends CliIO {
  out: string;
  err: string;
}

export function capturedIO(
  server: { baseUrl: string; apiKey: string },
  signal?: AbortSignal,
): CapturedIO {
  const io: CapturedIO = {
    out: '',
    err: '',
    stdout: (text) => {
      io.out += text;
    },
    stderr: (text) => {
      io.err += text;
    },
    env: { PALENCA_API_KEY: server.apiKey, PALENCA_API_URL: server.baseUrl },
    ...(signal ? { signal } : {}),
  };
  return io;
}
