/*
 * The sweep worker as one plain JavaScript file, so each worker thread starts in a fraction of a
 * second. Started through tsx instead (workerBoot.mjs), every thread compiled the engine's
 * TypeScript module by module on its own: about a second each on this machine, longer than the
 * 40 runs of the benchmark sweep, and two threads compiling at once took longer than one, which is
 * why two workers were slower than one (docs/benchmarks.md, "The sweep on worker threads").
 *
 * The bundle is built once by esbuild (which tsx runs on anyway) and kept in
 * node_modules/.cache/replab-sweep/ with the size and mtime of every source file it was built
 * from; it is rebuilt when any of them changes. Written to a temporary name and renamed, so two
 * sweeps starting at once never load half a file. If esbuild cannot be loaded, the caller falls
 * back to the tsx boot (slower, same results).
 */
import { mkdir, readFile, rename, stat, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

const ROOT = new URL("../../", import.meta.url);
const ENTRY = new URL("./worker.ts", import.meta.url);
const CACHE = new URL("node_modules/.cache/replab-sweep/", ROOT);
const BUNDLE = new URL("worker.mjs", CACHE);
const STAMP = new URL("worker.inputs.json", CACHE);

type Stamp = Record<string, string>;

async function stampOf(paths: readonly string[]): Promise<Stamp> {
  const stamp: Stamp = {};
  for (const p of paths) {
    const s = await stat(new URL(p, ROOT));
    stamp[p] = `${s.size}:${s.mtimeMs}`;
  }
  return stamp;
}

async function cachedBundle(): Promise<URL | null> {
  try {
    const saved = JSON.parse(await readFile(STAMP, "utf8")) as Stamp;
    const now = await stampOf(Object.keys(saved));
    const same = Object.keys(saved).length > 0 && Object.entries(saved).every(([p, v]) => now[p] === v);
    return same ? (await stat(BUNDLE), BUNDLE) : null;
  } catch {
    return null; // no cache yet, or a source file gone: build
  }
}

/** The URL of the bundled worker (built now if the sources changed), or null to use the tsx boot. */
export async function sweepWorkerFile(): Promise<URL | null> {
  const cached = await cachedBundle();
  if (cached !== null) return cached;
  const esbuild = await import("esbuild").catch(() => null);
  if (esbuild === null) return null;
  const root = fileURLToPath(ROOT);
  const started = Date.now();
  const result = await esbuild.build({
    entryPoints: [fileURLToPath(ENTRY)], absWorkingDir: root, bundle: true, platform: "node", format: "esm",
    target: "node20", write: false, metafile: true, logLevel: "silent",
  });
  const code = result.outputFiles[0]!.text;
  // the inputs are relative to absWorkingDir; packages in node_modules change only with npm ci, which a stamp of the lock file covers
  const inputs = [...Object.keys(result.metafile.inputs).filter((p) => !p.startsWith("node_modules/")), "package-lock.json"];
  const stamp = await stampOf(inputs);
  // a file saved while esbuild read it may not be in the bundle: use this bundle, keep no stamp
  const settled = Object.values(stamp).every((v) => Number(v.split(":")[1]) < started);
  await mkdir(CACHE, { recursive: true });
  const tmp = `.${process.pid}.${Date.now()}`;
  await writeFile(new URL(`worker.mjs${tmp}`, CACHE), code);
  await rename(new URL(`worker.mjs${tmp}`, CACHE), BUNDLE);
  if (settled) {
    await writeFile(new URL(`worker.inputs.json${tmp}`, CACHE), JSON.stringify(stamp));
    await rename(new URL(`worker.inputs.json${tmp}`, CACHE), STAMP);
  }
  return BUNDLE;
}
