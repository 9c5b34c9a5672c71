/*
 * What the site sends with every response, from one place: the dev and preview servers
 * (vite.config.ts), the `_headers` file a static host reads (Netlify, Cloudflare Pages), and the
 * meta CSP in the built index.html for hosts that send no headers at all.
 *
 * The page runs no code but its own bundle: no inline script, no eval or `new Function` (zod's
 * code generation is off, src/zodConfig.ts), no third-party origin. Styles come from the
 * bundle's stylesheet; React and d3 set element styles through the CSSOM, which CSP allows.
 */

/** The policy for the built site. frame-ancestors forbids framing (clickjacking). */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'none'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
];

export const CSP = CSP_DIRECTIVES.join("; ");

/**
 * The same policy for a <meta> element: browsers ignore frame-ancestors there (CSP 3, §6.1.2 and
 * the HTML spec's meta http-equiv), so framing is refused by the headers only.
 */
export const META_CSP = CSP_DIRECTIVES.filter((d) => !d.startsWith("frame-ancestors")).join("; ");

/**
 * Vite's dev server injects the React Refresh preamble as an inline script and CSS as <style>
 * elements, and talks to the page over a WebSocket: only `npm run dev` allows those.
 */
export const DEV_CSP = CSP_DIRECTIVES.map((d) => {
  if (d.startsWith("script-src")) return "script-src 'self' 'unsafe-inline'";
  if (d.startsWith("style-src")) return "style-src 'self' 'unsafe-inline'";
  if (d.startsWith("connect-src")) return "connect-src 'self' ws: wss:";
  return d;
}).join("; ");

/** Cross-origin isolation gives the page a fine-grained performance.now() (else coarsened to
 *  100 µs), which the frame-time benchmark and the worker's pacing rely on. */
const ISOLATION = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
};

const COMMON = {
  ...ISOLATION,
  "X-Content-Type-Options": "nosniff",
  // For browsers without CSP frame-ancestors; same meaning.
  "X-Frame-Options": "DENY",
  "Referrer-Policy": "no-referrer",
};

export const SITE_HEADERS: Readonly<Record<string, string>> = { ...COMMON, "Content-Security-Policy": CSP };
export const DEV_HEADERS: Readonly<Record<string, string>> = { ...COMMON, "Content-Security-Policy": DEV_CSP };

/** The `_headers` file of Netlify and Cloudflare Pages: every path gets SITE_HEADERS. */
export function headersFile(): string {
  return ["/*", ...Object.entries(SITE_HEADERS).map(([name, value]) => `  ${name}: ${value}`)].join("\n") + "\n";
}
