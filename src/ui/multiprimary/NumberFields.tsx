/*
 * A small form of number fields that sets a value the engine owns (a node's clock skew, its
 * auto_increment settings, a link's delay): each field shows the value in force until edited,
 * says what is wrong with a bad entry right under it (never sending it), and submits with Enter
 * or its button. The button is off while nothing changed.
 */
import { useId, useState, type FormEvent } from "react";

export interface NumberFieldSpec {
  label: string;
  /** the value in force */
  value: number;
  min: number;
  max: number;
  integer?: boolean;
  /** words for the error: "a whole number of ms" */
  unit?: string;
}

function problem(f: NumberFieldSpec, text: string): string | null {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v)) return `${f.label}: enter a number`;
  if (f.integer && !Number.isInteger(v)) return `${f.label}: a whole number`;
  if (v < f.min || v > f.max) return `${f.label}: from ${f.min} to ${f.max}${f.unit ? ` ${f.unit}` : ""}`;
  return null;
}

export function NumberFields({ name, fields, submit, onSet, caption }: {
  /** the form's accessible name */
  name: string; fields: readonly NumberFieldSpec[]; submit: string; onSet: (values: number[]) => void;
  /** a line above the fields saying what they set */
  caption?: string;
}) {
  const id = useId();
  const [drafts, setDrafts] = useState<(string | null)[]>(() => fields.map(() => null));
  const texts = fields.map((f, i) => drafts[i] ?? String(f.value));
  const problems = fields.map((f, i) => problem(f, texts[i]!));
  const valid = problems.every((p) => p === null);
  const changed = fields.some((f, i) => Number(texts[i]) !== f.value);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!valid || !changed) return;
    onSet(texts.map(Number));
    setDrafts(fields.map(() => null));
  };
  const errorId = `${id}-error`;
  return (
    <form className="rl-mp__numbers" onSubmit={onSubmit} aria-label={name} noValidate>
      {caption && <p className="muted small rl-mp__numbers-caption">{caption}</p>}
      <div className="row rl-mp__numbers-row">
        {fields.map((f, i) => (
          <label key={f.label} className="field">{f.label}
            <input type="number" inputMode={f.integer ? "numeric" : "decimal"} min={f.min} max={f.max} step={f.integer ? 1 : "any"}
              value={texts[i]} aria-invalid={problems[i] !== null}
              aria-describedby={problems[i] !== null ? errorId : undefined}
              onChange={(e) => { const next = [...drafts]; next[i] = e.target.value; setDrafts(next); }} />
          </label>
        ))}
        <button type="submit" disabled={!valid || !changed}>{submit}</button>
      </div>
      {!valid && <p id={errorId} className="error-text small rl-mp__numbers-error" role="alert">{problems.filter((p) => p !== null).join("; ")}</p>}
    </form>
  );
}
