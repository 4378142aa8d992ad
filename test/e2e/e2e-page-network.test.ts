// The page reaches no network, WebRTC included: a script in the app page (as an attacker's
// would be) points an RTCPeerConnection at a UDP and a TCP listener on loopback, as STUN and
// TURN servers and as a peer's ICE candidates, and neither listener hears anything. The page
// runs with the app's own limits (security/page-network.ts) through the harness. A control
// runs the same script in a Chromium without those limits and sees both listeners reached, so
// the check is known to be able to fail here.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { chromium } from 'playwright-core';
import { CHROMIUM_PAGE_SWITCHES } from '../../electron/main/security/page-network.ts';
import { attempt, attemptEnded, listen, until } from '../support/webrtc-attempt.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH, openApp } from './harness.ts';

describe("the app page's WebRTC", () => {
  const opened: Array<{ close(): Promise<void> }> = [];
  after(async () => {
    for (const item of opened) await item.close().catch(() => {});
  });

  test('reaches neither a UDP nor a TCP listener on this computer', async () => {
    const listeners = await listen();
    try {
      const app = await openApp({ apiBaseUrl: 'http://127.0.0.1:9/v1' });
      opened.push(app);
      const outcome = await attempt(app.page, listeners, 60_000);
      // The attempt is over (or WebRTC refused outright) before the listeners are judged.
      assert.ok(attemptEnded(outcome), `the attempt never ended: ${JSON.stringify(outcome)}`);
      // Absence can only be shown over a window: a late packet would still count. Generous,
      // since the page gave up long before (the control below is heard within milliseconds).
      const heardSomething = await until(() => {
        const { udp, tcp } = listeners.heard();
        return udp + tcp > 0;
      }, 3000);
      assert.equal(heardSomething, false, `heard ${JSON.stringify(listeners.heard())}`);
      assert.deepEqual(listeners.heard(), { udp: 0, tcp: 0 });
    } finally {
      listeners.close();
    }
  });

  test('control: without those limits the same script reaches both listeners', async () => {
    const listeners = await listen();
    const plain = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS.filter((arg) => !CHROMIUM_PAGE_SWITCHES.includes(arg)),
    });
    opened.push(plain);
    try {
      const page = await (await plain.newContext()).newPage();
      await page.setContent('<p>control</p>');
      void attempt(page, listeners, 60_000).catch(() => {});
      const heardBoth = await until(() => {
        const { udp, tcp } = listeners.heard();
        return udp > 0 && tcp > 0;
      }, 60_000);
      assert.ok(heardBoth, `heard only ${JSON.stringify(listeners.heard())}`);
    } finally {
      await plain.close();
      listeners.close();
    }
  });
});
