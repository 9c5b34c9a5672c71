/*
 * Small React adapters shared by the panels: element size (layout depends on it, so it is
 * React state) and a throttled view of the store for text panels, which a person cannot read
 * at 60 updates a second anyway and which would otherwise re-render every frame.
 */
import { useEffect, useRef, useState, type RefObject } from "react";
import { labStore, type LabState } from "../store";

export interface Size {
  width: number;
  height: number;
}

export function useElementSize<E extends HTMLElement>(): [RefObject<E | null>, Size] {
  const ref = useRef<E>(null);
  const [size, setSize] = useState<Size>({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const r = el.getBoundingClientRect();
      const w = Math.round(r.width);
      const h = Math.round(r.height);
      setSize((s) => (s.width === w && s.height === h ? s : { width: w, height: h }));
    };
    update();
    const ro = new ResizeObserver(update);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, size];
}

/**
 * The selected value, refreshed at most every `intervalMs` (and at once when it goes from
 * nothing to something). `equal` keeps React from re-rendering when nothing visible changed.
 */
export function useThrottledLab<T>(
  select: (s: LabState) => T,
  intervalMs: number,
  equal: (a: T, b: T) => boolean = Object.is,
): T {
  const [value, setValue] = useState<T>(() => select(labStore.getState()));
  const selectRef = useRef(select);
  const equalRef = useRef(equal);
  useEffect(() => {
    selectRef.current = select;
    equalRef.current = equal;
  });
  useEffect(() => {
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const push = () => {
      timer = null;
      last = performance.now();
      const next = selectRef.current(labStore.getState());
      setValue((prev) => (equalRef.current(prev, next) ? prev : next));
    };
    push();
    const unsubscribe = labStore.subscribe(() => {
      if (timer !== null) return;
      const wait = Math.max(0, intervalMs - (performance.now() - last));
      timer = setTimeout(push, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    };
  }, [intervalMs]);
  return value;
}

/** Canvas backing store sized to its CSS box times the device pixel ratio. */
export function fitCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(width * dpr));
  const h = Math.max(1, Math.round(height * dpr));
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d");
  ctx?.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}
