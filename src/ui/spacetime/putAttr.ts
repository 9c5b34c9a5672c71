/*
 * `selection.put(name, value)` and `selection.putText(value)`: d3's attr and text, but an
 * element's attribute or text is written only when it differs from what is there. The live
 * diagram redraws its SVG every frame, mostly with the values it already has; Chromium treats
 * every setAttribute on an SVG element as a change (the element's layout and paint are
 * invalidated even when the value is the same), and d3's text() replaces the text node, so
 * the figure's lanes, labels and minimap were laid out again each frame. Measured in the
 * benchmark (docs/benchmarks.md, the space-time diagram).
 */
import { selection, type ValueFn } from "d3";

type Attr = null | string | number | boolean;

declare module "d3-selection" {
  // an augmentation repeats the interface's type parameters exactly, used or not
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface Selection<GElement extends BaseType, Datum, PElement extends BaseType, PDatum> {
    /** attr(name, value), writing an element's attribute only when its value changes */
    put(name: string, value: Attr | ValueFn<GElement, Datum, Attr>): this;
    /** text(value), writing an element's text only when it changes */
    putText(value: Attr | ValueFn<GElement, Datum, Attr>): this;
  }
}

/** The attribute's new text (null: remove it), as d3's attr() would write it. */
function asText(v: Attr): string | null {
  return v === null ? null : String(v);
}

type AnySelection = ReturnType<typeof selection>;

const proto = selection.prototype as AnySelection & { put?: unknown; putText?: unknown };

proto.put = function put(this: AnySelection, name: string, value: Attr | ValueFn<Element, unknown, Attr>) {
  return this.each(function each(this: Element, d: unknown, i: number, nodes: Parameters<ValueFn<Element, unknown, Attr>>[2]) {
    const v = asText(typeof value === "function" ? value.call(this, d, i, nodes) : value);
    if (this.getAttribute(name) === v) return;
    if (v === null) this.removeAttribute(name);
    else this.setAttribute(name, v);
  });
};

proto.putText = function putText(this: AnySelection, value: Attr | ValueFn<Element, unknown, Attr>) {
  return this.each(function each(this: Element, d: unknown, i: number, nodes: Parameters<ValueFn<Element, unknown, Attr>>[2]) {
    const v = typeof value === "function" ? value.call(this, d, i, nodes) : value;
    const text = v === null ? "" : String(v);
    if (this.textContent !== text) this.textContent = text;
  });
};
