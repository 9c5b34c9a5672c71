/*
 * Hooks the controls share. Snapshots arrive up to 60 times a second; a control re-renders only
 * when the small part of the state it shows changes (compared as a JSON key, not by identity).
 */
import { useCallback, useMemo, useState } from "react";
import type { CommandInput } from "../../worker/protocol";
import { useLab, type LabState } from "../store";
import { sendCommand } from "./lab";

/** A derived value that re-renders only when its JSON form changes. Values must be plain data. */
export function useDerived<T>(select: (s: LabState) => T): T {
  const key = useLab((s) => JSON.stringify(select(s) ?? null));
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
