// Reads an answer's body as text, but never more than a limit: a page of 150 users is a few
// KB, and an answer of hundreds of MB (a broken server, a proxy's endless page) must not take
// the computer's memory with it. `response.text()` (and ky's `.json()`, which uses it) reads
// the whole body first, whatever its size; this reads the stream chunk by chunk, counting,
// and cancels it the moment the count passes the limit, so at most about the limit is ever
// held. A Content-Length above the limit is refused before reading anything.
//
// Works on any fetch's Response: Node's, undici's (the CLI's proxy) and Electron's net.fetch.

/** The answer was larger than the client reads; it was abandoned (not read to its end). */
export class AnswerTooLargeError extends Error {
  override name = 'AnswerTooLargeError';
  constructor(
    readonly limitBytes: number,
    /** What Content-Length declared, when it did. */
    readonly declaredBytes: number | null,
    /** How much had arrived when reading stopped. */
    readonly readBytes: number,
  ) {
    super(
      declaredBytes !== null
        ? `The answer declared ${declaredBytes} bytes, over the limit of ${limitBytes}; nothing was read`
        : `The answer passed the limit of ${limitBytes} bytes; reading stopped after ${readBytes}`,
    );
  }
}

const declaredLength = (response: Response): number | null => {
  const value = response.headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Number(value.trim());
};

/**
 * The body of `response` as UTF-8 text (a BOM dropped, as `text()` does), or a rejection:
 * `AnswerTooLargeError` past `limitBytes`, the stream's own error when it breaks, or the
 * abort reason when `signal` aborts. Either way the body is cancelled, so the connection is
 * let go at once.
 */
export async function readBoundedText(
  response: Response,
  limitBytes: number,
  signal?: AbortSignal | null,
): Promise<string> {
  const body = response.body;
  const declared = declaredLength(response);
  if (declared !== null && declared > limitBytes) {
    await body?.cancel().catch(() => {});
    throw new AnswerTooLargeError(limitBytes, declared, 0);
  }
  if (!body) return '';
  const reader = body.getReader();
  // Some fetches (net.fetch) may not stop a body that is being read when the request's
  // signal aborts: cancel it here too, so a stalled body ends when the call gives up.
  const onAbort = () => {
    reader.cancel(signal?.reason).catch(() => {});
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const decoder = new TextDecoder('utf-8');
  const parts: string[] = [];
  let read = 0;
  try {
    if (signal?.aborted) throw signal.reason;
    for (;;) {
      const { done, value } = await reader.read();
      if (signal?.aborted) throw signal.reason;
      if (done) break;
      read += value.byteLength;
      if (read > limitBytes) {
        await reader.cancel().catch(() => {});
        throw new AnswerTooLargeError(limitBytes, null, read);
      }
      parts.push(decoder.decode(value, { stream: true }));
    }
    parts.push(decoder.decode());
    return parts.join('');
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    reader.releaseLock();
  }
}
