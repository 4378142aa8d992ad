// The page reaches no network at all. Its CSP (`connect-src 'none'`) stops fetch, XHR,
// WebSocket and the like, but not WebRTC: an RTCPeerConnection opens UDP and TCP sockets of
// its own (STUN, TURN, ICE candidates). Two settings close that, and the app's window and the
// e2e harness's Chromium get the same two, from here (no electron import, so both can use it):
//
// 1. The WebRTC IP handling policy `disable_non_proxied_udp`: no UDP at all unless through a
//    proxy that carries UDP. Electron: `webContents.setWebRTCIPHandlingPolicy` (main-window.ts,
//    on every webContents); Chromium: the `--webrtc-ip-handling-policy` switch below (Chrome
//    reads it; Electron does not, it has the API instead).
// 2. A proxy for the page's own session that accepts nothing: port 0 of loopback, where no
//    program can listen, and no exception for loopback destinations. WebRTC's TCP (TURN over
//    TCP, ICE-TCP to a peer) goes through the session's proxy, so it fails there; an HTTP proxy
//    carries no UDP, so policy 1 leaves no UDP either. Electron: a session of the page's own
//    (`PAGE_PARTITION`) gets `setProxy(PAGE_PROXY)`; the harness gives its browser
//    context the same proxy. Main's requests to Palenca go through the default session with the
//    system's proxy settings, untouched: a global `--proxy-server` switch would cut them too.
//
// test/e2e/e2e-page-network.test.ts shows an RTCPeerConnection in the page reaching neither a
// UDP nor a TCP listener; it fails without either setting.

export const WEBRTC_IP_HANDLING_POLICY = 'disable_non_proxied_udp' as const;

/**
 * The page's session, separate from the default one main uses. Kept on disk ("persist:") so
 * Chromium remembers the page's zoom across restarts, as it did in the default session.
 */
export const PAGE_PARTITION = 'persist:palenca-page';

/** Electron's `session.setProxy` config for the page's session (Chromium's own syntax). */
export const PAGE_PROXY = {
  mode: 'fixed_servers',
  proxyRules: 'http://127.0.0.1:0',
  // Loopback is exempt from a proxy by default; "<-loopback>" removes that exemption.
  proxyBypassRules: '<-loopback>',
} as const;

/** The same policy as a Chromium switch, for a Chromium that is not Electron (the harness). */
export const CHROMIUM_PAGE_SWITCHES: readonly string[] = [
  `--webrtc-ip-handling-policy=${WEBRTC_IP_HANDLING_POLICY}`,
];
