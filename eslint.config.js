import js from "@eslint/js";
import tseslint from "typescript-eslint";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";

// Layering is enforced here, not hoped for: the engine is pure and deterministic, the UI only
// sees the engine through types (snapshots, commands) and the worker protocol.
const engineForbiddenGlobals = [
  "window", "document", "self", "navigator", "postMessage", "performance", "setTimeout",
  "setInterval", "clearTimeout", "clearInterval", "requestAnimationFrame", "localStorage",
  "fetch", "Worker", "crypto", "process", "console",
].map((name) => ({ name, message: "src/engine is pure: no DOM, worker, timer, process or console globals." }));

export default tseslint.config(
  { ignores: ["dist", "node_modules", "test-results", "playwright-report", "e2e/artifacts"] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-non-null-assertion": "off",
    },
  },
  {
    files: ["src/engine/**/*.ts"],
    languageOptions: { globals: {} },
    rules: {
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/ui/**", "**/worker/**", "**/cli/**", "react", "react-dom", "zustand", "d3", "d3-*", "node:*", "fs", "path"],
            message: "src/engine imports nothing from ui, worker, cli, the DOM or Node." },
        ],
      }],
      "no-restricted-globals": ["error", ...engineForbiddenGlobals],
      "no-restricted-properties": ["error",
        { object: "Date", property: "now", message: "Engine time is virtual: use the simulation clock." },
        { object: "Math", property: "random", message: "The seeded PRNG is the only randomness." },
      ],
      "no-restricted-syntax": ["error",
        { selector: "NewExpression[callee.name='Date']", message: "Engine time is virtual: no wall clock." },
      ],
    },
  },
  {
    files: ["src/ui/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", {
        patterns: [
          { group: ["**/engine/**"], allowTypeImports: true,
            message: "The UI sees the engine only through types and the worker protocol." },
          { group: ["**/cli/**"], message: "The UI does not use the CLI." },
        ],
      }],
    },
  },
  {
    // The lesson runner is shared by the page and the headless player: only the player, the CLI and
    // the file loader may reach the engine's code or Node; the rest sees the engine through types.
    files: ["src/lessons/**/*.ts"],
    ignores: ["src/lessons/headless.ts", "src/lessons/cli.ts", "src/lessons/catalogFiles.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/engine/**"], allowTypeImports: true, message: "Lessons see the engine through types; headless.ts plays them." },
        { group: ["**/ui/**", "**/worker/**", "**/cli/**", "react", "react-dom", "node:*"], message: "The lesson runner is pure." },
      ] }],
    },
  },
  {
    files: ["src/timeline/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/ui/**", "**/cli/**", "react", "react-dom", "zustand", "node:*"],
          message: "The timeline (branches, links) is shared by the worker, the page and the CLI: it imports the engine and the worker's Run, never the UI or the CLI." },
      ] }],
    },
  },
  {
    // The space-time diagram's model (trace deltas, the book, geometry, explanations) is shared by
    // the worker, the page and the tests: pure, it imports engine types and nothing of the UI.
    files: ["src/spacetime/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/engine/**"], allowTypeImports: true, message: "The diagram's model sees the engine through types only." },
        { group: ["**/ui/**", "**/cli/**", "**/worker/**", "react", "react-dom", "zustand", "d3", "d3-*", "node:*"],
          message: "The diagram's model is pure: no UI, worker, CLI, DOM or Node." },
      ] }],
    },
  },
  {
    // Side-by-side runs: driven in the compare worker and the tests; the engine, never the UI.
    files: ["src/compare/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/ui/**", "**/cli/**", "react", "react-dom", "zustand", "d3", "node:*"], message: "Comparisons are pure: no UI, CLI or Node." },
      ] }],
    },
  },
  {
    files: ["src/worker/**/*.ts"],
    rules: {
      "no-restricted-imports": ["error", { patterns: [
        { group: ["**/ui/**", "**/cli/**", "react", "react-dom"], message: "The worker knows the engine and the protocol, not the UI." },
      ] }],
    },
  },
);
