/*
 * A panel opened and closed by a toggle button in the top bar (Compare, Sweep): one small store
 * of whether it is open, the button (aria-pressed says which), the gate that renders the panel
 * only while open (so a closed one costs nothing and starts afresh), and close() for its own
 * Close button. The panel's contents stay in their rooms (src/ui/compare, src/ui/sweep).
 */
import { createElement, type ComponentType, type ReactElement } from "react";
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export interface TogglePanel {
  /** the top bar's button: its label, its title as a tooltip */
  Button: () => ReactElement;
  /** where the panel goes in the page: nothing while closed */
  Gate: () => ReactElement | null;
  close: () => void;
}

export function togglePanel(label: string, title: string, Panel: ComponentType): TogglePanel {
  const store = createStore<{ open: boolean }>(() => ({ open: false }));
  const Button = () => {
    const open = useStore(store, (s) => s.open);
    return createElement("button", { type: "button", "aria-pressed": open, title, onClick: () => store.setState({ open: !open }) }, label);
  };
  const Gate = () => (useStore(store, (s) => s.open) ? createElement(Panel) : null);
  return { Button, Gate, close: () => store.setState({ open: false }) };
}
