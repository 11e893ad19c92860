// antd's locale objects: English is kept here once the English chunk has arrived; Chinese is
// imported by antd/AntdScope.tsx, so neither is in the first download (antd is not either).
import type { ConfigProviderProps } from 'antd';

export type AntLocale = NonNullable<ConfigProviderProps['locale']>;

/** antd's locale files are CommonJS: depending on the bundler's interop the default import is
 * the locale itself or the module object holding it under `default`. */
export function antLocale(mod: unknown): AntLocale {
  const m = mod as { default?: AntLocale } & Partial<AntLocale>;
  return (typeof m.locale === 'string' ? m : m.default) as AntLocale;
}

let enUS: AntLocale | null = null;

export function setEnglishAntLocale(locale: AntLocale): void {
  enUS = locale;
}

/** antd's English locale, or null until the English chunk is here. */
export function englishAntLocale(): AntLocale | null {
  return enUS;
}
