// A script's attempt to reach this computer through WebRTC, for the page-network tests (the
// Chromium harness's and the real Electron app's): a UDP and a TCP listener on loopback that
// count what reaches them, and the page-side attempt that points an RTCPeerConnection at them.
import assert from 'node:assert/strict';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type Server } from 'node:net';
import type { Page } from 'playwright-core';

export interface Listeners {
  udpPort: number;
  tcpPort: number;
  heard(): { udp: number; tcp: number };
  close(): void;
}

export async function listen(): Promise<Listeners> {
  let udp = 0;
  let tcp = 0;
  const datagrams: UdpSocket = createSocket('udp4');
  datagrams.on('message', () => udp++);
  await new Promise<void>((resolve) => datagrams.bind(0, '127.0.0.1', resolve));
  const stream: Server = createServer((socket) => {
    tcp++;
    socket.on('error', () => {});
    socket.destroy();
  });
  await new Promise<void>((resolve) => stream.listen(0, '127.0.0.1', resolve));
  const tcpAddress = stream.address();
  assert.ok(tcpAddress && typeof tcpAddress === 'object');
  return {
    udpPort: datagrams.address().port,
    tcpPort: tcpAddress.port,
    heard: () => ({ udp, tcp }),
    close() {
      datagrams.close();
      stream.close();
    },
  };
}

export interface Attempt {
  /** The constructor threw (WebRTC absent): that also reaches nothing. */
  refused?: string;
  gathering?: string;
  ice?: string;
}

/**
 * In the page: one RTCPeerConnection with STUN and TURN (UDP, TCP, TLS) on the listeners, and
 * a made-up answer whose only candidates are the listeners (UDP, and TCP passive). Resolves
 * once the attempt is over (gathering complete and ICE given up: disconnected or failed), or
 * with where it stood after `limitMs`.
 */
export function attempt(
  page: Page,
  { udpPort, tcpPort }: Listeners,
  limitMs: number,
): Promise<Attempt> {
  return page.evaluate(
    async ([u, t, limit]) => {
      let pc: RTCPeerConnection;
      try {
        pc = new RTCPeerConnection({
          iceServers: [
            { urls: `stun:127.0.0.1:${u}` },
            { urls: `turn:127.0.0.1:${u}?transport=udp`, username: 'u', credential: 'p' },
            { urls: `turn:127.0.0.1:${t}?transport=tcp`, username: 'u', credential: 'p' },
            { urls: `turns:127.0.0.1:${t}?transport=tcp`, username: 'u', credential: 'p' },
          ],
        });
      } catch (error) {
        return { refused: String(error) };
      }
      pc.createDataChannel('x');
      const offer = await pc.createOffer();
      await pc.setLocalDescription(offer);
      const fingerprint = /a=fingerprint:[^\r\n]+/.exec(offer.sdp ?? '')?.[0] ?? '';
      const answer = [
        'v=0',
        'o=- 1 2 IN IP4 127.0.0.1',
        's=-',
        't=0 0',
        'a=group:BUNDLE 0',
        'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
        'c=IN IP4 127.0.0.1',
        'a=ice-ufrag:abcd',
        'a=ice-pwd:abcdefghijklmnopqrstuvwx',
        fingerprint,
        'a=setup:active',
        'a=mid:0',
        'a=sctp-port:5000',
        `a=candidate:1 1 udp 2130706431 127.0.0.1 ${u} typ host`,
        `a=candidate:2 1 tcp 2130706431 127.0.0.1 ${t} typ host tcptype passive`,
        '',
      ].join('\r\n');
      await pc.setRemoteDescription({ type: 'answer', sdp: answer });
      const started = Date.now();
      // Inline, not a named helper: tsx would wrap one in a `__name` the page does not have.
      while (
        !(
          pc.iceGatheringState === 'complete' &&
          ['disconnected', 'failed', 'closed'].includes(pc.iceConnectionState)
        ) &&
        Date.now() - started < limit
      ) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const state = { gathering: pc.iceGatheringState, ice: pc.iceConnectionState };
      pc.close();
      return state;
    },
    [udpPort, tcpPort, limitMs] as const,
  );
}

/** Polls `check` until it holds or `limitMs` passes; answers whether it held. */
export async function until(check: () => boolean, limitMs: number): Promise<boolean> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** Whether the attempt is over: refused outright, or gathering done and ICE given up. */
export const attemptEnded = (outcome: Attempt): boolean =>
  Boolean(outcome.refused) ||
  (outcome.gathering === 'complete' &&
    ['disconnected', 'failed', 'closed'].includes(outcome.ice ?? ''));
