/*
 * The picture the articles draw: the client and the primary on top, the replicas side by side
 * below, so WAL records fall from the primary to each replica and ACKs climb back. Used while
 * every replica gets a full card (with its tape) on one row; with more replicas the star layout
 * (layout.ts) takes over with compact cards. Pure: a function of the seats and the box size.
 */
import type { CardSize, Point, SlotAssignment, StarLayout } from "../layout";

export interface ClientBox extends Point, CardSize {}

export interface PictureLayout extends StarLayout {
  /** where the client box sits (its centre), null when there is no room beside the primary */
  client: ClientBox | null;
  /** tape cells a full card has room for */
  cells: number;
  /** cards shorter than the text and the tape stacked: the third line sits beside the tape */
  snug?: boolean;
}

export interface TreeSizes {
  /** the root font size: cards are sized in ems of it */
  em: number;
  /** a replica card's height (its text lines and its tape) */
  cardHeight: number;
  /** a tape cell's width */
  cellWidth: number;
  client: CardSize;
  /** the least room between the primary and the replicas, in ems (MIN_WIRE_EM unless given) */
  minWireEm?: number;
}

const PAD = 8;
const GAP = 12;
/** the least room between the primary and the replicas for messages to be seen travelling */
const MIN_WIRE_EM = 3;
const MIN_CARD_EM = 12;
const MAX_CARD_EM = 19;

export function treeLayout(slots: SlotAssignment, width: number, height: number, z: TreeSizes): PictureLayout | null {
  const n = slots.ring.length;
  const usable = width - 2 * PAD;
  const slot = n === 0 ? usable : (usable - (n - 1) * GAP) / n;
  const cardW = Math.min(slot, z.em * MAX_CARD_EM);
  if (cardW < z.em * MIN_CARD_EM) return null;
  if (height < 2 * z.cardHeight + 2 * PAD + z.em * (z.minWireEm ?? MIN_WIRE_EM)) return null;
  const card = { width: Math.floor(cardW), height: z.cardHeight };
  const centerCard = { width: Math.floor(Math.min(usable, cardW * 1.1, z.em * MAX_CARD_EM)), height: z.cardHeight };
  const positions = new Map<string, Point>();
  const top = PAD + z.cardHeight / 2;
  if (slots.center !== null) positions.set(slots.center, { x: width / 2, y: top });
  const bottom = height - PAD - z.cardHeight / 2;
  // The row is centred: one or two replicas sit under the primary, not at the far edges.
  const rowW = n * card.width + (n - 1) * GAP;
  const left = (width - rowW) / 2 + card.width / 2;
  slots.ring.forEach((name, i) => positions.set(name, { x: left + i * (card.width + GAP), y: bottom }));
  const cells = Math.max(0, Math.min(6, Math.floor((card.width - z.em * 0.8) / z.cellWidth)));
  return { positions, compact: false, card, centerCard, client: clientBox(width, centerCard, z.client, top), cells };
}

/** Left of the primary, level with it, when it fits there without touching the primary's card. */
function clientBox(width: number, primary: CardSize, client: CardSize, y: number): ClientBox | null {
  const room = width / 2 - primary.width / 2 - GAP - PAD;
  if (room < client.width * 0.75) return null;
  const w = Math.min(client.width, room);
  return { x: PAD + w / 2, y, width: w, height: client.height };
}
