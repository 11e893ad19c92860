// Weekly service hours as short lines: 周一至周五 09:00-18:00 style, one line per distinct span.
import type { TFunction } from 'i18next';
import type { ContactView } from '../../contracts/index.js';

type Week = ContactView['chatHours'];

export function hoursLines(week: Week, t: TFunction): string[] {
  const names = t('support.weekdays', { returnObjects: true }) as string[];
  const lines: string[] = [];
  let start = 0;
  for (let i = 1; i <= week.length; i++) {
    const a = week[start];
    const b = week[i];
    const same =
      i < week.length && (a === b || (a && b && a.open === b.open && a.close === b.close));
    if (same) continue;
    const days = start === i - 1 ? names[start] : `${names[start]}–${names[i - 1]}`;
    lines.push(`${days ?? ''} ${a ? `${a.open}–${a.close}` : t('support.closedDay')}`);
    start = i;
  }
  return lines;
}
