import { useEffect, useId, useRef, useState, type FocusEvent } from "react";

/**
 * The field a keyboard-wedge barcode scanner types into: the scanner types the code and Enter. It keeps the
 * focus (taking it back from a tapped button), and a scan that starts while no text field is focused is
 * sent to it, so a scan works anywhere on the screen. The on-screen keyboard stays closed unless asked for
 * (the keyboard button), as a touch terminal's scanner is its keyboard.
 */
export interface ScanInputProps {
  /** what to scan, shown above the field */
  label: string;
  onScan(code: string): void;
  /** the label of the button that opens the on-screen keyboard */
  keyboardLabel: string;
  /** a command is on its way: the flow decides what a scan meanwhile means */
  busy?: boolean;
}

/** a field the user is typing into: keystrokes stay there */
const typedInto = (el: Element | null) =>
  el instanceof HTMLElement && (el.isContentEditable || (el.matches("input, textarea") && !(el as HTMLInputElement).readOnly));
/** a control that keeps the focus it was given (a select being chosen from), though a scan typed there comes here */
const keepsFocus = (el: Element | null) => typedInto(el) || (el instanceof HTMLElement && el.matches("select"));

export function ScanInput({ label, onScan, keyboardLabel, busy = false }: ScanInputProps) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [typing, setTyping] = useState(false);

  useEffect(() => {
    input.current?.focus();
    const onKey = (e: KeyboardEvent) => {
      const field = input.current;
      if (!field || document.activeElement === field || typedInto(document.activeElement)) return;
      if (e.key.length !== 1 || e.ctrlKey || e.metaKey || e.altKey) return;
      e.preventDefault();
      field.focus();
      field.value += e.key;
    };
    document.addEventListener("keydown", onKey, true);
    return () => document.removeEventListener("keydown", onKey, true);
  }, []);

  const refocus = (e: FocusEvent) => {
    if (keepsFocus(e.relatedTarget)) return;
    setTimeout(() => {
      if (!keepsFocus(document.activeElement)) input.current?.focus();
    }, 0);
  };

  return (
    <div className="scan-input">
      <label htmlFor={id} className="scan-input__label">{label}</label>
      <div className="scan-input__row">
        <input
          id={id}
          ref={input}
          className="scan-input__field"
          inputMode={typing ? "text" : "none"}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="go"
          aria-busy={busy}
          onBlur={refocus}
          onKeyDown={(e) => {
            if (e.key !== "Enter") return;
            e.preventDefault();
            const code = e.currentTarget.value.trim();
            e.currentTarget.value = "";
            if (code) onScan(code);
          }}
        />
        <button
          type="button"
          className="scan-input__keyboard"
          aria-pressed={typing}
          aria-label={keyboardLabel}
          title={keyboardLabel}
          onClick={() => {
            setTyping((t) => !t);
            input.current?.focus();
          }}
        >
          ⌨
        </button>
      </div>
    </div>
  );
}
