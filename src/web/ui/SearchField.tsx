// A search box as a plain form: Enter or the button searches. Used in the shop header and on
// 我的订单, both in a shopper's first download, where antd's Input would bring its whole form
// library along. Looks like the antd inputs around it (styles.css, .btp-search).
import { useEffect, useState, type CSSProperties } from 'react';
import { SearchIcon } from '../lite/icons.js';

export function SearchField({
  label,
  placeholder,
  value,
  onSearch,
  buttonText,
  maxLength = 60,
  style,
}: {
  /** The accessible name of the box (and of its form). */
  label: string;
  placeholder?: string;
  /** The search in force (from the URL); the box shows it until the visitor types. */
  value: string;
  onSearch: (text: string) => void;
  /** A text button ("搜索"); without it, an icon button named by `label`. */
  buttonText?: string;
  maxLength?: number;
  style?: CSSProperties;
}) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  return (
    <form
      role="search"
      aria-label={label}
      className="btp-search"
      style={style}
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <input
        type="search"
        aria-label={label}
        placeholder={placeholder}
        value={text}
        maxLength={maxLength}
        enterKeyHint="search"
        onChange={(e) => setText(e.target.value)}
      />
      <button type="submit" aria-label={buttonText ? undefined : label}>
        {buttonText ?? <SearchIcon style={{ fontSize: 16 }} />}
      </button>
    </form>
  );
}
