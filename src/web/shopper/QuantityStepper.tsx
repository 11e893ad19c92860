// A quantity input that commits on +/-, Enter or blur (not on every keystroke).
import { InputNumber } from 'antd';
import { useEffect, useState } from 'react';

export function QuantityStepper({
  value,
  max,
  onCommit,
  label,
  disabled,
}: {
  value: number;
  max: number;
  onCommit: (n: number) => void;
  label: string;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState<number | null>(value);
  useEffect(() => setDraft(value), [value]);
  const commit = (n: number | null) => {
    const clamped = Math.max(1, Math.min(max, Math.round(n ?? value)));
    setDraft(clamped);
    if (clamped !== value) onCommit(clamped);
  };
  return (
    <InputNumber
      aria-label={label}
      size="small"
      mode="spinner"
      min={1}
      max={Math.max(1, max)}
      precision={0}
      value={draft}
      disabled={disabled}
      onChange={(v) => setDraft(typeof v === 'number' ? v : null)}
      onStep={(v) => commit(v)}
      onBlur={() => commit(draft)}
      onPressEnter={() => commit(draft)}
      style={{ width: 104 }}
    />
  );
}
