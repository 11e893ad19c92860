// Display formatting shared by pages: times in Asia/Shanghai, language-picked text.
import { useTranslation } from 'react-i18next';

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000; // UTC+8 all year, no DST since 1991

const pad = (n: number) => String(n).padStart(2, '0');

/** ISO instant → "YYYY-MM-DD HH:mm:ss" in Asia/Shanghai, whatever the browser's zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return iso;
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  );
}

export interface Bilingual {
  zh: string;
  en: string;
}

/** Picks the zh or en text for the current language. */
export function useLocalized() {
  const { i18n } = useTranslation();
  const en = i18n.language === 'en';
  return {
    en,
    label: (l: Bilingual) => (en ? l.en : l.zh),
    pick: (zh: string, english: string | null | undefined) => (en && english ? english : zh),
  };
}

/** The parts of an instant in Asia/Shanghai: for dates and times shown on their own. */
export function shanghaiParts(iso: string): {
  year: number;
  month: number;
  day: number;
  time: string;
} | null {
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return null;
  const d = new Date(t + SHANGHAI_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  };
}
