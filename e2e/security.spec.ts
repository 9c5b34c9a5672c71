/*
 * The built site as a hostile page or a careless user meets it: the headers it sends (CSP,
 * nosniff, no framing, cross-origin isolation) and no CSP violation while it runs; replicas
 * named like Object.prototype's members drawn in the replay-lag chart without one console error;
 * a scenario nested thousands of levels deep refused on screen while the current run goes on.
 */
import { expect, test, type Page } from "@playwright/test";
import { openScenario, pollSnapshot, snapshot } from "./helpers";

declare global {
  interface Window { __cspViolations?: string[] }
}

/** Collects CSP violations (from the page and its worker's reports) and console errors. */
async function watch(page: Page): Promise<{ errors: string[] }> {
  const errors: string[] = [];
  page.on("console", (msg) => { if (msg.type() === "error") errors.push(msg.text()); });
  page.on("pageerror", (err) => errors.push(err.message));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      window.__cspViolations!.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return { errors };
}

test("the site sends a strict CSP, nosniff and no framing, and keeps cross-origin isolation", async ({ page, request }) => {
  const response = await request.get("/");
  const headers = response.headers();
  const csp = headers["content-security-policy"] ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["cross-origin-opener-policy"]).toBe("same-origin");
  expect(headers["cross-origin-embedder-policy"]).toBe("require-corp");
  // The meta policy for hosts that send no headers: the same, less frame-ancestors (ignored in meta).
  const html = await response.text();
  expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="[^"]*script-src &#39;self&#39;/);
  expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
  // A static host's copy of the headers.
  const file = await request.get("/_headers");
  expect(await file.text()).toContain(`Content-Security-Policy: ${csp}`);

  const { errors } = await watch(page);
  await page.goto("/");
  await expect.poll(() => page.evaluate(() => window.__lab?.snapshot() !== null), { timeout: 15_000 }).toBe(true);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  await page.waitForTimeout(2000);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  expect(errors).toEqual([]);
});

test("replicas named constructor, toString and __proto__ draw the replay-lag chart, with no console error", async ({ page }) => {
  const { errors } = await watch(page);
  const names = ["constructor", "toString", "__proto__"];
  await openScenario(page, { name: "prototype names", cluster: { replicas: names.map((name, i) => ({ name, applyDelayMs: 200 * (i + 1) })) },
    sessions: { __proto__: { routing: "replicas" } } as never,
    workload: { writesPerSec: 50, readsPerSec: 20 } }, "1");
  await pollSnapshot(page, (s) => s.replication.filter((r) => (r.replayLagUs ?? 0) > 0).length).toBe(3);
  await page.waitForTimeout(5000);
  const chart = page.locator(".rl-lag");
  const paths = await chart.locator("path.rl-lag__line").evaluateAll((els) => els.map((e) => e.getAttribute("d") ?? ""));
  expect(paths).toHaveLength(3);
  for (const d of paths) {
    expect(d.length).toBeGreaterThan(10);
    expect(d).not.toContain("NaN");
  }
  expect((await snapshot(page)).replication.map((r) => r.name)).toEqual(names);
  expect(errors).toEqual([]);
  expect(await page.evaluate(() => window.__cspViolations)).toEqual([]);
  await page.screenshot({ path: "e2e/artifacts/prototype-names.png" });
});

test("a scenario nested 2,000 or 10,000 levels deep is refused on screen, and the current run goes on", async ({ page }) => {
  const { errors } = await watch(page);
  await page.goto("/");
  await expect.poll(() => page.evaluate(() => window.__lab?.snapshot() !== null), { timeout: 15_000 }).toBe(true);
  for (const depth of [2000, 10_000]) {
    const deep = `{"cluster":{"replicas":[{"name":"s1"}]},"actions":${"[".repeat(depth)}${"]".repeat(depth)}}`;
    await page.getByLabel("Scenario file").setInputFiles({ name: `deep${depth}.json`, mimeType: "application/json", buffer: Buffer.from(deep) });
    const listed = page.getByTestId("scenario-errors");
    await expect(listed).toBeVisible();
    await expect(listed).toContainText(depth === 2000 ? "nested more than 16 levels deep" : "nested");
    const before = (await snapshot(page)).nowUs;
    await pollSnapshot(page, (s) => s.nowUs > before).toBe(true);
    expect(await page.evaluate(() => window.__lab!.state().status)).toBe("running");
    await page.getByRole("button", { name: "Dismiss" }).click();
  }
  await page.screenshot({ path: "e2e/artifacts/deep-scenario-refused.png" });
  expect(errors).toEqual([]);
});

/**
 * A page on another origin that frames the site: what a clickjacking page would do. The framer is
 * served by Playwright's router at an origin of its own; the site comes from the built preview,
 * as it is or with a header taken out, to see each protection work alone (and, with both taken
 * out, that the check does notice a frame that loads). Returns whether the app loaded in the frame.
 */
async function framedAppLoads(page: Page, baseURL: string, remove: readonly string[]): Promise<boolean> {
  await page.unrouteAll();
  const framer = "http://framer.invalid/";
  await page.route(framer, (route) => route.fulfill({ contentType: "text/html",
    body: `<!doctype html><title>framer</title><iframe src="${baseURL}/" width="800" height="600"></iframe>` }));
  await page.route(`${baseURL}/`, async (route) => {
    const response = await route.fetch();
    const headers = Object.fromEntries(Object.entries(response.headers()).filter(([name]) => !remove.includes(name)));
    await route.fulfill({ response, headers });
  });
  await page.goto(framer);
  const child = () => page.frames().find((f) => f !== page.mainFrame());
  // A refused frame becomes Chromium's error page; an allowed one runs the app (its lab hook appears).
  await expect.poll(() => child()?.url() ?? "", { timeout: 10_000 }).toMatch(/^(chrome-error:|http:)/);
  if (child()!.url().startsWith("chrome-error:")) return false;
  await expect.poll(() => child()!.evaluate(() => document.querySelector("#root")?.childElementCount ?? 0), { timeout: 15_000 })
    .toBeGreaterThan(0);
  return true;
}

test("the site refuses to be framed by another origin: by frame-ancestors, and by X-Frame-Options alone", async ({ page, baseURL }) => {
  expect(await framedAppLoads(page, baseURL!, [])).toBe(false);
  expect(await framedAppLoads(page, baseURL!, ["x-frame-options"])).toBe(false); // CSP frame-ancestors 'none' alone
  expect(await framedAppLoads(page, baseURL!, ["content-security-policy"])).toBe(false); // X-Frame-Options: DENY alone (older browsers)
  // The control: with neither header the same frame loads the app, so the refusals above are real.
  expect(await framedAppLoads(page, baseURL!, ["x-frame-options", "content-security-policy"])).toBe(true);
});
