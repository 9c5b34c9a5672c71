/*
 * Hooks the controls share. Snapshots arrive up to 60 times a second; a control re-renders only
 * when the small part of the state it shows changes (compared as a JSON key, not by identity).
 * What a control acts on (a node's state, its settings) follows at once; numbers that move with
 * every snapshot (commits waiting, writes a promotion would lose) at most REFRESH_MS apart.
 */
import { useCallback, useMemo, useState } from "react";
import type { CommandInput } from "../../worker/protocol";
import { useLab, type LabState } from "../store";
import { useThrottledLab } from "../views/hooks";
import { sendCommand } from "./lab";

/** Four updates a second: as fast as a person reads a changing number. */
export const REFRESH_MS = 250;

/** A derived value that re-renders only when its JSON form changes. Values must be plain data. */
export function useDerived<T>(select: (s: LabState) => T): T {
  const key = useLab((s) => JSON.stringify(select(s) ?? null));
  return useMemo(() => JSON.parse(key) as T, [key]);
}

/** useDerived, refreshed at most every `intervalMs` (at once after a quiet spell): for text
 *  that changes with nearly every snapshot. The selector runs only when a refresh is due. */
export function useThrottledDerived<T>(select: (s: LabState) => T, intervalMs = REFRESH_MS): T {
  const key = useThrottledLab((s) => JSON.stringify(select(s) ?? null), intervalMs);
  return useMemo(() => JSON.parse(key) as T, [key]);
}

/** Send commands and get back the message of the last one's rejection (null while fine). */
export function useCommand(): { send: (cmd: CommandInput) => void; error: string | null; clear: () => void } {
  const [lastId, setLastId] = useState<number | null>(null);
  const error = useLab((s) => (lastId === null ? null : (s.failures.find((f) => f.id === lastId)?.message ?? null)));
  const send = useCallback((cmd: CommandInput) => setLastId(sendCommand(cmd)), []);
  const clear = useCallback(() => setLastId(null), []);
  return { send, error, clear };
}

/**
 * An editable copy of a value the engine owns. The draft follows the engine whenever the engine's
 * value changes (the "reset state when a prop changes" pattern, done during render).
 */
export function useDraft<T>(committed: T): [T, (value: T) => void] {
  const [state, setState] = useState({ base: committed, value: committed });
  if (!Object.is(state.base, committed)) {
    setState({ base: committed, value: committed });
    return [committed, (value: T) => setState({ base: committed, value })];
  }
  return [state.value, (value: T) => setState({ base: committed, value })];
}
