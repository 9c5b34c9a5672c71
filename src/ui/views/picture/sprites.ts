/*
 * Each look of a labelled message (a WAL record labelled "x=3", an ACK labelled "flush") is drawn
 * once into a small canvas, its text measured once, and then stamped with drawImage wherever it
 * travels. Only for the few tokens that carry words (tokens.ts LABEL_LIMIT): a crowded picture
 * draws plain shapes by kind instead, since copying canvases is slow on a software canvas.
 */
import type { Palette } from "../palette";
import type { TokenStyle } from "../messages";

export interface Sprite {
  image: HTMLCanvasElement;
  /** size in CSS pixels */
  width: number;
  height: number;
  /** what it shows: for the test hook (window.__labViews.tokens()) */
  style: TokenStyle;
  label: string;
}

export interface TokenLook {
  fill: (p: Palette) => string;
  text: (p: Palette) => string;
  /** a WAL record is a block of log (square corners); a reply is a pill; a keepalive is hollow */
  shape: "block" | "pill" | "hollow";
}

/** Shapes and words as well as colours, so the kinds stay apart in greyscale and for colour-blind eyes. */
export const TOKEN_LOOKS: Record<TokenStyle, TokenLook> = {
  wal: { fill: (p) => p.wal, text: (p) => p.panel, shape: "block" },
  "ack-write": { fill: (p) => p.write, text: (p) => p.panel, shape: "pill" },
  "ack-flush": { fill: (p) => p.flush, text: (p) => p.panel, shape: "pill" },
  "ack-apply": { fill: (p) => p.replay, text: (p) => p.panel, shape: "pill" },
  "ack-status": { fill: (p) => p.muted, text: (p) => p.panel, shape: "pill" },
  keepalive: { fill: (p) => p.muted, text: (p) => p.muted, shape: "hollow" },
};

const MAX_SPRITES = 400;

export class SpriteCache {
  private readonly sprites = new Map<string, Sprite>();

  constructor(private palette: Palette, private fontPx: number, private dpr: number) {}

  /** A new theme, text size or screen: every sprite is drawn again when next used. */
  reset(palette: Palette, fontPx: number, dpr: number): void {
    this.palette = palette;
    this.fontPx = fontPx;
    this.dpr = dpr;
    this.sprites.clear();
  }

  /** The token for one kind and label, drawn on first use. */
  get(style: TokenStyle, label: string): Sprite {
    const key = `${style}\u0000${label}`;
    let s = this.sprites.get(key);
    if (!s) {
      if (this.sprites.size >= MAX_SPRITES) this.sprites.clear();
      s = { ...drawSprite(TOKEN_LOOKS[style], label, this.palette, this.fontPx, this.dpr), style, label };
      this.sprites.set(key, s);
    }
    return s;
  }
}

type Drawn = Omit<Sprite, "style" | "label">;

function drawSprite(look: TokenLook, label: string, p: Palette, fontPx: number, dpr: number): Drawn {
  const font = `600 ${fontPx}px ${p.fontFamily}`;
  const height = Math.round(fontPx * 1.45);
  let width = height;
  const canvas = document.createElement("canvas");
  const measure = canvas.getContext("2d");
  if (measure) {
    measure.font = font;
    width = Math.max(height, Math.ceil(measure.measureText(label).width + fontPx * 0.9));
  }
  canvas.width = Math.ceil(width * dpr);
  canvas.height = Math.ceil(height * dpr);
  const ctx = canvas.getContext("2d");
  if (!ctx) return { image: canvas, width, height };
  ctx.scale(dpr, dpr);
  const r = look.shape === "block" ? 3 : height / 2;
  ctx.beginPath();
  ctx.roundRect(1, 1, width - 2, height - 2, Math.max(0, r - 1));
  if (look.shape === "hollow") {
    ctx.fillStyle = p.panel;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = look.fill(p);
    ctx.stroke();
  } else {
    ctx.fillStyle = look.fill(p);
    ctx.fill();
  }
  ctx.font = font;
  ctx.fillStyle = look.text(p);
  ctx.textAlign = "center";
  ctx.textBaseline = "middle";
  ctx.fillText(label, width / 2, height / 2 + 1);
  return { image: canvas, width, height };
}
