import { defineConfig, type Plugin } from "vitest/config";
import react from "@vitejs/plugin-react";
import { DEV_HEADERS, META_CSP, SITE_HEADERS, headersFile } from "./src/site/headers";

/**
 * The built site carries its own protection for static hosts (src/site/headers.ts): a meta CSP
 * in index.html and a `_headers` file. Build only: the dev server's policy must allow Vite's
 * inline preamble, and a meta policy would add to the header's, not relax it.
 */
function siteHeaders(): Plugin {
  return {
    name: "replication-lab-site-headers",
    apply: "build",
    transformIndexHtml: () => [
      { tag: "meta", attrs: { "http-equiv": "Content-Security-Policy", content: META_CSP }, injectTo: "head-prepend" },
    ],
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: headersFile() });
    },
  };
}

export default defineConfig({
  plugins: [react(), siteHeaders()],
  worker: { format: "es" },
  build: {
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own: they change less often than the app (cached across
        // deploys) and keep the app's chunk small. The lesson catalogue and the examples gallery
        // are split off by dynamic import (src/ui/lazy/lazyData.ts).
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "d3", test: /node_modules[\\/]d3-[^\\/]+[\\/]/ },
          ],
        },
      },
    },
  },
  server: { headers: DEV_HEADERS },
  preview: { headers: SITE_HEADERS },
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
  },
});
