/**
 * A native select used as a menu of one-shot actions ("Assign to…", "Transfer to…", "Force
 * state…"): choosing an option runs it and the select shows its prompt again, so the same choice
 * can be made twice and the control never pretends to hold a value. Native on purpose: keyboard,
 * screen readers and phones handle it without our help.
 */
export interface ActionOption {
  value: string;
  label: string;
}

export interface ActionGroup {
  label: string;
  options: ActionOption[];
}

export function ActionSelect({
  prompt,
  label,
  items,
  disabled,
  onPick,
  class: cls,
}: {
  /** The first, empty option (what the control offers). */
  prompt: string;
  /** The accessible name (which row it acts on). */
  label: string;
  items: (ActionOption | ActionGroup)[];
  disabled?: boolean;
  onPick: (value: string) => void;
  class?: string;
}) {
  return (
    <select
      class={`action-select${cls ? ` ${cls}` : ''}`}
      aria-label={label}
      value=""
      disabled={disabled}
      onChange={(e) => {
        const select = e.currentTarget;
        const value = select.value;
        select.value = '';
        if (value) onPick(value);
      }}
    >
      <option value="">{prompt}</option>
      {items.map((item) =>
        'options' in item ? (
          item.options.length > 0 && (
            <optgroup key={item.label} label={item.label}>
              {item.options.map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </optgroup>
          )
        ) : (
          <option key={item.value} value={item.value}>
            {item.label}
          </option>
        ),
      )}
    </select>
  );
}
