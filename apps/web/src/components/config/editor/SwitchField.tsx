import type { ChangeEvent } from 'react';

/**
 * An on/off choice ("Closed", "Open 24 hours", "Same as phone"): a native checkbox with the switch
 * role, so it needs no script to work with a keyboard or a screen reader; the whole row is the 44 px
 * touch target (UI-A11Y-03).
 */
export function SwitchField(props: {
  id: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  return (
    <label
      htmlFor={props.id}
      className="inline-flex min-h-11 cursor-pointer items-center gap-2 select-none has-disabled:cursor-not-allowed"
    >
      <input
        id={props.id}
        type="checkbox"
        role="switch"
        checked={props.checked}
        disabled={props.disabled}
        onChange={(event: ChangeEvent<HTMLInputElement>) => props.onChange(event.target.checked)}
        className="peer sr-only"
      />
      <span
        aria-hidden="true"
        className="relative inline-block h-6 w-10 shrink-0 rounded-full bg-grey-500 transition-colors peer-checked:bg-brand-700 peer-focus-visible:outline-3 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-brand-500 after:absolute after:top-0.5 after:left-0.5 after:size-5 after:rounded-full after:bg-white after:transition-transform peer-checked:after:translate-x-4"
      />
      <span>{props.label}</span>
    </label>
  );
}
