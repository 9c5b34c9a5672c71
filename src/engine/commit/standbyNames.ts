/*
 * synchronous_standby_names, parsed as PostgreSQL parses it (src/backend/replication/
 * syncrep_gram.y and syncrep_scanner.l):
 *   ''                      no synchronous standbys
 *   a, b                    FIRST 1 (a, b)
 *   2 (a, b, c)             FIRST 2 (...)   (the pre-9.6 form, still accepted)
 *   FIRST n (a, b, ...)     priority: the n highest-priority connected standbys are sync
 *   ANY n (a, b, ...)       quorum: any n of the listed standbys
 * Names are identifiers, digits, "double quoted" (with "" for a quote) or * (any standby).
 * Keywords are case-insensitive; names match application_name case-insensitively, as
 * SyncRepGetStandbyPriority does with pg_strcasecmp.
 */
export interface StandbyNames {
  method: "first" | "any";
  num: number;
  names: string[];
}

type Token = { t: "name" | "num" | "(" | ")" | ","; v: string };

export function parseStandbyNames(text: string): { ok: true; value: StandbyNames | null } | { ok: false; error: string } {
  const lexed = lex(text);
  if (typeof lexed === "string") return { ok: false, error: lexed };
  if (lexed.length === 0) return { ok: true, value: null };
  const parsed = parseTokens(lexed);
  if (typeof parsed === "string") return { ok: false, error: parsed };
  // PostgreSQL reads the number into a C int (create_syncrep_config's atoi, syncrep_gram.y):
  // beyond its range the value is meaningless, so it is refused here.
  if (parsed.num > 2_147_483_647) {
    return { ok: false, error: `number of synchronous standbys (${tokensNum(text)}) is out of range for an integer` };
  }
  if (parsed.num <= 0) {
    return { ok: false, error: `number of synchronous standbys (${parsed.num}) must be greater than zero` };
  }
  return { ok: true, value: parsed };
}

function lex(text: string): Token[] | string {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")" || c === ",") { tokens.push({ t: c, v: c }); i++; continue; }
    if (c === "*") { tokens.push({ t: "name", v: "*" }); i++; continue; }
    if (c === '"') {
      let v = "";
      i++;
      for (;;) {
        if (i >= text.length) return "unterminated quoted identifier";
        if (text[i] === '"') {
          if (text[i + 1] === '"') { v += '"'; i += 2; continue; }
          i++;
          break;
        }
        v += text[i++];
      }
      if (v === "") return "zero-length delimited identifier";
      tokens.push({ t: "name", v });
      continue;
    }
    const num = /^[0-9]+/.exec(text.slice(i));
    if (num) { tokens.push({ t: "num", v: num[0] }); i += num[0].length; continue; }
    const ident = /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/.exec(text.slice(i));
    if (ident) { tokens.push({ t: "name", v: ident[0] }); i += ident[0].length; continue; }
    return `syntax error at or near "${c}"`;
  }
  return tokens;
}

function parseTokens(tokens: Token[]): StandbyNames | string {
  const first = tokens[0]!;
  const kw = first.t === "name" ? first.v.toUpperCase() : "";
  // "FIRST" or "ANY" only act as keywords when a number follows; otherwise they are names.
  if ((kw === "FIRST" || kw === "ANY") && tokens[1]?.t === "num") {
    const list = parseList(tokens, 2);
    return typeof list === "string" ? list : { method: kw === "ANY" ? "any" : "first", num: Number(tokens[1]!.v), names: list };
  }
  if (first.t === "num" && tokens[1]?.t === "(") {
    const list = parseList(tokens, 1);
    return typeof list === "string" ? list : { method: "first", num: Number(first.v), names: list };
  }
  const names = parseNames(tokens, 0, tokens.length);
  return typeof names === "string" ? names : { method: "first", num: 1, names };
}

function parseList(tokens: Token[], open: number): string[] | string {
  if (tokens[open]?.t !== "(") return `syntax error: expected "(" after the number of standbys`;
  const last = tokens.length - 1;
  if (tokens[last]!.t !== ")") return `syntax error: expected ")" at the end`;
  return parseNames(tokens, open + 1, last);
}

function parseNames(tokens: Token[], from: number, to: number): string[] | string {
  const names: string[] = [];
  for (let i = from; i < to; i += 2) {
    const tok = tokens[i]!;
    if (tok.t !== "name" && tok.t !== "num") return `syntax error at or near "${tok.v}": expected a standby name`;
    names.push(tok.v);
    const sep = tokens[i + 1];
    if (i + 1 < to && sep?.t !== ",") return `syntax error at or near "${sep?.v ?? ""}": expected ","`;
    if (i + 1 === to - 1) return "syntax error at end of input: a name must follow ','";
  }
  if (names.length === 0) return "syntax error: empty standby list";
  return names;
}

/** Priority of a standby: its 1-based place in the list (1 for every match under ANY), 0 = not listed. */
export function standbyPriority(config: StandbyNames | null, applicationName: string): number {
  if (!config) return 0;
  const lower = applicationName.toLowerCase();
  for (let i = 0; i < config.names.length; i++) {
    const n = config.names[i]!;
    if (n === "*" || n.toLowerCase() === lower) return config.method === "first" ? i + 1 : 1;
  }
  return 0;
}

export function formatStandbyNames(config: StandbyNames | null): string {
  if (!config) return "''";
  return `${config.method === "first" ? "FIRST" : "ANY"} ${config.num} (${config.names.join(", ")})`;
}

/** The number as written (Number() of 20 digits rounds it). */
function tokensNum(text: string): string {
  return /[0-9]+/.exec(text)?.[0] ?? "?";
}
