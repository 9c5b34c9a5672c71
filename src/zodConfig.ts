/*
 * zod compiles fast object parsers with `new Function`, and probes for it on first use. The page
 * forbids code from strings (Content-Security-Policy without 'unsafe-eval', src/site/headers.ts),
 * where the probe itself is reported as a violation. The page's and the worker's entry modules
 * import this first, so it runs before any schema is built (zod reads the setting then).
 */
import { z } from "zod";

z.config({ jitless: true });
