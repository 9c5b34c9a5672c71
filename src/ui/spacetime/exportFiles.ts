/*
 * Exports from the page: the diagram as a standalone SVG file or a PNG picture, the history as
 * JSON lines. The SVG is serialised by the browser's XMLSerializer (text nodes escaped: user text
 * stays data); the PNG draws that SVG through a data: URL image (the CSP allows img-src data:) on
 * a canvas. Files are handed over as blob: downloads; nothing runs inline.
 */

const SVG_NS = "http://www.w3.org/2000/svg";

/** The figure as a standalone SVG document (namespace, title, size). */
export function svgFileText(svg: SVGSVGElement, title: string): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute("xmlns", SVG_NS);
  copy.removeAttribute("aria-describedby");
  const t = document.createElementNS(SVG_NS, "title");
  t.textContent = title;
  copy.insertBefore(t, copy.firstChild);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(copy)}\n`;
}

export function download(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The SVG text drawn on a canvas at `scale`, as a PNG blob. */
export function pngOf(svgText: string, width: number, height: number, scale = 2): Promise<Blob> {
  return new Promise((resolve, reject) => {
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement("canvas");
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(height * scale);
      const ctx = canvas.getContext("2d");
      if (!ctx) return reject(new Error("this browser cannot draw on a canvas"));
      ctx.scale(scale, scale);
      ctx.drawImage(img, 0, 0, width, height);
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("the picture could not be encoded as PNG"))), "image/png");
    };
    img.onerror = () => reject(new Error("the diagram could not be drawn as a picture"));
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText)}`;
  });
}
