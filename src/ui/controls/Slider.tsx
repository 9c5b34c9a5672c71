/*
 * A labelled range input with its value shown beside the label. While a pointer drags it the
 * value is only drawn; the command goes out when the drag ends, so the replay log holds one
 * "set" per gesture instead of one per pixel. Keyboard changes go out at once.
 */
import { useId, useRef, type ReactNode } from "react";
import { useDraft } from "./hooks";

interface SliderProps {
  /** visible label, e.g. "Network delay" */
  label: string;
  /** the rest of the accessible name, e.g. " s1 (ms)": the card already says which node */
  labelTail: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit: string;
  onCommit: (value: number) => void;
  /** an InfoTip beside the label */
  info?: ReactNode;
}

export function Slider({ label, labelTail, value, min, max, step, unit, onCommit, info }: SliderProps) {
  const id = useId();
  const [draft, setDraft] = useDraft(value);
  const dragging = useRef(false);
  const top = Math.max(max, value);

  const commit = (next: number) => {
    if (next !== value) onCommit(next);
  };

  return (
    <div className="slider">
      <span className="slider-label">
        <label htmlFor={id}>{label}<span className="sr-only">{labelTail}</span></label>
        {info}
      </span>
      <output htmlFor={id} aria-hidden="true">{formatValue(draft)} {unit}</output>
      <input
        id={id}
        type="range"
        min={min}
        max={top}
        step={step}
        value={draft}
        aria-valuetext={`${formatValue(draft)} ${unit}`}
        onPointerDown={() => { dragging.current = true; }}
        onPointerUp={(e) => { dragging.current = false; commit(Number(e.currentTarget.value)); }}
        onPointerCancel={() => { dragging.current = false; }}
        onChange={(e) => {
          const next = Number(e.currentTarget.value);
          setDraft(next);
          if (!dragging.current) commit(next);
        }}
      />
    </div>
  );
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
