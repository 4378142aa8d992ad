// Module loader hooks (registered with `module.register`) that answer every `import 'electron'`
// with the stand-in, so the real package's index.js, which would try to fetch Electron's
// binary, never runs. Anything that still reaches a file of the real package is reported to
// the test through `port` and refused.
let standInUrl;
let port;

export function initialize(data) {
  standInUrl = data.standInUrl;
  port = data.port;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standInUrl, shortCircuit: true };
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (/[\\/]node_modules[\\/]electron[\\/]/.test(decodeURIComponent(url))) {
    port.postMessage(url);
    throw new Error(`the real electron package was loaded: ${url}`);
  }
  return nextLoad(url, context);
}
