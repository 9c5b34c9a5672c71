/** What the semantic checks collect: errors reject the file, warnings travel with the scenario. */
export interface FieldError { path: string; message: string }

export interface Findings {
  errors: FieldError[];
  warnings: string[];
}

export function newFindings(): Findings {
  return { errors: [], warnings: [] };
}

export function fail(out: Findings, path: string, message: string): void {
  out.errors.push({ path, message });
}

export function warn(out: Findings, path: string, message: string): void {
  out.warnings.push(path === "" ? message : `${path}: ${message}`);
}
